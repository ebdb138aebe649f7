/**
 * Client of the Bettor Sense responsible-gaming API (its-api.md §7): one player's profile, or every profile page
 * by page.
 */
import type { ItsHttpError } from "@its/transport"
import { Chunk, type DateTime, Effect, Option, Stream } from "effect"
import { RgChangedSinceParam } from "../Assumptions.ts"
import { type AccountId, type BookmakerId, PathSafeAccountId, type SubBookmakerId } from "../Ids.ts"
import { type PlayerRiskProfile, RiskProfilesPageSize, type RiskProfilesParams } from "../Rg.ts"
import { type CallFailure, toModelsError, validateRequest } from "./Calls.ts"
import type { ModelsError } from "./ModelsErrors.ts"

export interface RgScope {
  readonly bookmakerId: BookmakerId
  readonly subBookmakerId: SubBookmakerId
}

export interface RgProfiles {
  /** One player's profile; `Option.none()` on 404 (player not found, profile not created or inactive). */
  readonly profile: (
    scope: RgScope,
    accountId: AccountId
  ) => Effect.Effect<Option.Option<PlayerRiskProfile>, ModelsError>
  /** One page (1-based) of the bulk endpoint, optionally only profiles changed since a time. */
  readonly profilesPage: (
    scope: RgScope,
    page: number,
    changedSince?: DateTime.Utc
  ) => Effect.Effect<ReadonlyArray<PlayerRiskProfile>, ModelsError>
  /** Every page until one is shorter than the documented 1,000 (§7.2). */
  readonly profiles: (scope: RgScope, changedSince?: DateTime.Utc) => Stream.Stream<PlayerRiskProfile, ModelsError>
}

export interface RgCalls {
  readonly profile: (
    scope: RgScope,
    accountId: AccountId
  ) => Effect.Effect<PlayerRiskProfile, CallFailure | ItsHttpError>
  readonly profiles: (
    scope: RgScope,
    urlParams: RiskProfilesParams
  ) => Effect.Effect<ReadonlyArray<PlayerRiskProfile>, CallFailure | ItsHttpError>
}

/**
 * The RG error bodies declared for the profile call are the 404 ones (`{ message }` or text): 401/403/429/5xx are
 * claimed by the transport before the definitions see them.
 */
const isNotFound = (error: CallFailure | ItsHttpError) =>
  typeof error === "string" || (typeof error === "object" && !("_tag" in error) && "message" in error)

export const makeRg = (calls: RgCalls): RgProfiles => {
  const api = "rg"

  const profilesPage = Effect.fn("Models.rg.profilesPage")(function* (
    scope: RgScope,
    page: number,
    changedSince?: DateTime.Utc
  ) {
    return yield* Effect.mapError(
      calls.profiles(scope, { page, ...(changedSince === undefined ? {} : { [RgChangedSinceParam]: changedSince }) }),
      toModelsError(api)
    )
  })

  return {
    profile: Effect.fn("Models.rg.profile")(function* (scope: RgScope, accountId: AccountId) {
      yield* validateRequest(api, PathSafeAccountId, accountId)
      return yield* calls.profile(scope, accountId).pipe(
        Effect.map(Option.some),
        Effect.catchIf(isNotFound, () => Effect.succeed(Option.none())),
        Effect.mapError(toModelsError(api))
      )
    }),
    profilesPage,
    profiles: (scope, changedSince) =>
      Stream.paginateChunkEffect(1, (page) =>
        Effect.map(
          profilesPage(scope, page, changedSince),
          (profiles) =>
            [
              Chunk.fromIterable(profiles),
              profiles.length < RiskProfilesPageSize ? Option.none() : Option.some(page + 1)
            ] as const
        )
      ).pipe(Stream.withSpan("Models.rg.profiles"))
  }
}
