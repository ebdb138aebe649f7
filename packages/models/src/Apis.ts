/**
 * The model APIs as one table, and as one `HttpApi` for the simulator and OpenAPI generation.
 */
import { HttpApi, OpenApi } from "@effect/platform"
import { AccountApi } from "./Account.ts"
import { type ApiRateLimits, DefaultBasePaths, DocumentedRateLimits, type ModelApiId } from "./Assumptions.ts"
import { BotApi } from "./BotScore.ts"
import { CcfApi } from "./Ccf.ts"
import { EventApi } from "./Event.ts"
import { LbsApi } from "./Lbs.ts"
import { LtdApi } from "./Ltd.ts"
import { MarkerApi } from "./MarkerScore.ts"
import { RgApi } from "./Rg.ts"
import { SccfApi } from "./Sccf.ts"
import { TournamentApi } from "./Tournament.ts"

export interface ModelApiEntry<Group> {
  readonly id: ModelApiId
  /** The endpoint definitions; paths are relative to the base path. */
  readonly group: Group
  /** Default base path (its-api.md §1.2); overridable, see `ModelsAssumptions.basePaths`. */
  readonly basePath: string
  readonly rateLimits: ApiRateLimits
}

const entry = <const Id extends ModelApiId, Group>(id: Id, group: Group) =>
  ({ id, group, basePath: DefaultBasePaths[id], rateLimits: DocumentedRateLimits[id] }) satisfies ModelApiEntry<Group>

/** Every model API by id: its `HttpApiGroup`, default base path and documented rate limits. */
export const apis = {
  lbs: entry("lbs", LbsApi),
  bot: entry("bot", BotApi),
  marker: entry("marker", MarkerApi),
  sccf: entry("sccf", SccfApi),
  ccf: entry("ccf", CcfApi),
  account: entry("account", AccountApi),
  event: entry("event", EventApi),
  tournament: entry("tournament", TournamentApi),
  ltd: entry("ltd", LtdApi),
  rg: entry("rg", RgApi)
} as const

const underBasePath = (id: ModelApiId) => `/${DefaultBasePaths[id]}` as const

/**
 * All model APIs in one `HttpApi`, each group under its default base path (e.g. `/api/lbs/v1/bookmakers/…`), for
 * the simulator (`HttpApiBuilder.group(ItsModelsApi, "lbs", …)`) and `OpenApi.fromApi(ItsModelsApi)`.
 */
export class ItsModelsApi extends HttpApi.make("itsModels")
  .add(LbsApi.prefix(underBasePath("lbs")))
  .add(BotApi.prefix(underBasePath("bot")))
  .add(MarkerApi.prefix(underBasePath("marker")))
  .add(SccfApi.prefix(underBasePath("sccf")))
  .add(CcfApi.prefix(underBasePath("ccf")))
  .add(AccountApi.prefix(underBasePath("account")))
  .add(EventApi.prefix(underBasePath("event")))
  .add(TournamentApi.prefix(underBasePath("tournament")))
  .add(LtdApi.prefix(underBasePath("ltd")))
  .add(RgApi.prefix(underBasePath("rg")))
  .annotate(OpenApi.Title, "Insight Tech Services models")
  .annotate(
    OpenApi.Description,
    "Every ITS model API under its default base path (see @its/models Assumptions.ts for what is assumed)"
  ) {}
