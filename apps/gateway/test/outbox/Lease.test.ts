import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Deferred, Duration, Effect, Layer, Option, TestClock } from "effect"
import { Outbox } from "../../src/outbox/Outbox.ts"
import { OutboxConfig } from "../../src/outbox/OutboxConfig.ts"
import { OutboxStore } from "../../src/outbox/Store.ts"
import { instanceIdentity } from "../../src/outbox/Worker.ts"
import { backends, informFor, instance, makeDouble, makeJournal, replyFor } from "./support.ts"

const leaseOf = (id: string) =>
  Effect.flatMap(
    SqlClient.SqlClient,
    (sql) => sql<{ lease_until: number | string }>`
    SELECT lease_until FROM its_outbox WHERE id = ${id}`
  ).pipe(Effect.map((rows) => Number(rows[0]?.lease_until)))

const sqlite = backends.find((b) => b.name === "sqlite") as (typeof backends)[number]
const postgres = backends.find((b) => b.name === "postgres")

describe("outbox leases (SQLite, TestClock)", () => {
  it.scoped("a running delivery renews its lease every third of it, so nobody else takes it over", () =>
    Effect.gen(function* () {
      const db = yield* sqlite.make
      const journal = yield* makeJournal
      const release = yield* Deferred.make<void>()
      const tickets = makeDouble((inform) => Deferred.await(release).pipe(Effect.as(replyFor(inform.ticket.ticketId))))
      const config = {
        lease: Duration.seconds(3),
        deliveryTimeout: Duration.minutes(5),
        pollInterval: Duration.hours(1)
      }
      yield* Effect.gen(function* () {
        const outbox = yield* Outbox
        const store = yield* OutboxStore
        const entry = yield* outbox.enqueue(informFor("T-beat"), { consumer: "c" })
        yield* tickets.next
        expect(yield* leaseOf(entry.id)).toBe(3_000)
        for (const at of [1_000, 2_000, 3_000, 4_000, 5_000]) {
          // Not renewed 1 ms before the beat…
          yield* TestClock.setTime(at - 1)
          expect(yield* leaseOf(entry.id)).toBe(at + 2_000)
          // …renewed at it.
          yield* TestClock.setTime(at)
          expect(yield* journal.next("Renewed", (r) => r.id === entry.id)).toMatchObject({ now: at })
          expect(yield* leaseOf(entry.id)).toBe(at + 3_000)
        }
        // Past the first lease (3 s) by far: another worker claiming now finds nothing to take over.
        expect(yield* store.claim({ limit: 10, now: 5_500, leaseMillis: 3_000, owner: "other", token: "x" })).toEqual(
          []
        )
        yield* Deferred.succeed(release, undefined)
        const settled = yield* outbox.awaitSettled(entry.id)
        expect(settled).toMatchObject({ status: "delivered", attempts: 1 })
        expect(tickets.calls("T-beat")).toBe(1)
      }).pipe(Effect.provide(instance(db, { tickets, journal, config })))
    })
  )

  it.scoped("a restarted instance releases its own claims at start; another identity's claims stay leased", () =>
    Effect.gen(function* () {
      const db = yield* sqlite.make
      // The killed process: identity gw-1, claimed one entry (a 60 s lease) and never recorded an outcome.
      const killed = yield* Layer.build(instance(db, { worker: false, config: { instanceId: Option.some("gw-1") } }))
      const [own, foreign] = yield* Effect.gen(function* () {
        const outbox = yield* Outbox
        const store = yield* OutboxStore
        const own = yield* outbox.enqueue(informFor("T-own"), { consumer: "c" })
        yield* store.claim({ limit: 1, now: 0, leaseMillis: 60_000, owner: "gw-1", token: "k1" })
        const foreign = yield* outbox.enqueue(informFor("T-foreign"), { consumer: "c" })
        yield* store.claim({ limit: 1, now: 0, leaseMillis: 60_000, owner: "gw-2", token: "k2" })
        return [own, foreign] as const
      }).pipe(Effect.provide(killed))

      const tickets = makeDouble()
      const restarted = instance(db, { tickets, config: { instanceId: Option.some("gw-1") } })
      yield* Effect.gen(function* () {
        const outbox = yield* Outbox
        // No clock advance: the own claim is delivered at once, the other instance's waits for its lease.
        const settled = yield* outbox.awaitSettled(own.id)
        expect(settled).toMatchObject({ status: "delivered", attempts: 2 })
        expect(tickets.calls("T-own")).toBe(1)
        expect(tickets.calls("T-foreign")).toBe(0)
        expect(Option.getOrThrow(yield* outbox.get(foreign.id)).status).toBe("delivering")
      }).pipe(Effect.provide(restarted))
    })
  )

  it.effect("GATEWAY_INSTANCE_ID and OUTBOX_DELIVERY_TIMEOUT_MS are read; the default identity is stable", () =>
    Effect.gen(function* () {
      const load = (env: Record<string, string>) =>
        Effect.flatMap(OutboxConfig, Effect.succeed).pipe(
          Effect.provide(OutboxConfig.layer),
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
        )
      const defaults = yield* load({})
      expect(Duration.toMillis(defaults.lease)).toBe(15_000)
      expect(Duration.toMillis(defaults.deliveryTimeout)).toBe(30_000)
      expect(instanceIdentity(defaults)).toBe(instanceIdentity(yield* load({})))
      expect(instanceIdentity(defaults)).not.toBe(instanceIdentity(yield* load({ ITS_DATA_DIR: "/elsewhere" })))
      const set = yield* load({ GATEWAY_INSTANCE_ID: "gw-7", OUTBOX_DELIVERY_TIMEOUT_MS: "20000" })
      expect(instanceIdentity(set)).toBe("gw-7")
      expect(Duration.toMillis(set.deliveryTimeout)).toBe(20_000)
    })
  )
})

