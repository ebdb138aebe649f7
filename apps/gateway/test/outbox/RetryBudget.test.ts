/**
 * A data-plane outage does not fill the dead-letter queue (issue 14): transient failures retry within
 * `OUTBOX_RETRY_FOR`, not a fixed attempt count; a poison entry whose deliveries never record an outcome is capped in
 * the claim query and dead-lettered.
 */
import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { OutcomeUnknown } from "@its/tickets"
import { Duration, Effect, Option } from "effect"
import { Outbox } from "../../src/outbox/Outbox.ts"
import { OutboxStore } from "../../src/outbox/Store.ts"
import { backends, claimAt, informFor, instance, makeDouble, makeJournal } from "./support.ts"

const unknown = () =>
  new OutcomeUnknown({
    operation: "ticket-placement-inform",
    correlationId: "c",
    reason: "reply-timeout",
    timeoutMillis: 3000,
    detail: "no reply"
  })

for (const backend of backends) {
  describe.skipIf(backend.skip)(`Outbox retry budget on ${backend.name}`, () => {
    it.scoped("transient failures keep an entry pending past any small attempt count, dead once retryFor passed", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        const journal = yield* makeJournal
        const tickets = makeDouble(() => Effect.fail(unknown()))
        yield* Effect.gen(function* () {
          const outbox = yield* Outbox
          const entry = yield* outbox.enqueue(informFor("T-budget"), { consumer: "c" })
          // Each retry claimed when due (TestClock), until a failure is recorded as dead: pending while younger
          // than retryFor (600 ms), dead at the first failure at or past it.
          for (;;) {
            const failed = yield* journal.next("Failed", (f) => f.id === entry.id)
            if (failed.record.status === "dead") {
              expect(failed.record.now).toBeGreaterThanOrEqual(600)
              break
            }
            expect(failed.record.now).toBeLessThan(600)
            expect((yield* claimAt(journal, failed.record.nextAttemptAt)).ids).toEqual([entry.id])
          }
          // Under the old fixed count (8 by default, 5 in these settings) this would be dead already or soon; the
          // entry is settled only by its age.
          const dead = yield* Effect.flatMap(Outbox, (o) => o.awaitSettled(entry.id, Duration.seconds(10)))
          expect(dead.status).toBe("dead")
          expect(dead.attempts).toBeGreaterThan(5)
          expect(dead.lastError).toContain("OutcomeUnknown")
          expect(Date.parse(dead.updatedAt) - Date.parse(dead.createdAt)).toBeGreaterThanOrEqual(600)
        }).pipe(
          Effect.provide(
            instance(db, {
              tickets,
              journal,
              config: {
                maxAttempts: 1_000,
                retryFor: Duration.millis(600),
                retryMax: Duration.millis(20),
                pollInterval: Duration.hours(1)
              }
            })
          )
        )
      })
    )

    it.scoped("a poison entry (leases expire, no outcome) is not claimed again at the cap and is dead-lettered", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        yield* Effect.gen(function* () {
          const outbox = yield* Outbox
          const store = yield* OutboxStore
          const sql = yield* SqlClient.SqlClient
          const poison = yield* outbox.enqueue(informFor("T-poison"), { consumer: "c" })
          const other = yield* outbox.enqueue(informFor("T-crashed-once"), { consumer: "c" })
          // Both claimed by a worker that died: leases expired; the poison one was claimed 3 times already.
          yield* sql`UPDATE its_outbox SET status = 'delivering', lease_until = 1, attempts = 3 WHERE id = ${poison.id}`
          yield* sql`UPDATE its_outbox SET status = 'delivering', lease_until = 1, attempts = 1 WHERE id = ${other.id}`
          const claimed = yield* store.claim({
            limit: 10,
            now: 10,
            leaseMillis: 1000,
            owner: "o",
            token: "t",
            maxAttempts: 3
          })
          expect(claimed.map((c) => c.entry.ticketId)).toEqual(["T-crashed-once"])
          expect(yield* store.buryAbandoned(10, 3)).toBe(1)
          const buried = Option.getOrThrow(yield* outbox.get(poison.id))
          expect(buried.status).toBe("dead")
          expect(buried.lastError).toContain("abandoned")
        }).pipe(Effect.provide(instance(db, { worker: false })))
      })
    )
  })
}
