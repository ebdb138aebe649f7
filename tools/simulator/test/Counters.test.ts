import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Counters } from "../src/index.ts"

describe("Counters", () => {
  it.effect("counts per client, audience and outcome; total filters on any field", () =>
    Effect.gen(function* () {
      const counters = yield* Counters
      yield* counters.record({ clientId: "b", audience: "x", outcome: "issued" })
      yield* counters.record({ clientId: "a", audience: "x", outcome: "issued" })
      yield* counters.record({ clientId: "a", audience: "x", outcome: "issued" })
      yield* counters.record({ clientId: "a", audience: "y", outcome: "fault:503" })

      expect(yield* counters.snapshot).toEqual([
        { clientId: "a", audience: "x", outcome: "issued", count: 2 },
        { clientId: "a", audience: "y", outcome: "fault:503", count: 1 },
        { clientId: "b", audience: "x", outcome: "issued", count: 1 }
      ])
      expect(yield* counters.total()).toBe(4)
      expect(yield* counters.total({ clientId: "a" })).toBe(3)
      expect(yield* counters.total({ audience: "x", outcome: "issued" })).toBe(3)
      expect(yield* counters.total({ outcome: "fault:503" })).toBe(1)
      expect(yield* counters.total({ outcome: "dropped" })).toBe(0)

      yield* counters.reset
      expect(yield* counters.snapshot).toEqual([])
    }).pipe(Effect.provide(Counters.layer))
  )
})
