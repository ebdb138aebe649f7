/** `/readyz` runs its checks at most once per second (issue 14): a probe storm is not a dependency storm. */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Ref, TestClock } from "effect"
import { cachedChecks, readinessTtl } from "../../src/ops/Http.ts"

describe("cachedChecks", () => {
  it.effect("reuses a result within the TTL and runs again after it (Clock time)", () =>
    Effect.gen(function* () {
      const runs = yield* Ref.make(0)
      const checks = yield* cachedChecks(Ref.updateAndGet(runs, (n) => n + 1))
      yield* Effect.all([checks, checks, checks], { concurrency: "unbounded" })
      expect(yield* Ref.get(runs)).toBe(1)
      yield* TestClock.adjust("900 millis")
      yield* checks
      expect(yield* Ref.get(runs)).toBe(1)
      yield* TestClock.adjust(readinessTtl)
      yield* checks
      expect(yield* Ref.get(runs)).toBe(2)
    })
  )
})
