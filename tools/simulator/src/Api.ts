/**
 * The simulator's HTTP surface as one `HttpApi`: the shared `TokenApi` contract plus the simulator's own groups.
 * Later ITS APIs are added here as further groups; `/openapi.json` documents all of them.
 */
import { HttpApi, HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { TokenApi } from "@its/auth"
import { Schema } from "effect"
import { CounterEntry } from "./Counters.ts"
import { FaultPlan } from "./FaultPlan.ts"
import { AdminPrefix, JwksPath } from "./Paths.ts"
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

export class SimulatorApi extends HttpApi.make("itsSimulator")
  .add(TokenApi)
  .add(WellKnownApi)
  .add(AdminApi)
  .annotate(OpenApi.Title, "ITS simulator") {}
