/**
 * `BodyRejected` is a `Schema.TaggedError` (typed error boundary): yieldable, tagged, carrying the problem to
 * answer; `isBodyRejected` recognises it whether it arrives as a failure or as a defect.
 */
import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect, Exit, Schema } from "effect"
import { problem } from "../../src/problems/Problem.ts"
import { BodyRejected, isBodyRejected, parseJson, tooLarge } from "../../src/server/Body.ts"

describe("BodyRejected", () => {
  it.effect("is a tagged error with its problem; close defaults to false", () =>
    Effect.gen(function* () {
      const rejected = new BodyRejected({ problem: tooLarge(10) })
      expect(rejected._tag).toBe("BodyRejected")
      expect(rejected.close).toBe(false)
      expect(rejected.problem.status).toBe(413)
      expect(rejected.message).toBe("413 Request body too large")
      expect(new BodyRejected({ problem: tooLarge(10), close: true }).close).toBe(true)
      // Yieldable like every Schema.TaggedError.
      const failed = yield* Effect.flip(
        Effect.gen(function* () {
          return yield* rejected
        })
      )
      expect(failed).toBe(rejected)
      // Its schema round-trips it (the problem is one of the problem classes).
      const encoded = yield* Schema.encode(BodyRejected)(rejected)
      expect(yield* Schema.decode(BodyRejected)(encoded)).toEqual(rejected)
    })
  )

  it.effect("isBodyRejected: true for a failure or a defect carrying it, false for anything else", () =>
    Effect.gen(function* () {
      const failure = yield* Effect.flip(parseJson("{", 32))
      expect(isBodyRejected(failure)).toBe(true)
      expect(failure.problem.status).toBe(400)
      const exit = yield* Effect.exit(Effect.orDie(parseJson("{", 32)))
      const defect = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
      expect(isBodyRejected(defect)).toBe(true)
      expect(isBodyRejected(problem(400, "Bad request"))).toBe(false)
      expect(isBodyRejected({ _tag: "BodyRejected", problem: tooLarge(1), close: false })).toBe(false)
      expect(isBodyRejected(undefined)).toBe(false)
    })
  )
})
