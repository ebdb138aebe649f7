/**
 * Test support for the outbox: a scripted `Tickets` double that counts calls per ticketId, informs built from the
 * tickets package's examples, a journal of what an instance's store did (claims, outcomes, renewals, prunes), and
 * the two backends (SQLite in a temp dir; PostgreSQL in a schema of its own per test, when ITS_TEST_DATABASE_URL is
 * set). The tests run on the TestClock: they wait for journal events and double calls, never for wall time.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { SqlClient } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { SqliteClient } from "@effect/sql-sqlite-node"
import {
  Build,
  example,
  type TicketInform,
  type TicketInformReply,
  Tickets,
  type TicketsError,
  type TicketsShape
} from "@its/tickets"
import { Clock, Context, Duration, Effect, Layer, Option, Queue, Redacted, type Scope, TestClock } from "effect"
import { Outbox } from "../../src/outbox/Outbox.ts"
import { OutboxConfig, type OutboxSettings } from "../../src/outbox/OutboxConfig.ts"
import { type FailureRecord, OutboxStore, type OutboxStoreShape } from "../../src/outbox/Store.ts"
import { OutboxWorker } from "../../src/outbox/Worker.ts"

export const pgUrl = process.env.ITS_TEST_DATABASE_URL

export const informFor = (ticketId: string): TicketInform =>
  Build.ticketInform({ ...example("single"), ticketId }, [{ code: 0, rejected: false }])

export const replyFor = (ticketId: string): TicketInformReply => ({
  type: "ticket-inform-reply",
  signature: `sig-${ticketId}`,
  status: "accepted",
  ticketId,
  code: 0,
  message: "accepted"
})

export type Behaviour = (inform: TicketInform, call: number) => Effect.Effect<TicketInformReply, TicketsError>

/** One call of the double: which ticket, its call number for that ticket, and when (TestClock). */
export interface Call {
  readonly ticketId: string
  readonly call: number
  readonly at: number
}

/** A `Tickets` whose `informTicket` follows `behaviour` (default: accept) and records every call. */
export const makeDouble = (initial: Behaviour = (inform) => Effect.succeed(replyFor(inform.ticket.ticketId))) => {
  const counts = new Map<string, number>()
  const times: Array<number> = []
  const started = Effect.runSync(Queue.unbounded<Call>())
  let behaviour = initial
  let total = 0
  const shape = {
    informTicket: (inform: TicketInform) =>
      Effect.gen(function* () {
        const ticketId = inform.ticket.ticketId
        const call = (counts.get(ticketId) ?? 0) + 1
        counts.set(ticketId, call)
        total += 1
        const at = yield* Clock.currentTimeMillis
        times.push(at)
        yield* Queue.offer(started, { ticketId, call, at })
        return yield* behaviour(inform, call)
      })
  } as unknown as TicketsShape
  return {
    layer: Layer.succeed(Tickets, shape),
    calls: (ticketId: string) => counts.get(ticketId) ?? 0,
    get total() {
      return total
    },
    counts,
    times,
    /** Waits for the next call (in call order), however long the worker takes: no polling. */
    next: Queue.take(started),
    setBehaviour: (next: Behaviour) => {
      behaviour = next
    }
  }
}
export type Double = ReturnType<typeof makeDouble>

/** Short settings for tests (TestClock milliseconds). */
export const fast: Partial<OutboxSettings> = {
  maxAttempts: 5,
  retryBase: Duration.millis(5),
  retryMax: Duration.millis(40),
  lease: Duration.seconds(5),
  pollInterval: Duration.millis(10),
  deliveryTimeout: Duration.seconds(4),
  waitRecheck: Duration.millis(100),
  waitMax: Duration.seconds(10)
}

export interface Backend {
  readonly name: string
  /** A new connection (pool) to this test's database each time it is built. */
  readonly sql: () => Layer.Layer<SqlClient.SqlClient, unknown>
}

