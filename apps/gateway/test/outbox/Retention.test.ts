/** Retention (issue 14): delivered entries are deleted `OUTBOX_RETENTION` after delivery; others are kept. */
import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Exit, Layer, Option, Scope, TestClock } from "effect"
import { Outbox } from "../../src/outbox/Outbox.ts"
import { OutboxStore } from "../../src/outbox/Store.ts"
import { backends, informFor, instance, makeDouble, makeJournal } from "./support.ts"

for (const backend of backends) {
  describe.skipIf(backend.skip)(`Outbox retention on ${backend.name}`, () => {
    it.scoped("prune deletes only delivered entries delivered before the cut-off, and the counter follows", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        yield* Effect.gen(function* () {
          const outbox = yield* Outbox
          const store = yield* OutboxStore
          const sql = yield* SqlClient.SqlClient
          const old = yield* outbox.enqueue(informFor("T-old"), { consumer: "c" })
          const recent = yield* outbox.enqueue(informFor("T-recent"), { consumer: "c" })
          const pending = yield* outbox.enqueue(informFor("T-pending"), { consumer: "c" })
          for (const [entry, at] of [
            [old, 1_000],
            [recent, 5_000]
          ] as const) {
            yield* sql`UPDATE its_outbox SET status = 'delivering', claim_token = 't' WHERE id = ${entry.id}`
            expect(yield* store.markDelivered(entry.id, "{}", at)).toBe(true)
          }
          expect((yield* store.stats(10_000)).delivered).toBe(2)
          expect(yield* store.prune(2_000)).toBe(1)
          expect(yield* outbox.get(old.id)).toEqual(Option.none())
          expect(Option.isSome(yield* outbox.get(recent.id))).toBe(true)
          expect(Option.isSome(yield* outbox.get(pending.id))).toBe(true)
          expect(yield* store.stats(10_000)).toMatchObject({ delivered: 1, pending: 1 })
        }).pipe(Effect.provide(instance(db, { worker: false })))
      })
    )

    it.scoped("the worker prunes at start and then every minute", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        const tickets = makeDouble()
        const scope = yield* Scope.make()
        // Delivered at TestClock 0.
        const id = yield* Effect.gen(function* () {
          const outbox = yield* Outbox
          const entry = yield* outbox.enqueue(informFor("T-retained"), { consumer: "c" })
          return (yield* outbox.awaitSettled(entry.id, Duration.seconds(10))).id
        }).pipe(Effect.provide(yield* Layer.buildWithScope(instance(db, { tickets }), scope)))
        yield* Scope.close(scope, Exit.void)
        yield* TestClock.setTime(20)
        const journal = yield* makeJournal
        yield* Effect.gen(function* () {
          const outbox = yield* Outbox
          // At start (TestClock 20): everything delivered before 10 goes.
          expect(yield* journal.next("Pruned")).toEqual({ _tag: "Pruned", before: 10, count: 1 })
          expect(yield* outbox.get(id)).toEqual(Option.none())
          const later = yield* outbox.enqueue(informFor("T-retained-2"), { consumer: "c" })
          yield* outbox.awaitSettled(later.id, Duration.seconds(10))
          // Not before a minute has passed since the last run…
          yield* TestClock.setTime(60_019)
          expect(Option.isSome(yield* outbox.get(later.id))).toBe(true)
          // …then again.
          yield* TestClock.setTime(60_020)
          expect(yield* journal.next("Pruned")).toEqual({ _tag: "Pruned", before: 60_010, count: 1 })
          expect(yield* outbox.get(later.id)).toEqual(Option.none())
        }).pipe(
          // No poll ticks: a minute of 10 ms ticks would be 6 000 TestClock wake-ups.
          Effect.provide(
            instance(db, {
              tickets,
              journal,
              config: { retention: Duration.millis(10), pollInterval: Duration.hours(1) }
            })
          )
        )
      })
    )
  })
}
