/**
 * Outbox tenancy and reasons (issue 14): a ticketId informed by another consumer, or again with another payload, is
 * a conflict (not `duplicate: true`); `lastError` is a short reason, never a stack trace.
 */
import { describe, expect, it } from "@effect/vitest"
import { Build, example } from "@its/tickets"
import { Cause, Effect, Either, Option } from "effect"
import { Outbox } from "../../src/outbox/Outbox.ts"
import { describe as describeCause } from "../../src/outbox/Worker.ts"
import { backends, informFor, instance, makeDouble, makeJournal } from "./support.ts"

for (const backend of backends) {
  describe.skipIf(backend.skip)(`Outbox tenancy on ${backend.name}`, () => {
    it.scoped("same consumer + same inform: duplicate; another consumer or payload: OutboxConflict", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        yield* Effect.gen(function* () {
          const outbox = yield* Outbox
          const entry = yield* outbox.enqueue(informFor("T-tenant"), { consumer: "shop-a" })
          const again = yield* outbox.enqueue(informFor("T-tenant"), { consumer: "shop-a" })
          expect(again).toMatchObject({ id: entry.id, duplicate: true })
          const other = yield* Effect.either(outbox.enqueue(informFor("T-tenant"), { consumer: "shop-b" }))
          expect(Either.isLeft(other) && other.left).toMatchObject({
            _tag: "@its/gateway/OutboxConflict",
            reason: "other-consumer"
          })
          const rejected = Build.ticketInform({ ...example("single"), ticketId: "T-tenant" }, [
            { code: -1, rejected: true }
          ])
          const changed = yield* Effect.either(outbox.enqueue(rejected, { consumer: "shop-a" }))
          expect(Either.isLeft(changed) && changed.left).toMatchObject({ reason: "different-payload" })
          // Nothing was written by the refused informs.
          expect(yield* outbox.stats).toMatchObject({ pending: 1 })
        }).pipe(Effect.provide(instance(db)))
      })
    )

    it.scoped("a delivery that dies with a defect stores a one-line reason, not a stack trace", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        const journal = yield* makeJournal
        const tickets = makeDouble(() => Effect.die(new TypeError("boom\n    at deliver (/app/src/x.ts:1:2)")))
        yield* Effect.gen(function* () {
          const outbox = yield* Outbox
          const entry = yield* outbox.enqueue(informFor("T-defect"), { consumer: "shop-a" })
          yield* journal.next("Failed", (f) => f.id === entry.id)
          const stored = Option.getOrThrow(yield* outbox.get(entry.id))
          expect(stored.lastError).toBe("defect: TypeError: boom")
        }).pipe(Effect.provide(instance(db, { tickets, journal })))
      })
    )
  })
}

describe("the reason of a failed delivery", () => {
  it("is one short line", () => {
    expect(describeCause(Cause.fail({ _tag: "NotSent", message: "no connection\nat x (/a.ts:1:1)" }))).toBe(
      "NotSent: no connection"
    )
    expect(describeCause(Cause.die("x".repeat(10)))).toBe("defect: unexpected failure")
    expect(describeCause(Cause.fail({ _tag: "E", message: "y".repeat(1000) })).length).toBeLessThanOrEqual(300)
  })
})
