/**
 * `OutboxStore`: the outbox's SQL, one statement per operation and no multi-statement transactions. Every write is
 * a single atomic statement (autocommit), which keeps SQLite safe with several connections on one file (a
 * better-sqlite3 connection waits for locks synchronously, so a transaction held across an await by one connection
 * would stall the other) and keeps PostgreSQL claims short.
 *
 * Claiming (the only contended operation) is one statement (`Claim.ts`); rows are decoded by `Rows.ts`. A claim sets
 * `status = delivering`, `lease_until`, `claimed_by` and a fresh `claim_token`, and counts the attempt. Failure
 * records are conditional on the claim token (a worker whose lease was taken over cannot overwrite the new owner's
 * outcome); a success is always recorded (the message did go out) unless the row is already delivered.
 */
import { SqlClient, type SqlError } from "@effect/sql"
import { Context, Effect, Layer, Option, Queue, type Scope } from "effect"
import { migrate } from "../db/Migrations.ts"
import { type ClaimOptions, claimStatement, leaseClock } from "./Claim.ts"
import { type OutboxEntry, type OutboxStats, type OutboxStatus, OutboxStoreError } from "./OutboxEntry.ts"
import { CountRow, IdRow, OutboxRow, rowsOf, StatusCountRow, toEntry } from "./Rows.ts"
import { makeSettlements } from "./Settlements.ts"

/** A claimed entry: what the worker delivers (`payload`, the encoded inform JSON) and proves ownership with. */
export interface Claimed {
  readonly entry: OutboxEntry
  readonly payload: string
  readonly claimToken: string
}

export interface NewEntry {
  readonly id: string
  readonly ticketId: string
  readonly consumer: string
  readonly payload: string
  readonly now: number
}

export interface FailureRecord {
  readonly status: "pending" | "dead"
  readonly nextAttemptAt: number
  readonly error: string
  readonly now: number
}

export interface OutboxStoreShape {
  /** Inserts unless the ticketId exists; returns the stored entry, its payload and whether this call wrote it. */
  readonly insert: (
    entry: NewEntry
  ) => Effect.Effect<
    { readonly entry: OutboxEntry; readonly inserted: boolean; readonly payload: string },
    OutboxStoreError
  >
  readonly find: (id: string) => Effect.Effect<Option.Option<OutboxEntry>, OutboxStoreError>
  readonly claim: (options: ClaimOptions) => Effect.Effect<ReadonlyArray<Claimed>, OutboxStoreError>
  /** Deletes delivered entries delivered before `before` (retention); their count. */
  readonly prune: (before: number) => Effect.Effect<number, OutboxStoreError>
  /** Dead-letters the entries whose lease expired after `maxAttempts` claims (never recorded: poison); their count. */
  readonly buryAbandoned: (now: number, maxAttempts: number) => Effect.Effect<number, OutboxStoreError>
  /** Records the reply; false if the row was already delivered (e.g. by a worker that took over the lease). */
  /** `note` is kept in `lastError` next to the reply (e.g. the reply may answer a re-send). */
  readonly markDelivered: (
    id: string,
    reply: string,
    now: number,
    note?: string
  ) => Effect.Effect<boolean, OutboxStoreError>
  /** Records a failed attempt if `token` still owns the claim; false otherwise. */
  readonly markFailed: (id: string, token: string, record: FailureRecord) => Effect.Effect<boolean, OutboxStoreError>
  readonly deadLetters: (limit: number) => Effect.Effect<ReadonlyArray<OutboxEntry>, OutboxStoreError>
  /** dead → pending (due now, attempts reset); false unless the entry was dead. */
  readonly requeue: (id: string, now: number) => Effect.Effect<boolean, OutboxStoreError>
  readonly stats: (now: number) => Effect.Effect<OutboxStats, OutboxStoreError>
  readonly ping: Effect.Effect<void, OutboxStoreError>
  /** Wakes this instance's worker (after an enqueue or a requeue here); other instances find work by polling. */
  readonly notify: Effect.Effect<void>
  readonly awaitWork: Effect.Effect<void>
  /** Extends the lease of a running delivery (heartbeat) while `token` owns it; false when it no longer does. */
  readonly renew: (
    id: string,
    token: string,
    now: number,
    leaseMillis: number
  ) => Effect.Effect<boolean, OutboxStoreError>
  /**
   * Puts the entries claimed under `owner` back to pending, due now: at start, a restarted instance takes back what
   * its killed predecessor (same identity) had claimed instead of leaving them for a whole lease. Their count.
   */
  readonly releaseOwned: (owner: string, now: number) => Effect.Effect<number, OutboxStoreError>
  /**
   * A latch that opens when an outcome (delivered or dead) of `id` is recorded by this or (PostgreSQL, through
   * `LISTEN/NOTIFY`) any instance; registered until the scope closes (`Settlements.ts`).
   */
  readonly watchOutcome: (id: string) => Effect.Effect<Effect.Effect<void>, never, Scope.Scope>
}