export const sqliteBackend: Effect.Effect<Backend & { readonly dir: string }, never, Scope.Scope> =
  Effect.acquireRelease(
    Effect.promise(() => mkdtemp(join(tmpdir(), "its-outbox-"))),
    (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
  ).pipe(
    Effect.map((dir) => ({
      name: "sqlite",
      dir,
      sql: () => SqliteClient.layer({ filename: join(dir, "gateway.sqlite") })
    }))
  )

/** A schema of its own (dropped afterwards), selected through the connection's search_path. */
export const pgBackend: Effect.Effect<Backend, unknown, Scope.Scope> = Effect.gen(function* () {
  const base = pgUrl as string
  const schema = `outbox_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`
  const admin = PgClient.layer({ url: Redacted.make(base) })
  const run = (statement: string) =>
    Effect.flatMap(PgClient.PgClient, (sql) => sql.unsafe(statement)).pipe(Effect.provide(admin), Effect.scoped)
  yield* Effect.acquireRelease(run(`CREATE SCHEMA ${schema}`), () =>
    run(`DROP SCHEMA ${schema} CASCADE`).pipe(Effect.ignore)
  )
  const url = `${base}${base.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`
  return { name: "pg", sql: () => PgClient.layer({ url: Redacted.make(url), maxConnections: 4 }) }
})

export const backends: ReadonlyArray<{
  readonly name: string
  readonly skip: boolean
  readonly make: Effect.Effect<Backend, unknown, Scope.Scope>
}> = [
  { name: "sqlite", skip: false, make: sqliteBackend },
  { name: "postgres", skip: pgUrl === undefined || pgUrl === "", make: pgBackend }
]

/** What a store did, in order: what the tests wait for instead of polling the database. */
export type StoreEvent =
  | { readonly _tag: "Claimed"; readonly now: number; readonly ids: ReadonlyArray<string> }
  | { readonly _tag: "Delivered"; readonly id: string; readonly now: number }
  | { readonly _tag: "Failed"; readonly id: string; readonly record: FailureRecord }
  | { readonly _tag: "Renewed"; readonly id: string; readonly now: number }
  | { readonly _tag: "Pruned"; readonly before: number; readonly count: number }

export const makeJournal = Effect.map(Queue.unbounded<StoreEvent>(), (queue) => {
  const wrap = (store: OutboxStoreShape): OutboxStoreShape => {
    const log = (event: StoreEvent) => Queue.offer(queue, event)
    return {
      ...store,
      claim: (o) =>
        Effect.tap(store.claim(o), (c) => log({ _tag: "Claimed", now: o.now, ids: c.map((x) => x.entry.id) })),
      markDelivered: (id, reply, now, note) =>
        Effect.tap(store.markDelivered(id, reply, now, note), (ok) =>
          ok ? log({ _tag: "Delivered", id, now }) : Effect.void
        ),
      markFailed: (id, token, record) =>
        Effect.tap(store.markFailed(id, token, record), (ok) =>
          ok ? log({ _tag: "Failed", id, record }) : Effect.void
        ),
      renew: (id, token, now, lease) =>
        Effect.tap(store.renew(id, token, now, lease), (ok) => (ok ? log({ _tag: "Renewed", id, now }) : Effect.void)),
      prune: (before) => Effect.tap(store.prune(before), (count) => log({ _tag: "Pruned", before, count }))
    }
  }
  /** The next event with this tag (and matching `where`); earlier events are dropped. */
  const next = <T extends StoreEvent["_tag"]>(
    tag: T,
    where: (event: Extract<StoreEvent, { _tag: T }>) => boolean = () => true
  ): Effect.Effect<Extract<StoreEvent, { _tag: T }>> =>
    Effect.gen(function* () {
      for (;;) {
        const event = yield* Queue.take(queue)
        if (event._tag === tag && where(event as Extract<StoreEvent, { _tag: T }>))
          return event as Extract<StoreEvent, { _tag: T }>
      }
    })
  return { wrap, next }
})
export type Journal = Effect.Effect.Success<typeof makeJournal>

/**
 * Sets the TestClock to `at` and wakes the worker, whose claim then runs at exactly `at` (with `pollInterval` far
 * off, no tick claims in between); returns that claim.
 */
export const claimAt = (journal: Journal, at: number) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(at)
    yield* Effect.flatMap(OutboxStore, (store) => store.notify)
    return yield* journal.next("Claimed", (c) => c.now === at)
  })

/** One gateway instance: its own connection, store, `Outbox`, and (unless `worker: false`) a running worker. */
export const instance = (
  backend: Backend,
  options: {
    readonly tickets?: Double
    readonly worker?: boolean
    readonly config?: Partial<OutboxSettings>
    /** Records what the store does (the worker and `Outbox` use the recording store). */
    readonly journal?: Journal
  } = {}
) => {
  const journal = options.journal
  const store = OutboxStore.layer.pipe(
    Layer.provideMerge(backend.sql()),
    Layer.map((ctx) =>
      journal === undefined ? ctx : Context.add(ctx, OutboxStore, journal.wrap(Context.get(ctx, OutboxStore)))
    )
  )
  // Every instance its own identity (a shared one would release the other's claims at start).
  const config = OutboxConfig.layerWith({ ...fast, instanceId: Option.some(crypto.randomUUID()), ...options.config })
  const services =
    options.worker === false || options.tickets === undefined
      ? Outbox.layer
      : Layer.merge(Outbox.layer, OutboxWorker.layer.pipe(Layer.provide(options.tickets.layer)))
  return services.pipe(Layer.provideMerge(store), Layer.provideMerge(config), Layer.orDie)
}
