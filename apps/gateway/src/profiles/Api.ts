/**
 * `/v1/accounts`, `/v1/events`, `/v1/tournaments`, `/v1/rg`: Player Profiling and Responsible Gaming, with the
 * Schemas of `@its/models` (the filter/sort DSL of `AccountQuery.ts` in the query string).
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import {
  AccountItem,
  BookmakerIdFromString,
  EventItem,
  EventRef,
  FiltersFromString,
  MaxPageLimit,
  Pagination,
  PathSafeAccountId,
  PlayerRiskProfile,
  SortsFromString,
  SubBookmakerIdFromString,
  TournamentItem,
  TournamentRef,
  BookmakerId
} from "@its/models"
import { Schema } from "effect"
import {
  BadGateway,
  BadRequest,
  Forbidden,
  GatewayTimeout,
  NotFound,
  ServiceUnavailable,
  TooManyRequests
} from "../problems/Problem.ts"
import { operationDoc } from "../docs/OperationDoc.ts"
import { Authentication } from "../keys/Security.ts"
import { strict } from "../server/Strict.ts"

const optional = <A, I, R>(schema: Schema.Schema<A, I, R>) => Schema.optionalWith(schema, { exact: true })

export const AccountsParams = Schema.Struct({
  bookmaker: BookmakerIdFromString,
  /** `+`-separated filters, e.g. `lbs:gte:0.9+accountType:eq:C` (see the models README). */
  filter: optional(FiltersFromString),
  /** `+`-separated sorts, e.g. `lbs:desc`. */
  sort: optional(SortsFromString),
  limit: optional(Schema.NumberFromString.pipe(Schema.compose(Schema.Int.pipe(Schema.between(1, MaxPageLimit))))),
  offset: optional(Schema.NumberFromString.pipe(Schema.compose(Schema.NonNegativeInt)))
})

export const AccountsPage = Schema.Struct({
  items: Schema.Array(AccountItem),
  pagination: Schema.optional(Pagination),
  /** The `offset` of the next page, absent on the last page. */
  nextOffset: Schema.optional(Schema.NonNegativeInt)
}).annotations({ identifier: "AccountsPage" })

export const EventsFetchBody = strict(
  Schema.Struct({ bookmaker: BookmakerId, events: Schema.Array(EventRef).pipe(Schema.maxItems(1000)) })
).annotations({ identifier: "EventsFetchBody" })
export const EventsFetchResult = Schema.Struct({ items: Schema.Array(EventItem) })

export const TournamentsFetchBody = strict(
  Schema.Struct({ bookmaker: BookmakerId, tournaments: Schema.Array(TournamentRef).pipe(Schema.maxItems(1000)) })
).annotations({ identifier: "TournamentsFetchBody" })
export const TournamentsFetchResult = Schema.Struct({ items: Schema.Array(TournamentItem) })

export const RgProfilePath = Schema.Struct({
  bookmaker: BookmakerIdFromString,
  subBookmaker: SubBookmakerIdFromString,
  account: PathSafeAccountId
})

const restTimeouts =
  "one ITS REST call, per attempt `ITS_HTTP_TIMEOUT`, retried on 429/503/timeouts up to `ITS_HTTP_RETRIES` times within the retry budget."

export class ProfilesApi extends HttpApiGroup.make("profiles")
  .add(
    HttpApiEndpoint.get("accounts", "/v1/accounts")
      .setUrlParams(AccountsParams)
      .addSuccess(AccountsPage)
      .annotateContext(
        operationDoc({
          summary: "List accounts (player profiling)",
          description:
            "One page of a bookmaker's accounts with their profiling scores, filtered and sorted with the DSL of the models README (`filter=lbs:gte:0.9+accountType:eq:C`, `sort=lbs:desc`). Pass `nextOffset` as `offset` for the next page (absent on the last page); `its accounts list --all` walks them all.",
          scope: "scores:read",
          idempotent: "yes (a read).",
          timeouts: restTimeouts
        })
      )
  )
  .add(
    HttpApiEndpoint.post("events", "/v1/events/fetch")
      .setPayload(EventsFetchBody)
      .addSuccess(EventsFetchResult)
      .annotateContext(
        operationDoc({
          summary: "Fetch events in bulk",
          description:
            "The profiling figures of up to 1000 events (sport events a bookmaker offered) in one call. A POST only because the list is long: it reads, changes nothing.",
          scope: "scores:read",
          idempotent: "yes (a read sent as POST; retried by the gateway like a GET).",
          timeouts: restTimeouts
        })
      )
  )
  .add(
    HttpApiEndpoint.post("tournaments", "/v1/tournaments/fetch")
      .setPayload(TournamentsFetchBody)
      .addSuccess(TournamentsFetchResult)
      .annotateContext(
        operationDoc({
          summary: "Fetch tournaments in bulk",
          description:
            "The profiling figures of up to 1000 tournaments in one call. A POST only because the list is long: it reads, changes nothing.",
          scope: "scores:read",
          idempotent: "yes (a read sent as POST; retried by the gateway like a GET).",
          timeouts: restTimeouts
        })
      )
  )
  .add(
    HttpApiEndpoint.get("rgProfile", "/v1/rg/profile/:bookmaker/:subBookmaker/:account")
      .setPath(RgProfilePath)
      .addSuccess(PlayerRiskProfile)
      .addError(NotFound)
      .annotateContext(
        operationDoc({
          summary: "Responsible-gaming risk profile",
          description: "The responsible-gaming risk profile of one account of a bookmaker and sub-bookmaker.",
          scope: "scores:read",
          idempotent: "yes (a read).",
          timeouts: restTimeouts,
          errors: { 404: "ITS has no risk profile for this account (or the path does not exist)." }
        })
      )
  )
  .addError(BadRequest)
  .addError(Forbidden)
  .addError(TooManyRequests)
  .addError(BadGateway)
  .addError(ServiceUnavailable)
  .addError(GatewayTimeout)
  .middleware(Authentication)
  .annotateContext(
    OpenApi.annotations({
      description: "Player profiling (accounts, events, tournaments) and responsible-gaming risk profiles."
    })
  ) {}
