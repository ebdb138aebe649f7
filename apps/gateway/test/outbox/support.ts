/**
 * Test support for the outbox: a scripted `Tickets` double that counts calls per ticketId, informs built from the
 * tickets package's examples, and the two backends (SQLite in a temp dir; PostgreSQL in a schema of its own per
 * test, when ITS_TEST_DATABASE_URL is set).
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
import { Clock, Duration, Effect, Layer, Option, Redacted, type Scope } from "effect"
import { Outbox } from "../../src/outbox/Outbox.ts"
import { OutboxConfig, type OutboxSettings } from "../../src/outbox/OutboxConfig.ts"
import { OutboxStore } from "../../src/outbox/Store.ts"
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

/** A `Tickets` whose `informTicket` follows `behaviour` (default: accept) and records every call. */
export const makeDouble = (initial: Behaviour = (inform) => Effect.succeed(replyFor(inform.ticket.ticketId))) => {
  const counts = new Map<string, number>()
  const times: Array<number> = []
  let behaviour = initial
  let total = 0
  const shape = {
    informTicket: (inform: TicketInform) =>
      Effect.gen(function* () {
        const ticketId = inform.ticket.ticketId
        const call = (counts.get(ticketId) ?? 0) + 1
        counts.set(ticketId, call)
        total += 1
        times.push(yield* Clock.currentTimeMillis)
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
    setBehaviour: (next: Behaviour) => {
      behaviour = next
    }
  }
}
export type Double = ReturnType<typeof makeDouble>

/** Fast settings for tests (real time, milliseconds). */
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

/** One gateway instance: its own connection, store, `Outbox`, and (unless `worker: false`) a running worker. */
export const instance = (
  backend: Backend,
  options: { readonly tickets?: Double; readonly worker?: boolean; readonly config?: Partial<OutboxSettings> } = {}
) => {
  const store = OutboxStore.layer.pipe(Layer.provideMerge(backend.sql()))
  // Every instance its own identity (a shared one would release the other's claims at start).
  const config = OutboxConfig.layer({ ...fast, instanceId: Option.some(crypto.randomUUID()), ...options.config })
  const services =
    options.worker === false || options.tickets === undefined
      ? Outbox.layer
      : Layer.merge(Outbox.layer, OutboxWorker.layer.pipe(Layer.provide(options.tickets.layer)))
  return services.pipe(Layer.provideMerge(store), Layer.provideMerge(config), Layer.orDie)
}

/** Polls until `check` holds (real time), failing the test after `timeout`. */
export const eventually = <E, R>(
  check: Effect.Effect<boolean, E, R>,
  timeout: Duration.DurationInput = Duration.seconds(20)
): Effect.Effect<void, E | Error, R> =>
  Effect.gen(function* () {
    while (!(yield* check)) yield* Effect.sleep(Duration.millis(10))
  }).pipe(Effect.timeoutFail({ duration: timeout, onTimeout: () => new Error("condition not reached in time") }))
