/**
 * The simulated model APIs (`SimulatedModelsApi`): every group's handlers, each wrapped with `SimulatedApi.protect`
 * for its API id, and the routes that serve them. The handlers live in one module per API family; the data comes
 * from `Data.ts` (deterministic, computed per request).
 */
import { HttpLayerRouter } from "@effect/platform"
import { Layer } from "effect"
import { protect } from "../SimulatedApi.ts"
import { AccountLive } from "./AccountHandlers.ts"
import { SimulatedModelsApi } from "./Api.ts"
import { ModelsData } from "./Data.ts"
import { LtdLive } from "./LtdHandlers.ts"
import { EventLive, TournamentLive } from "./ProfilingHandlers.ts"
import { RgLive } from "./RgHandlers.ts"
import { BotLive, CcfLive, LbsLive, MarkerLive, SccfLive } from "./ScoreHandlers.ts"

/** Every model group, each behind the guard for its API id. Needs `ModelsData` and the guard's services. */
export const ModelsHttpLive = Layer.mergeAll(
  protect(LbsLive, { apiId: "lbs" }),
  protect(BotLive, { apiId: "bot" }),
  protect(MarkerLive, { apiId: "marker" }),
  protect(SccfLive, { apiId: "sccf" }),
  protect(CcfLive, { apiId: "ccf" }),
  protect(AccountLive, { apiId: "account" }),
  protect(EventLive, { apiId: "event" }),
  protect(TournamentLive, { apiId: "tournament" }),
  protect(LtdLive, { apiId: "ltd" }),
  protect(RgLive, { apiId: "rg" })
)

/**
 * The model routes for `HttpLayerRouter`, with `ModelsData` from `SIM_POPULATION` / `SIM_RANGE_PAGE_SIZE`
 * (an invalid value stops the simulator at start).
 */
export const ModelsRoutesLive = HttpLayerRouter.addHttpApi(SimulatedModelsApi).pipe(
  Layer.provide(ModelsHttpLive),
  Layer.provide(Layer.orDie(ModelsData.layer))
)
