/**
 * `Models`: typed clients of every model API, driven by the `HttpApi` definitions through `@its/transport`'s
 * `ItsHttp` (base URL and path, bearer token, pacing, retries, timeouts).
 */
import { HttpApi, HttpApiClient } from "@effect/platform"
import { ItsHttp } from "@its/transport"
import { Context, Effect, Layer } from "effect"
import { AccountApi } from "../Account.ts"
import { BotApi, type BotItem, BotScoreSpec } from "../BotScore.ts"
import { CcfApi, type CcfItem, CcfScoreSpec } from "../Ccf.ts"
import { EventApi } from "../Event.ts"
import { LbsApi, type LbsItem, LbsScoreSpec } from "../Lbs.ts"
import { LtdApi } from "../Ltd.ts"
import { MarkerApi, type MarkerItem, MarkerScoreSpec } from "../MarkerScore.ts"
import { RgApi } from "../Rg.ts"
import { SccfApi, type SccfItem, SccfScoreSpec } from "../Sccf.ts"
import { TournamentApi } from "../Tournament.ts"
import { type Accounts, makeAccounts } from "./AccountClient.ts"
import { type Ltd, makeLtd } from "./LtdClient.ts"
import { ModelsConfig } from "./ModelsConfig.ts"
import { type Events, makeEvents, makeTournaments, type Tournaments } from "./ProfilingClient.ts"
import { makeRg, type RgProfiles } from "./RgClient.ts"
import { type CustomerScores, type EntityScores, makeCustomerScores, makeEntityScores } from "./ScoreClient.ts"

export interface ModelsShape {
  readonly lbs: CustomerScores<LbsItem>
  readonly bot: CustomerScores<BotItem>
  readonly marker: CustomerScores<MarkerItem>
  readonly sccf: EntityScores<SccfItem>
  readonly ccf: EntityScores<CcfItem>
  readonly accounts: Accounts
  readonly events: Events
  readonly tournaments: Tournaments
  readonly ltd: Ltd
  readonly rg: RgProfiles
}

// One HttpApi per model, paths relative to its base path: `ItsHttp.client(api)` adds base URL and base path.
const LbsClientApi = HttpApi.make("lbs").add(LbsApi)
const BotClientApi = HttpApi.make("bot").add(BotApi)
const MarkerClientApi = HttpApi.make("marker").add(MarkerApi)
const SccfClientApi = HttpApi.make("sccf").add(SccfApi)
const CcfClientApi = HttpApi.make("ccf").add(CcfApi)
const AccountClientApi = HttpApi.make("account").add(AccountApi)
const EventClientApi = HttpApi.make("event").add(EventApi)
const TournamentClientApi = HttpApi.make("tournament").add(TournamentApi)
const LtdClientApi = HttpApi.make("ltd").add(LtdApi)
const RgClientApi = HttpApi.make("rg").add(RgApi)

const make = Effect.gen(function* () {
  const its = yield* ItsHttp
  const settings = yield* ModelsConfig

  const { lbs } = yield* HttpApiClient.makeWith(LbsClientApi, { httpClient: its.client("lbs") })
  const { bot } = yield* HttpApiClient.makeWith(BotClientApi, { httpClient: its.client("bot") })
  const { marker } = yield* HttpApiClient.makeWith(MarkerClientApi, { httpClient: its.client("marker") })
  const { sccf } = yield* HttpApiClient.makeWith(SccfClientApi, { httpClient: its.client("sccf") })
  const { ccf } = yield* HttpApiClient.makeWith(CcfClientApi, { httpClient: its.client("ccf") })
  const { account } = yield* HttpApiClient.makeWith(AccountClientApi, { httpClient: its.client("account") })
  // The Event and Tournament POSTs only read, so the transport may retry them.
  const { event } = yield* HttpApiClient.makeWith(EventClientApi, {
    httpClient: its.client("event", { idempotent: true })
  })
  const { tournament } = yield* HttpApiClient.makeWith(TournamentClientApi, {
    httpClient: its.client("tournament", { idempotent: true })
  })
  const { ltd } = yield* HttpApiClient.makeWith(LtdClientApi, { httpClient: its.client("ltd") })
  const { rg } = yield* HttpApiClient.makeWith(RgClientApi, { httpClient: its.client("rg") })

  const { min: sccfMin, max: sccfMax } = settings.sccfRange

  return Models.of({
    lbs: makeCustomerScores(
      {
        api: "lbs",
        score: LbsScoreSpec,
        forAccounts: (path, urlParams) => lbs.scoresForAccounts({ path, urlParams }),
        inRange: (path, urlParams) => lbs.scoresInRange({ path, urlParams })
      },
      settings
    ),
    bot: makeCustomerScores(
      {
        api: "bot",
        score: BotScoreSpec,
        forAccounts: (path, urlParams) => bot.scoresForAccounts({ path, urlParams }),
        inRange: (path, urlParams) => bot.scoresInRange({ path, urlParams })
      },
      settings
    ),
    marker: makeCustomerScores(
      {
        api: "marker",
        score: MarkerScoreSpec,
        forAccounts: (path, urlParams) => marker.scoresForAccounts({ path, urlParams }),
        inRange: (path, urlParams) => marker.scoresInRange({ path, urlParams })
      },
      settings
    ),
    sccf: makeEntityScores(
      {
        api: "sccf",
        score: SccfScoreSpec,
        forAccounts: (path, urlParams) => sccf.scoresForAccounts({ path, urlParams }),
        inRange: (path, urlParams) => sccf.scoresInRange({ path, urlParams }),
        // CONFLICT §4.5: decoding accepts 0–100; the configured range decides.
        check: (item) =>
          item.sCcf.value < sccfMin || item.sCcf.value > sccfMax
            ? `sCcf ${item.sCcf.text} is outside the configured range ${sccfMin}–${sccfMax}`
            : undefined
      },
      settings
    ),
    ccf: makeEntityScores(
      {
        api: "ccf",
        score: CcfScoreSpec,
        forAccounts: (path, urlParams) => ccf.scoresForAccounts({ path, urlParams }),
        inRange: (path, urlParams) => ccf.scoresInRange({ path, urlParams })
      },
      settings
    ),
    accounts: makeAccounts((bookmaker, urlParams) => account.accounts({ path: { bookmaker }, urlParams }), settings),
    events: makeEvents((bookmaker, payload) => event.fetchEvents({ path: { bookmaker }, payload }), settings),
    tournaments: makeTournaments(
      {
        fetch: (bookmaker, payload) => tournament.fetchTournaments({ path: { bookmaker }, payload }),
        byCategory: (bookmaker, sportId, categoryId) =>
          tournament.tournamentsByCategory({ path: { bookmaker, sportId, categoryId } })
      },
      settings
    ),
    ltd: makeLtd((bookmaker, payload) => ltd.suggestion({ path: { bookmaker }, payload })),
    rg: makeRg({
      profile: (scope, accountId) => rg.playerRiskProfile({ path: { ...scope, accountId } }),
      profiles: (scope, urlParams) => rg.riskProfiles({ path: scope, urlParams })
    })
  })
})

export class Models extends Context.Tag("@its/models/Models")<Models, ModelsShape>() {
  /** Needs `ItsHttp` (from `@its/transport`) and `ModelsConfig` (`ModelsConfig.layer` or `ModelsConfig.layerWith`). */
  static readonly layer: Layer.Layer<Models, never, ItsHttp | ModelsConfig> = Layer.effect(Models, make)
}
