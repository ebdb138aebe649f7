// Over ~350 lines on purpose: the outbox's behaviours (enqueue, delivery, retries, dead letters, requeue, shutdown)
// on one journal-and-double harness, each run on SQLite and PostgreSQL.
import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { NotSent, OutcomeUnknown, ServerError, TicketInform } from "@its/tickets"
import { Deferred, Duration, Effect, Exit, Fiber, Layer, Option, Schema, Scope, TestClock } from "effect"
import { Outbox } from "../../src/outbox/Outbox.ts"
import { type FailureRecord, OutboxStore } from "../../src/outbox/Store.ts"
import { backends, claimAt, informFor, instance, type Journal, makeDouble, makeJournal, replyFor } from "./support.ts"

const outcomeUnknown = () =>
  new OutcomeUnknown({
    operation: "ticket-placement-inform",
    correlationId: "c",
    reason: "reply-timeout",
    timeoutMillis: 3000,
    detail: "no reply"
  })

const settledWithin = (id: string) => Effect.flatMap(Outbox, (outbox) => outbox.awaitSettled(id, Duration.seconds(10)))

/** No tick claims: each claim of the worker is one the test asked for (`claimAt`). */
const noTicks = { pollInterval: Duration.hours(1) }

/**
 * Drives the retries of `id` on the TestClock until an attempt does not fail: after each recorded failure, a claim
 * 1 ms before the retry falls due takes nothing, and the claim at the due time delivers it again. Returns the
 * recorded failures.
 */
const retryWhenDue = (journal: Journal, id: string) =>
  Effect.gen(function* () {
    const failures: Array<FailureRecord> = []
    for (;;) {
      const failed = yield* journal.next("Failed", (f) => f.id === id)
      failures.push(failed.record)
      if (failed.record.status === "dead") return failures
      const due = failed.record.nextAttemptAt
      if (due > failed.record.now) expect((yield* claimAt(journal, due - 1)).ids).toEqual([])
      expect((yield* claimAt(journal, due)).ids).toEqual([id])
    }
  })

