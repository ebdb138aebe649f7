/**
 * Fault plans of the simulated REST APIs, one `FaultPlan` per API id, applied by `RestGuard` before authentication
 * and the handler. Tests script them in-process; `/__admin/rest/faults` and `SIM_REST_FAULTS` drive the same state.
 */
import { Context, Effect, Layer, Record, Ref } from "effect"
import { SimulatorConfig } from "./Config.ts"
import { emptyFaultPlan, type FaultPlan, type RestFaultPlans } from "./FaultPlan.ts"
import { advance, type NextFault } from "./Faults.ts"

export class RestFaults extends Context.Tag("@its/simulator/RestFaults")<
  RestFaults,
  {
    /** Every API's current plan; scripts hold only the steps not consumed yet. */
    readonly plans: Effect.Effect<RestFaultPlans>
    /** One API's current plan (`{}` when none is set). */
    readonly plan: (apiId: string) => Effect.Effect<FaultPlan>
    /** Replaces the plan of `apiId` (and restarts its script). */
    readonly set: (apiId: string, plan: FaultPlan) => Effect.Effect<void>
    /** Clears the plan of `apiId`, or of every API. */
    readonly clear: (apiId?: string) => Effect.Effect<void>
    /** Consumes the next step for `apiId`; falls back to `always`, then to `ok`. */
    readonly next: (apiId: string) => Effect.Effect<NextFault>
  }
>() {
  static readonly make = (initial: RestFaultPlans = {}) =>
    Effect.map(Ref.make(initial), (ref) =>
      RestFaults.of({
        plans: Ref.get(ref),
        plan: (apiId) => Effect.map(Ref.get(ref), (plans) => plans[apiId] ?? emptyFaultPlan),
        set: (apiId, plan) => Ref.update(ref, (plans) => ({ ...plans, [apiId]: plan })),
        clear: (apiId) => Ref.update(ref, (plans) => (apiId === undefined ? {} : Record.remove(plans, apiId))),
        next: (apiId) =>
          Ref.modify(ref, (plans): [NextFault, RestFaultPlans] => {
            const plan = plans[apiId]
            if (plan === undefined) return [advance(emptyFaultPlan)[0], plans]
            const [next, rest] = advance(plan)
            return [next, { ...plans, [apiId]: rest }]
          })
      })
    )

  /** Starts with `SimulatorConfig.restFaults`. */
  static readonly layer: Layer.Layer<RestFaults, never, SimulatorConfig> = Layer.effect(
    RestFaults,
    Effect.flatMap(SimulatorConfig, (config) => RestFaults.make(config.restFaults))
  )

  static readonly layerWith = (initial: RestFaultPlans = {}): Layer.Layer<RestFaults> =>
    Layer.effect(RestFaults, RestFaults.make(initial))
}