/**
 * The stats of the unsettled and dead rows: an index search on `its_outbox_status` (O(those rows), never the
 * delivered ones); the delivered count comes from `its_outbox_counters`.
 */
export const statsStatement = `SELECT status, COUNT(*) AS n, MIN(created_at) AS oldest FROM its_outbox
  WHERE status IN ('pending', 'delivering', 'dead') GROUP BY status`

const storeError = (operation: string) => (error: SqlError.SqlError) =>
  // SqlError's message is the driver's summary; its cause (which may name the server) is not copied.
  new OutboxStoreError({ operation, message: error.message })

/** The store's requirements: the client, and a scope for its `LISTEN` (PostgreSQL). */
type StoreEnv = SqlClient.SqlClient | Scope.Scope

export const makeStore: Effect.Effect<OutboxStoreShape, never, StoreEnv> = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const wake = yield* Queue.sliding<void>(1)
  /** `now` on SQLite (one machine, one clock); the database's clock on PostgreSQL (`Claim.ts`). */
  const leaseNow = (now: number) => leaseClock(sql, now)
  const entries = (operation: string) => rowsOf(OutboxRow, operation)
  const ids = (operation: string) => rowsOf(IdRow, operation)
  const settlements = yield* makeSettlements

  const insert = (e: NewEntry) =>
    Effect.gen(function* () {
      const inserted = yield* entries("enqueue")(sql`INSERT INTO its_outbox
          (id, ticket_id, consumer, payload, status, attempts, created_at, updated_at, next_attempt_at)
        VALUES (${e.id}, ${e.ticketId}, ${e.consumer}, ${e.payload}, 'pending', 0, ${e.now}, ${e.now}, ${e.now})
        ON CONFLICT (ticket_id) DO NOTHING
        RETURNING *`)
      if (inserted[0] !== undefined) return { entry: toEntry(inserted[0]), inserted: true, payload: e.payload }
      const existing = yield* entries("enqueue")(sql`SELECT * FROM its_outbox WHERE ticket_id = ${e.ticketId}`)
      if (existing[0] === undefined)
        return yield* new OutboxStoreError({
          operation: "enqueue",
          message: "insert conflicted but no row was found"
        })
      return { entry: toEntry(existing[0]), inserted: false, payload: existing[0].payload }
    })

  const find = (id: string) =>
    entries("get")(sql`SELECT * FROM its_outbox WHERE id = ${id}`).pipe(
      Effect.map((rows) => Option.map(Option.fromNullable(rows[0]), toEntry))
    )

  const claim: OutboxStoreShape["claim"] = (options) =>
    entries("claim")(claimStatement(sql, options)).pipe(
      Effect.map((rows) =>
        rows.map((row) => ({ entry: toEntry(row), payload: row.payload, claimToken: options.token }))
      )
    )

  const prune = (before: number) =>
    ids("prune")(sql`DELETE FROM its_outbox WHERE status = 'delivered' AND delivered_at < ${before} RETURNING id`).pipe(
      Effect.map((rows) => rows.length),
      Effect.tap((n) =>
        n > 0
          ? Effect.mapError(
              sql`UPDATE its_outbox_counters SET n = n - ${n} WHERE name = 'delivered'`,
              storeError("prune")
            )
          : Effect.void
      )
    )

  const buryAbandoned = (now: number, maxAttempts: number) =>
    ids("bury abandoned")(sql`UPDATE its_outbox
      SET status = 'dead', updated_at = ${now}, lease_until = NULL, claimed_by = NULL, claim_token = NULL,
          last_error = ${`abandoned: ${maxAttempts} deliveries never recorded an outcome (the worker crashed or stalled)`}
      WHERE status = 'delivering' AND lease_until <= ${leaseNow(now)} AND attempts >= ${maxAttempts}
      RETURNING id`).pipe(
      Effect.tap((rows) => settlements.publish(rows.map((row) => row.id))),
      Effect.map((rows) => rows.length)
    )

  const markDelivered = (id: string, reply: string, now: number, note?: string) =>
    ids("record reply")(sql`UPDATE its_outbox
      SET status = 'delivered', reply = ${reply}, delivered_at = ${now}, updated_at = ${now},
          lease_until = NULL, claim_token = NULL, last_error = ${note ?? null}
      WHERE id = ${id} AND status <> 'delivered'
      RETURNING id`).pipe(
      Effect.map((rows) => rows.length > 0),
      // The delivered counter of `stats` (a separate statement: exact unless the process dies in between).
      Effect.tap((updated) =>
        updated
          ? Effect.mapError(
              sql`UPDATE its_outbox_counters SET n = n + 1 WHERE name = 'delivered'`,
              storeError("record reply")
            )
          : Effect.void
      ),
      Effect.tap((updated) => (updated ? settlements.publish([id]) : Effect.void))
    )

  const markFailed = (id: string, token: string, r: FailureRecord) =>
    ids("record failure")(sql`UPDATE its_outbox
      SET status = ${r.status}, next_attempt_at = ${r.nextAttemptAt}, last_error = ${r.error}, updated_at = ${r.now},
          lease_until = NULL, claimed_by = NULL, claim_token = NULL
      WHERE id = ${id} AND claim_token = ${token} AND status = 'delivering'
      RETURNING id`).pipe(
      Effect.map((rows) => rows.length > 0),
      Effect.tap((owned) => (owned && r.status === "dead" ? settlements.publish([id]) : Effect.void))
    )

  const renew = (id: string, token: string, now: number, leaseMillis: number) =>
    ids("renew lease")(sql`UPDATE its_outbox SET lease_until = ${leaseNow(now)} + ${leaseMillis}
      WHERE id = ${id} AND claim_token = ${token} AND status = 'delivering'
      RETURNING id`).pipe(Effect.map((rows) => rows.length > 0))

  const releaseOwned = (owner: string, now: number) =>
    ids("release own claims")(sql`UPDATE its_outbox
      SET status = 'pending', next_attempt_at = ${now}, updated_at = ${now},
          lease_until = NULL, claimed_by = NULL, claim_token = NULL
      WHERE status = 'delivering' AND claimed_by = ${owner}
      RETURNING id`).pipe(
      Effect.map((rows) => rows.length),
      Effect.tap((n) => (n > 0 ? Queue.offer(wake, undefined) : Effect.void))
    )

  const deadLetters = (limit: number) =>
    entries("dead letters")(
      sql`SELECT * FROM its_outbox WHERE status = 'dead' ORDER BY updated_at DESC LIMIT ${limit}`
    ).pipe(Effect.map((rows) => rows.map(toEntry)))

  const requeue = (id: string, now: number) =>
    ids("requeue")(sql`UPDATE its_outbox
      SET status = 'pending', attempts = 0, next_attempt_at = ${now}, updated_at = ${now}
      WHERE id = ${id} AND status = 'dead'
      RETURNING id`).pipe(
      Effect.map((rows) => rows.length > 0),
      Effect.tap((requeued) => (requeued ? Queue.offer(wake, undefined) : Effect.void))
    )

  const stats = (now: number) =>
    Effect.zipWith(
      rowsOf(StatusCountRow, "stats")(sql.unsafe(statsStatement)),
      rowsOf(CountRow, "stats")(sql`SELECT n FROM its_outbox_counters WHERE name = 'delivered'`),
      (rows, delivered): OutboxStats => {
        const count = (status: OutboxStatus) => rows.find((r) => r.status === status)?.n ?? 0
        const oldest = rows.flatMap((r) =>
          (r.status === "pending" || r.status === "delivering") && r.oldest !== null ? [r.oldest] : []
        )
        return {
          pending: count("pending"),
          delivering: count("delivering"),
          delivered: delivered[0]?.n ?? 0,
          dead: count("dead"),
          oldestPendingAgeMillis: oldest.length === 0 ? 0 : Math.max(0, now - Math.min(...oldest))
        }
      }
    )

  return {
    insert: (e) => Effect.tap(insert(e), ({ inserted }) => (inserted ? Queue.offer(wake, undefined) : Effect.void)),
    find,
    claim,
    buryAbandoned,
    prune,
    markDelivered,
    markFailed,
    deadLetters,
    requeue,
    stats,
    ping: sql`SELECT 1`.pipe(Effect.asVoid, Effect.mapError(storeError("ping"))),
    notify: Effect.asVoid(Queue.offer(wake, undefined)),
    awaitWork: Queue.take(wake),
    renew,
    releaseOwned,
    watchOutcome: settlements.watch
  } satisfies OutboxStoreShape
})

export class OutboxStore extends Context.Tag("@its/gateway/OutboxStore")<OutboxStore, OutboxStoreShape>() {
  /** Migrates the schema (`db/Migrations.ts`) on the given `SqlClient`, then serves the outbox's statements. */
  static readonly layer: Layer.Layer<OutboxStore, OutboxStoreError, SqlClient.SqlClient> = Layer.scoped(
    OutboxStore,
    Effect.flatMap(SqlClient.SqlClient, (sql) =>
      // SQLite: WAL is set by the client; FULL fsyncs the WAL at every commit, so a returned enqueue survives a
      // power loss (NORMAL, WAL's usual pairing, may lose the last commits). A connection setting: every start.
      sql.onDialectOrElse({ sqlite: () => Effect.asVoid(sql`PRAGMA synchronous = FULL`), orElse: () => Effect.void })
    ).pipe(
      Effect.zipRight(migrate),
      Effect.mapError((error) => new OutboxStoreError({ operation: "migrate", message: error.message })),
      Effect.zipRight(makeStore)
    )
  )
}
