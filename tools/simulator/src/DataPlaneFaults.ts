/**
 * The live data-plane fault plan. Tests script it in-process through this service; the admin API
 * (`/__admin/dataplane/faults`) and `SIM_DP_FAULTS` drive the same state.
 */
import { Context, Duration, Effect, Layer, Random, Ref } from "effect"
import { SimulatorConfig } from "./Config.ts"
import {
  type DataPlaneFaultPlan,
  type DataPlaneLatency,
  emptyDataPlaneFaultPlan,
  type MessageFaultStep
} from "./DataPlaneFaultPlan.ts"
import { emptyFaultPlan } from "./FaultPlan.ts"
import { advance, type NextFault } from "./Faults.ts"

/** What the next data-plane message gets. */
export interface NextMessageFault {
  readonly latency: Duration.Duration
  readonly step: MessageFaultStep
}

const ok: MessageFaultStep = { kind: "ok" }

const drawLatency = (latency: DataPlaneLatency | undefined): Effect.Effect<Duration.Duration> => {
  if (latency === undefined) return Effect.succeed(Duration.zero)
  if (typeof latency === "number") return Effect.succeed(Duration.millis(latency))
  return Effect.map(Random.nextIntBetween(latency.minMs, latency.maxMs + 1), Duration.millis)
}

export class DataPlaneFaults extends Context.Tag("@its/simulator/DataPlaneFaults")<
  DataPlaneFaults,
  {
    /** The current plan; the scripts hold only the steps not consumed yet. */
    readonly plan: Effect.Effect<DataPlaneFaultPlan>
    /** Replaces the plan (and restarts its scripts). */
    readonly set: (plan: DataPlaneFaultPlan) => Effect.Effect<void>
    readonly clear: Effect.Effect<void>
    /** Consumes the next message step (falls back to `always`, then `ok`) and draws its latency. */
    readonly nextMessage: Effect.Effect<NextMessageFault>
    /** Consumes the next step of `upgrade` (falls back to its `always`, then `ok`). */
    readonly nextUpgrade: Effect.Effect<NextFault>
  }
>() {
  static readonly make = (initial: DataPlaneFaultPlan = emptyDataPlaneFaultPlan) =>
    Effect.map(Ref.make(initial), (ref) =>
      DataPlaneFaults.of({
        plan: Ref.get(ref),
        set: (plan) => Ref.set(ref, plan),
        clear: Ref.set(ref, emptyDataPlaneFaultPlan),
        nextMessage: Effect.flatMap(
          Ref.modify(ref, (plan): [readonly [DataPlaneLatency | undefined, MessageFaultStep], DataPlaneFaultPlan] => {
            const [head, ...rest] = plan.script ?? []
            if (head === undefined) return [[plan.latencyMs, plan.always ?? ok], plan]
            return [[plan.latencyMs, head], { ...plan, script: rest }]
          }),
          ([latency, step]) => Effect.map(drawLatency(latency), (drawn) => ({ latency: drawn, step }))
        ),
        nextUpgrade: Ref.modify(ref, (plan): [NextFault, DataPlaneFaultPlan] => {
          const [next, upgrade] = advance(plan.upgrade ?? emptyFaultPlan)
          return [next, plan.upgrade === undefined ? plan : { ...plan, upgrade }]
        })
      })
    )

  /** Starts with `SimulatorConfig.dataPlaneFaults`. */
  static readonly layer: Layer.Layer<DataPlaneFaults, never, SimulatorConfig> = Layer.effect(
    DataPlaneFaults,
    Effect.flatMap(SimulatorConfig, (config) => DataPlaneFaults.make(config.dataPlaneFaults))
  )

  static readonly layerWith = (initial: DataPlaneFaultPlan = emptyDataPlaneFaultPlan): Layer.Layer<DataPlaneFaults> =>
    Layer.effect(DataPlaneFaults, DataPlaneFaults.make(initial))
}
