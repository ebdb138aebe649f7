/** The admin groups of `SimulatorApi`: faults, rate limits and counters over HTTP. */
import { HttpApiBuilder } from "@effect/platform"
import { Effect, Layer } from "effect"
import { SimulatorApi } from "./Api.ts"
import { Counters } from "./Counters.ts"
import { DataPlaneCounters } from "./DataPlaneCounters.ts"
import { DataPlaneFaults } from "./DataPlaneFaults.ts"
import { Faults } from "./Faults.ts"
import { RestCounters } from "./RestCounters.ts"
import { RestFaults } from "./RestFaults.ts"
import { RestRateLimiter } from "./RestRateLimiter.ts"

const TokenAdminLive = HttpApiBuilder.group(SimulatorApi, "admin", (handlers) =>
  Effect.gen(function* () {
    const faults = yield* Faults
    const counters = yield* Counters
    const dataPlaneFaults = yield* DataPlaneFaults
    const dataPlaneCounters = yield* DataPlaneCounters
    const restFaults = yield* RestFaults
    const restCounters = yield* RestCounters
    const limiter = yield* RestRateLimiter
    return (
      handlers
        .handle("getFaults", () => faults.plan)
        .handle("setFaults", ({ payload }) => Effect.as(faults.set(payload), payload))
        .handle("clearFaults", () => faults.clear)
        .handle("getCounters", () =>
          Effect.map(counters.snapshot, (entries) => ({
            total: entries.reduce((sum, entry) => sum + entry.count, 0),
            entries
          }))
        )
        // Everything back to a fresh start, except configuration (rate-limit rules stay, their buckets refill).
        .handle("reset", () =>
          Effect.all(
            [
              faults.clear,
              counters.reset,
              dataPlaneFaults.clear,
              dataPlaneCounters.reset,
              restFaults.clear(),
              restCounters.reset,
              limiter.reset
            ],
            { discard: true }
          )
        )
    )
  })
)

const DataPlaneAdminLive = HttpApiBuilder.group(SimulatorApi, "dataPlaneAdmin", (handlers) =>
  Effect.gen(function* () {
    const faults = yield* DataPlaneFaults
    const counters = yield* DataPlaneCounters
    return handlers
      .handle("getFaults", () => faults.plan)
      .handle("setFaults", ({ payload }) => Effect.as(faults.set(payload), payload))
      .handle("clearFaults", () => faults.clear)
      .handle("getCounters", () => counters.snapshot)
  })
)

const RestAdminLive = HttpApiBuilder.group(SimulatorApi, "restAdmin", (handlers) =>
  Effect.gen(function* () {
    const faults = yield* RestFaults
    const limiter = yield* RestRateLimiter
    const counters = yield* RestCounters
    return handlers
      .handle("getFaults", () => faults.plans)
      .handle("setFaults", ({ path, payload }) => Effect.as(faults.set(path.apiId, payload), payload))
      .handle("clearApiFaults", ({ path }) => faults.clear(path.apiId))
      .handle("clearFaults", () => faults.clear())
      .handle("getRateLimits", () => limiter.limits)
      .handle("setRateLimits", ({ payload }) => Effect.as(limiter.set(payload), payload))
      .handle("getCounters", () =>
        Effect.map(counters.snapshot, (entries) => ({
          total: entries.reduce((sum, entry) => sum + entry.count, 0),
          entries
        }))
      )
  })
)

export const AdminHttpLive = Layer.mergeAll(TokenAdminLive, DataPlaneAdminLive, RestAdminLive)