for (const backend of backends) {
  describe.skipIf(backend.skip)(`Outbox on ${backend.name}`, () => {
    it.scoped("enqueue is durable and idempotent by ticketId, keeping decimals exact", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        const inform = informFor("T-durable")
        const scope = yield* Scope.make()
        const first = yield* Effect.gen(function* () {
          const outbox = yield* Outbox
          const entry = yield* outbox.enqueue(inform, { consumer: "shop-a" })
          expect(entry).toMatchObject({ ticketId: "T-durable", status: "pending", attempts: 0, consumer: "shop-a" })
          expect(entry.duplicate).toBeUndefined()
          const again = yield* outbox.enqueue(informFor("T-durable"), { consumer: "shop-a" })
          expect(again).toMatchObject({ id: entry.id, consumer: "shop-a", duplicate: true })
          expect(yield* outbox.stats).toMatchObject({ pending: 1, delivering: 0, delivered: 0, dead: 0 })
          return entry
        }).pipe(Effect.provide(yield* Layer.buildWithScope(instance(db), scope)))
        yield* Scope.close(scope, Exit.void)

        // A new connection (as after a restart) sees the entry and the inform exactly as encoded.
        yield* Effect.gen(function* () {
          const outbox = yield* Outbox
          const sql = yield* SqlClient.SqlClient
          expect(Option.getOrThrow(yield* outbox.get(first.id))).toMatchObject({ id: first.id, ticketId: "T-durable" })
          const [row] = yield* sql<{ payload: string }>`SELECT payload FROM its_outbox WHERE id = ${first.id}`
          expect(row?.payload).toContain('"value":"1.32"')
          const decoded = yield* Schema.decodeUnknown(TicketInform)(JSON.parse(row?.payload ?? "null"))
          expect(yield* Schema.encode(TicketInform)(decoded)).toEqual(yield* Schema.encode(TicketInform)(inform))
          if (backend.name === "sqlite") {
            const [sync] = yield* sql<{ synchronous: number }>`PRAGMA synchronous`
            const [mode] = yield* sql<{ journal_mode: string }>`PRAGMA journal_mode`
            expect(sync?.synchronous).toBe(2) // FULL
            expect(mode?.journal_mode).toBe("wal")
          }
          expect(yield* outbox.get(crypto.randomUUID())).toEqual(Option.none())
        }).pipe(Effect.provide(instance(db)))
      })
    )

    it.scoped("the worker delivers and records the reply; awaitSettled returns it", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        const tickets = makeDouble()
        yield* Effect.gen(function* () {
          const outbox = yield* Outbox
          const entry = yield* outbox.enqueue(informFor("T-1"), { consumer: "c" })
          const settled = yield* settledWithin(entry.id)
          expect(settled).toMatchObject({ id: entry.id, status: "delivered", attempts: 1, reply: replyFor("T-1") })
          expect(settled.deliveredAt).toBeDefined()
          expect(settled.lastError).toBeUndefined()
          expect(tickets.calls("T-1")).toBe(1)
          expect(yield* outbox.stats).toMatchObject({ pending: 0, delivered: 1, oldestPendingAgeMillis: 0 })
        }).pipe(Effect.provide(instance(db, { tickets })))
      })
    )

    it.scoped("awaitSettled returns the current entry at its timeout and fails for an unknown id (TestClock)", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        yield* Effect.gen(function* () {
          const outbox = yield* Outbox
          const entry = yield* outbox.enqueue(informFor("T-wait"), { consumer: "c" })
          const waiting = yield* Effect.fork(outbox.awaitSettled(entry.id, Duration.millis(150)))
          yield* TestClock.adjust(Duration.millis(149))
          expect(yield* Fiber.poll(waiting)).toEqual(Option.none())
          yield* TestClock.adjust(Duration.millis(1))
          const current = yield* Fiber.join(waiting)
          expect(current.status).toBe("pending")
          const missing = yield* Effect.flip(outbox.awaitSettled(crypto.randomUUID(), Duration.millis(50)))
          expect(missing._tag).toBe("@its/gateway/OutboxEntryNotFound")
          expect((yield* outbox.stats).oldestPendingAgeMillis).toBe(150)
        }).pipe(Effect.provide(instance(db, { worker: false })))
      })
    )

    it.scoped("retries OutcomeUnknown and NotSent with growing backoff (not before it is due), then delivers", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        const journal = yield* makeJournal
        const tickets = makeDouble((inform, call) =>
          call === 1
            ? Effect.fail(new NotSent({ operation: "ticket-placement-inform", correlationId: "c", reason: "closed" }))
            : call <= 3
              ? Effect.fail(outcomeUnknown())
              : Effect.succeed(replyFor(inform.ticket.ticketId))
        )
        yield* Effect.gen(function* () {
          const outbox = yield* Outbox
          const entry = yield* outbox.enqueue(informFor("T-retry"), { consumer: "c" })
          const failures = yield* Effect.fork(retryWhenDue(journal, entry.id))
          const settled = yield* settledWithin(entry.id)
          expect(settled).toMatchObject({ status: "delivered", attempts: 4, reply: replyFor("T-retry") })
          expect(tickets.calls("T-retry")).toBe(4)
          yield* Fiber.interrupt(failures)
          // Delay after attempt n is within [step/2, step] of step = base * 2^(n-1): 20–40, 40–80, 80–160 ms.
          const gaps = tickets.times.slice(1).map((t, i) => t - (tickets.times[i] as number))
          expect(gaps).toHaveLength(3)
          for (const [i, gap] of gaps.entries()) {
            expect(gap).toBeGreaterThanOrEqual(20 * 2 ** i)
            expect(gap).toBeLessThanOrEqual(40 * 2 ** i)
          }
        }).pipe(
          Effect.provide(
            instance(db, {
              tickets,
              journal,
              config: { ...noTicks, retryBase: Duration.millis(40), retryMax: Duration.seconds(1) }
            })
          )
        )
      })
    )

    it.scoped("dead-letters after maxAttempts; requeue resets it and it is then delivered", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        const journal = yield* makeJournal
        const tickets = makeDouble(() => Effect.fail(outcomeUnknown()))
        yield* Effect.gen(function* () {
          const outbox = yield* Outbox
          const entry = yield* outbox.enqueue(informFor("T-dead"), { consumer: "c" })
          const failures = yield* retryWhenDue(journal, entry.id)
          expect(failures.map((f) => f.status)).toEqual(["pending", "pending", "dead"])
          const dead = yield* settledWithin(entry.id)
          expect(dead).toMatchObject({ status: "dead", attempts: 3 })
          expect(dead.lastError).toContain("OutcomeUnknown")
          expect(tickets.calls("T-dead")).toBe(3)
          expect((yield* outbox.deadLetters({ limit: 10 })).map((e) => e.id)).toEqual([entry.id])
          expect(yield* outbox.stats).toMatchObject({ dead: 1, pending: 0 })

          tickets.setBehaviour((inform) => Effect.succeed(replyFor(inform.ticket.ticketId)))
          expect(yield* outbox.requeue(entry.id)).toBe(true)
          const delivered = yield* settledWithin(entry.id)
          expect(delivered).toMatchObject({ status: "delivered", attempts: 1, reply: replyFor("T-dead") })
          expect(tickets.calls("T-dead")).toBe(4)
          expect(yield* outbox.requeue(entry.id)).toBe(false) // only dead entries
          expect(yield* outbox.requeue(crypto.randomUUID())).toBe(false)
          expect(yield* outbox.deadLetters()).toEqual([])
        }).pipe(Effect.provide(instance(db, { tickets, journal, config: { ...noTicks, maxAttempts: 3 } })))
      })
    )

    it.scoped("a ServerError dead-letters at once", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        const tickets = makeDouble(() =>
          Effect.fail(
            new ServerError({ operation: "ticket-placement-inform", correlationId: "c", code: 401, message: "schema" })
          )
        )
        yield* Effect.gen(function* () {
          const outbox = yield* Outbox
          const entry = yield* outbox.enqueue(informFor("T-perm"), { consumer: "c" })
          const dead = yield* settledWithin(entry.id)
          expect(dead).toMatchObject({ status: "dead", attempts: 1 })
          expect(dead.lastError).toContain("ServerError")
          expect(tickets.calls("T-perm")).toBe(1)
        }).pipe(Effect.provide(instance(db, { tickets })))
      })
    )

    it.scoped("a delivery that outlives its delivery timeout is cut (not before) and retried", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        const journal = yield* makeJournal
        const tickets = makeDouble((inform, call) =>
          Effect.sleep(Duration.millis(call === 1 ? 5_000 : 0)).pipe(Effect.as(replyFor(inform.ticket.ticketId)))
        )
        yield* Effect.gen(function* () {
          const outbox = yield* Outbox
          const entry = yield* outbox.enqueue(informFor("T-slow"), { consumer: "c" })
          expect(yield* tickets.next).toMatchObject({ ticketId: "T-slow", call: 1, at: 0 })
          yield* TestClock.adjust(Duration.millis(199))
          // Within its budget the delivery still runs: nothing was recorded.
          expect(Option.getOrThrow(yield* outbox.get(entry.id))).toMatchObject({ status: "delivering", attempts: 1 })
          yield* TestClock.adjust(Duration.millis(1))
          const failed = yield* journal.next("Failed", (f) => f.id === entry.id)
          expect(failed.record).toMatchObject({ status: "pending", now: 200 })
          expect(failed.record.error).toContain("OutboxDeliveryTimeout")
          expect((yield* claimAt(journal, failed.record.nextAttemptAt)).ids).toEqual([entry.id])
          yield* settledWithin(entry.id)
          const settled = yield* outbox.get(entry.id).pipe(Effect.map(Option.getOrThrow))
          expect(settled).toMatchObject({ status: "delivered", attempts: 2 })
          expect(settled.lastError).toBeUndefined()
          expect(tickets.calls("T-slow")).toBe(2)
        }).pipe(
          Effect.provide(
            instance(db, { tickets, journal, config: { ...noTicks, deliveryTimeout: Duration.millis(200) } })
          )
        )
      })
    )

    it.scoped("a delivered ticketId is never delivered again", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        const tickets = makeDouble()
        yield* Effect.gen(function* () {
          const outbox = yield* Outbox
          const entry = yield* outbox.enqueue(informFor("T-once"), { consumer: "c" })
          yield* settledWithin(entry.id)
          const again = yield* outbox.enqueue(informFor("T-once"), { consumer: "c" })
          expect(again).toMatchObject({ id: entry.id, status: "delivered", duplicate: true })
          expect(yield* outbox.requeue(entry.id)).toBe(false)
          // Nothing left to claim, now or at any later time: no worker can deliver it again.
          const claimable = yield* Effect.flatMap(OutboxStore, (store) =>
            store.claim({ limit: 10, now: Number.MAX_SAFE_INTEGER, leaseMillis: 1, owner: "probe", token: "t-probe" })
          )
          expect(claimable).toEqual([])
          expect(tickets.calls("T-once")).toBe(1)
          expect(tickets.total).toBe(1)
        }).pipe(Effect.provide(instance(db, { tickets })))
      })
    )

    it.scoped(
      "a crashed instance's claim is retaken once its lease expires (not before); its late record is ignored",
      () =>
        Effect.gen(function* () {
          const db = yield* backend.make
          const journal = yield* makeJournal
          const tickets = makeDouble()
          // The "crashed" instance: claims the entry with a 1 s lease at TestClock 0 and never records an outcome.
          const crashed = yield* Layer.build(instance(db, { worker: false }))
          const entry = yield* Effect.flatMap(Outbox, (o) => o.enqueue(informFor("T-lease"), { consumer: "c" })).pipe(
            Effect.provide(crashed)
          )
          const claimed = yield* Effect.flatMap(OutboxStore, (store) =>
            store.claim({ limit: 10, now: 0, leaseMillis: 1_000, owner: "crashed", token: "t-crashed" })
          ).pipe(Effect.provide(crashed))
          expect(claimed.map((c) => c.entry.id)).toEqual([entry.id])

          yield* Effect.gen(function* () {
            const outbox = yield* Outbox
            // Still leased by the crashed instance: the store does not hand it out before the lease expires.
            const early = yield* Effect.flatMap(OutboxStore, (store) =>
              store.claim({ limit: 10, now: 0, leaseMillis: 1_000, owner: "probe", token: "t-probe" })
            )
            expect(early.map((c) => c.entry.id)).not.toContain(entry.id)
            // 1 ms before the lease expires, the worker's claim takes nothing.
            expect((yield* claimAt(journal, 999)).ids).toEqual([])
            if (backend.name !== "sqlite")
              // PostgreSQL measures leases on its own clock, which the TestClock does not move: its time passing is
              // simulated by moving the lease back by its length.
              yield* Effect.flatMap(
                SqlClient.SqlClient,
                (sql) => sql`UPDATE its_outbox SET lease_until = lease_until - 1000 WHERE id = ${entry.id}`
              )
            expect(tickets.calls("T-lease")).toBe(0)
            expect((yield* claimAt(journal, 1_000)).ids).toEqual([entry.id])
            const settled = yield* settledWithin(entry.id)
            expect(settled).toMatchObject({ status: "delivered", attempts: 2 })
            expect(tickets.calls("T-lease")).toBe(1)
            // The crashed worker's stale claim token no longer owns the entry.
            const late = yield* Effect.flatMap(OutboxStore, (store) =>
              store.markFailed(entry.id, "t-crashed", { status: "pending", nextAttemptAt: 0, error: "late", now: 0 })
            )
            expect(late).toBe(false)
            expect(Option.getOrThrow(yield* outbox.get(entry.id)).status).toBe("delivered")
          }).pipe(Effect.provide(instance(db, { tickets, journal, config: noTicks })))
        })
    )

    it.scoped("two instances on one database deliver each of 200 entries exactly once", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        // One journal for both instances: 200 recorded deliveries, whichever instance recorded them.
        const journal = yield* makeJournal
        // Both instances' doubles count into one map, so a double delivery by the two shows as a count of 2.
        const counts = new Map<string, number>()
        const counting = () =>
          makeDouble((inform) =>
            Effect.sync(() => counts.set(inform.ticket.ticketId, (counts.get(inform.ticket.ticketId) ?? 0) + 1)).pipe(
              // Yield to the other fibers, so the two workers interleave.
              Effect.zipRight(Effect.yieldNow()),
              Effect.as(replyFor(inform.ticket.ticketId))
            )
          )
        const a = counting()
        const b = counting()
        const config = { concurrency: 4, pollInterval: Duration.millis(5) }
        const one = yield* Layer.build(instance(db, { tickets: a, journal, config }))
        const two = yield* Layer.build(instance(db, { tickets: b, journal, config }))
        const ids = Array.from({ length: 200 }, (_, i) => `T-many-${i}`)
        yield* Effect.forEach(
          ids,
          (ticketId, i) =>
            Effect.flatMap(Outbox, (o) => o.enqueue(informFor(ticketId), { consumer: "c" })).pipe(
              Effect.provide(i % 2 === 0 ? one : two)
            ),
          { concurrency: 8, discard: true }
        )
        // No clock advance: each enqueue wakes its instance's worker, which claims until nothing is due.
        for (let i = 0; i < 200; i++) yield* journal.next("Delivered")
        expect((yield* Effect.flatMap(Outbox, (o) => o.stats).pipe(Effect.provide(one))).delivered).toBe(200)
        expect(counts.size).toBe(200)
        expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([])
        expect(a.total + b.total).toBe(200)
        // Both workers took part (each instance's enqueues wake its own worker first).
        expect(a.total).toBeGreaterThan(0)
        expect(b.total).toBeGreaterThan(0)
      })
    )

    it.scoped("shutdown during a delivery lets it finish and be recorded, then stops", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        const started = yield* Deferred.make<void>()
        const tickets = makeDouble((inform) =>
          Deferred.succeed(started, undefined).pipe(
            Effect.zipRight(Effect.sleep(Duration.millis(300))),
            Effect.as(replyFor(inform.ticket.ticketId))
          )
        )
        const observer = yield* Layer.build(instance(db, { worker: false }))
        const scope = yield* Scope.make()
        const ctx = yield* Layer.buildWithScope(instance(db, { tickets }), scope)
        const entry = yield* Effect.flatMap(Outbox, (o) => o.enqueue(informFor("T-stop"), { consumer: "c" })).pipe(
          Effect.provide(ctx)
        )
        yield* Deferred.await(started)
        const closing = yield* Effect.fork(Scope.close(scope, Exit.void))
        // Closing waits for the delivery in flight (300 ms on the TestClock)…
        yield* TestClock.adjust(Duration.millis(299))
        expect(yield* Fiber.poll(closing)).toEqual(Option.none())
        const during = yield* Effect.flatMap(Outbox, (o) => o.get(entry.id)).pipe(Effect.provide(observer))
        expect(Option.getOrThrow(during).status).toBe("delivering")
        yield* TestClock.adjust(Duration.millis(1))
        yield* Fiber.join(closing)
        // …and it is recorded by the time `close` returns.
        const after = yield* Effect.flatMap(Outbox, (o) => o.get(entry.id)).pipe(Effect.provide(observer))
        expect(Option.getOrThrow(after)).toMatchObject({ status: "delivered", reply: replyFor("T-stop") })
        // Stopped: a new entry is not picked up any more, even after many poll intervals (it is still there to
        // claim, never attempted).
        const next = yield* Effect.flatMap(Outbox, (o) => o.enqueue(informFor("T-after"), { consumer: "c" })).pipe(
          Effect.provide(observer)
        )
        yield* TestClock.adjust(Duration.seconds(1))
        const unclaimed = yield* Effect.flatMap(OutboxStore, (store) =>
          store.claim({ limit: 10, now: 1_300, leaseMillis: 1_000, owner: "probe", token: "t-probe" })
        ).pipe(Effect.provide(observer))
        expect(unclaimed.map((c) => ({ id: c.entry.id, attempts: c.entry.attempts }))).toEqual([
          { id: next.id, attempts: 1 }
        ])
        expect(tickets.calls("T-after")).toBe(0)
        expect(tickets.total).toBe(1)
      })
    )
  })
}