describe.skipIf(postgres?.skip ?? true)("outbox leases on PostgreSQL", () => {
  it.scopedLive("claims measure the lease on the database's clock, not the claiming instance's", () =>
    Effect.gen(function* () {
      const db = yield* (postgres as (typeof backends)[number]).make
      yield* Effect.gen(function* () {
        const outbox = yield* Outbox
        const store = yield* OutboxStore
        const sql = yield* SqlClient.SqlClient
        const entry = yield* outbox.enqueue(informFor("T-dbclock"), { consumer: "c" })
        const skew = 3_600_000 // this instance's clock runs an hour ahead
        const [claimed] = yield* store.claim({
          limit: 1,
          now: Date.now() + skew,
          leaseMillis: 60_000,
          owner: "fast-clock",
          token: "k"
        })
        expect(claimed?.entry.id).toBe(entry.id)
        const [left] = yield* sql<{ left: number | string }>`
          SELECT lease_until - (EXTRACT(EPOCH FROM now()) * 1000)::bigint AS left FROM its_outbox WHERE id = ${entry.id}`
        expect(Number(left?.left)).toBeGreaterThan(50_000)
        expect(Number(left?.left)).toBeLessThanOrEqual(60_000)
        // An instance whose clock runs two hours ahead still sees the lease as held.
        const retaken = yield* store.claim({
          limit: 1,
          now: Date.now() + 2 * skew,
          leaseMillis: 60_000,
          owner: "faster-clock",
          token: "k2"
        })
        expect(retaken).toEqual([])
        expect(yield* store.renew(entry.id, "k", 0, 120_000)).toBe(true)
        const [renewed] = yield* sql<{ left: number | string }>`
          SELECT lease_until - (EXTRACT(EPOCH FROM now()) * 1000)::bigint AS left FROM its_outbox WHERE id = ${entry.id}`
        expect(Number(renewed?.left)).toBeGreaterThan(110_000)
        expect(yield* store.renew(entry.id, "not-the-owner", 0, 120_000)).toBe(false)
      }).pipe(Effect.provide(instance(db, { worker: false })))
    })
  )
})
