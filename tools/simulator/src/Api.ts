/**
 * The simulator's HTTP surface as one `HttpApi`: the shared `TokenApi` contract plus the simulator's own groups.
 * Later ITS APIs are added here as further groups; `/openapi.json` documents all of them.
 */
import { HttpApi, HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { TokenApi } from "@its/auth"
import { Schema } from "effect"
import { CounterEntry } from "./Counters.ts"
import { DataPlaneCounts } from "./DataPlaneCounters.ts"
import { DataPlaneFaultPlan } from "./DataPlaneFaultPlan.ts"
import { FaultPlan, RestFaultPlans } from "./FaultPlan.ts"
import { AdminPrefix, JwksPath } from "./Paths.ts"
import { RateLimits, RateLimitsSetting } from "./RateLimits.ts"
import { RestCounterEntry } from "./RestCounters.ts"
import { Jwks } from "./TokenIssuer.ts"

export class WellKnownApi extends HttpApiGroup.make("wellKnown")
  .add(HttpApiEndpoint.get("jwks", JwksPath).addSuccess(Jwks))
  .annotate(OpenApi.Title, "Token signing keys") {}

export const CountersView = Schema.Struct({
  total: Schema.NonNegativeInt,
  entries: Schema.Array(CounterEntry)
}).annotations({ identifier: "Counters" })

/** Test and demo controls; not part of ITS. */
export class AdminApi extends HttpApiGroup.make("admin")
  .add(HttpApiEndpoint.get("getFaults", "/faults").addSuccess(FaultPlan))
  .add(HttpApiEndpoint.put("setFaults", "/faults").setPayload(FaultPlan).addSuccess(FaultPlan))
  .add(HttpApiEndpoint.del("clearFaults", "/faults"))
  .add(HttpApiEndpoint.get("getCounters", "/counters").addSuccess(CountersView))
  .add(HttpApiEndpoint.post("reset", "/reset"))
  .prefix(AdminPrefix)
  .annotate(OpenApi.Title, "Simulator admin")
  .annotate(OpenApi.Description, "Fault injection and request counters for tests and demos") {}

/** Data-plane faults and counters; not part of ITS. */
export class DataPlaneAdminApi extends HttpApiGroup.make("dataPlaneAdmin")
  .add(HttpApiEndpoint.get("getFaults", "/faults").addSuccess(DataPlaneFaultPlan))
  .add(HttpApiEndpoint.put("setFaults", "/faults").setPayload(DataPlaneFaultPlan).addSuccess(DataPlaneFaultPlan))
  .add(HttpApiEndpoint.del("clearFaults", "/faults"))
  .add(HttpApiEndpoint.get("getCounters", "/counters").addSuccess(DataPlaneCounts))
  .prefix(`${AdminPrefix}/dataplane`)
  .annotate(OpenApi.Title, "Simulator admin: data plane")
  .annotate(OpenApi.Description, "Fault injection and counters of the Transaction 3.0 WebSocket") {}

export const RestCountersView = Schema.Struct({
  total: Schema.NonNegativeInt,
  entries: Schema.Array(RestCounterEntry)
}).annotations({ identifier: "RestCounters" })

const ApiIdPath = Schema.Struct({ apiId: Schema.String })

/** Faults, rate limits and counters of the simulated REST APIs; not part of ITS. */
export class RestAdminApi extends HttpApiGroup.make("restAdmin")
  .add(HttpApiEndpoint.get("getFaults", "/faults").addSuccess(RestFaultPlans))
  .add(
    HttpApiEndpoint.put("setFaults", "/faults/:apiId").setPath(ApiIdPath).setPayload(FaultPlan).addSuccess(FaultPlan)
  )
  .add(HttpApiEndpoint.del("clearApiFaults", "/faults/:apiId").setPath(ApiIdPath))
  .add(HttpApiEndpoint.del("clearFaults", "/faults"))
  .add(HttpApiEndpoint.get("getRateLimits", "/rate-limits").addSuccess(RateLimits))
  .add(HttpApiEndpoint.put("setRateLimits", "/rate-limits").setPayload(RateLimitsSetting).addSuccess(RateLimits))
  .add(HttpApiEndpoint.get("getCounters", "/counters").addSuccess(RestCountersView))
  .prefix(`${AdminPrefix}/rest`)
  .annotate(OpenApi.Title, "Simulator admin: REST APIs")
  .annotate(
    OpenApi.Description,
    "Fault plans per API id, rate limits and request counters of the simulated REST APIs"
  ) {}

export class SimulatorApi extends HttpApi.make("itsSimulator")
  .add(TokenApi)
  .add(WellKnownApi)
  .add(AdminApi)
  .add(DataPlaneAdminApi)
  .add(RestAdminApi)
  .annotate(OpenApi.Title, "ITS simulator") {}
