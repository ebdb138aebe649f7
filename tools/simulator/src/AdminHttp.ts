/** The admin group of `SimulatorApi`: the `Faults` and `Counters` services over HTTP. */
import { HttpApiBuilder } from "@effect/platform"
import { Effect } from "effect"
import { SimulatorApi } from "./Api.ts"
import { Counters } from "./Counters.ts"
import { Faults } from "./Faults.ts"

export const AdminHttpLive = HttpApiBuilder.group(SimulatorApi, "admin", (handlers) =>
  Effect.gen(function* () {
    const faults = yield* Faults
    const counters = yield* Counters
    return handlers
      .handle("getFaults", () => faults.plan)
      .handle("setFaults", ({ payload }) => Effect.as(faults.set(payload), payload))
      .handle("clearFaults", () => faults.clear)
      .handle("getCounters", () =>
        Effect.map(counters.snapshot, (entries) => ({
          total: entries.reduce((sum, entry) => sum + entry.count, 0),
          entries
        }))
      )
      .handle("reset", () => Effect.zipRight(faults.clear, counters.reset))
  })
)
