/**
 * The ITS model APIs as the simulator serves them: every group of `@its/models`' `ItsModelsApi`, under its default
 * base path, behind the simulator's `RestGuard` (JWT, scripted faults, rate limits). The endpoint definitions are
 * the shared ones; only the guard is added.
 */
import { HttpApi, OpenApi } from "@effect/platform"
import {
  AccountApi,
  BotApi,
  CcfApi,
  DefaultBasePaths,
  EventApi,
  LbsApi,
  LtdApi,
  MarkerApi,
  type ModelApiId,
  RgApi,
  SccfApi,
  TournamentApi
} from "@its/models/api"
import { RestGuard } from "../SimulatedApi.ts"

const base = (id: ModelApiId) => `/${DefaultBasePaths[id]}` as const

export class SimulatedModelsApi extends HttpApi.make("itsModels")
  .add(LbsApi.prefix(base("lbs")).middleware(RestGuard))
  .add(BotApi.prefix(base("bot")).middleware(RestGuard))
  .add(MarkerApi.prefix(base("marker")).middleware(RestGuard))
  .add(SccfApi.prefix(base("sccf")).middleware(RestGuard))
  .add(CcfApi.prefix(base("ccf")).middleware(RestGuard))
  .add(AccountApi.prefix(base("account")).middleware(RestGuard))
  .add(EventApi.prefix(base("event")).middleware(RestGuard))
  .add(TournamentApi.prefix(base("tournament")).middleware(RestGuard))
  .add(LtdApi.prefix(base("ltd")).middleware(RestGuard))
  .add(RgApi.prefix(base("rg")).middleware(RestGuard))
  .annotate(OpenApi.Title, "ITS simulator: model APIs") {}
