/**
 * The live fault plan. Tests script it in-process through this service; the admin API and `SIM_FAULTS` drive the
 * same state.
 */
import { Context, Duration, Effect, Layer, Ref } from "effect"
import { SimulatorConfig } from "./Config.ts"
import { emptyFaultPlan, type FaultPlan, type FaultStep } from "./FaultPlan.ts"

/** What the next token request gets. */
export interface NextFault {
  readonly latency: Duration.Duration
  readonly step: FaultStep
}

const ok: FaultStep = { kind: "ok" }

/** Consumes the next scripted step of `plan`; falls back to `always`, then to `ok`. */
export const advance = (plan: FaultPlan): [NextFault, FaultPlan] => {
  const latency = Duration.millis(plan.latencyMs ?? 0)
  const [head, ...rest] = plan.script ?? []
  if (head === undefined) return [{ latency, step: plan.always ?? ok }, plan]
  return [
    { latency, step: head },
    { ...plan, script: rest }
  ]
}

export class Faults extends Context.Tag("@its/simulator/Faults")<
  Faults,
  {
    /** The current plan; `script` holds only the steps not consumed yet. */
    readonly plan: Effect.Effect<FaultPlan>
    /** Replaces the plan (and restarts its script). */
    readonly set: (plan: FaultPlan) => Effect.Effect<void>
    readonly clear: Effect.Effect<void>
    /** Consumes the next scripted step; falls back to `always`, then to `ok`. */
    readonly next: Effect.Effect<NextFault>
  }
>() {
  static readonly make = (initial: FaultPlan = emptyFaultPlan) =>
    Effect.map(Ref.make(initial), (ref) =>
      Faults.of({
        plan: Ref.get(ref),
        set: (plan) => Ref.set(ref, plan),
        clear: Ref.set(ref, emptyFaultPlan),
        next: Ref.modify(ref, advance)
      })
    )

  /** Starts with `SimulatorConfig.faults`. */
  static readonly layer: Layer.Layer<Faults, never, SimulatorConfig> = Layer.effect(
    Faults,
    Effect.flatMap(SimulatorConfig, (config) => Faults.make(config.faults))
  )

  static readonly layerWith = (initial: FaultPlan = emptyFaultPlan): Layer.Layer<Faults> =>
    Layer.effect(Faults, Faults.make(initial))
}
