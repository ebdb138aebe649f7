/**
 * `OutboxStore`: the outbox's SQL, one statement per operation and no multi-statement transactions. Every write is
 * a single atomic statement (autocommit), which keeps SQLite safe with several connections on one file (a
 * better-sqlite3 connection waits for locks synchronously, so a transaction held across an await by one connection
 * would stall the other) and keeps PostgreSQL claims short.
 *
 * Claiming (the only contended operation) is one `UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING *`:
 * PostgreSQL adds `FOR UPDATE SKIP LOCKED` to the sub-select, so concurrent workers lock disjoint rows; SQLite runs
 * the statement under its single writer lock, so two connections cannot claim the same row either. A claim sets
 * `status = delivering`, `lease_until`, `claimed_by` and a fresh `claim_token`, and counts the attempt. Failure
 * records are conditional on the claim token (a worker whose lease was taken over cannot overwrite the new owner's
 * outcome); a success is always recorded (the message did go out) unless the row is already delivered.
 */
import { SqlClient, type SqlError } from "@effect/sql"
import { Context, Effect, Layer, Option, Queue, type Scope } from "effect"
import { migrate } from "./Migrations.ts"
import { type OutboxEntry, type OutboxStats, type OutboxStatus, OutboxStoreError } from "./OutboxEntry.ts"
import { makeSettlements } from "./Settlements.ts"

interface Row {
  readonly id: string
  readonly ticket_id: string
  readonly consumer: string
  readonly payload: string
  readonly status: string
  readonly attempts: number | string
  readonly created_at: number | string
  readonly updated_at: number | string
  readonly next_attempt_at: number | string
  readonly lease_until: number | string | null
  readonly claimed_by: string | null
  readonly claim_token: string | null
  readonly delivered_at: number | string | null
  readonly last_error: string | null
  readonly reply: string | null
}

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
  readonly claim: (options: {
    readonly limit: number
    readonly now: number
    readonly leaseMillis: number
    readonly owner: string
    readonly token: string
    /**
     * Claims (attempts) an entry may have had: one whose lease expired with this many is not claimed again (a
     * poison entry that crashes its worker); `buryAbandoned` dead-letters it. Default: no cap.
     */
    readonly maxAttempts?: number
  }) => Effect.Effect<ReadonlyArray<Claimed>, OutboxStoreError>
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

const num = (value: number | string): number => (typeof value === "number" ? value : Number(value))
const iso = (millis: number | string): string => new Date(num(millis)).toISOString()

const toEntry = (row: Row): OutboxEntry => {
  const status = row.status as OutboxStatus
  return {
    id: row.id,
    ticketId: row.ticket_id,
    consumer: row.consumer,
    status,
    attempts: num(row.attempts),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    ...(status === "pending" ? { nextAttemptAt: iso(row.next_attempt_at) } : {}),
    ...(row.delivered_at === null ? {} : { deliveredAt: iso(row.delivered_at) }),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.reply === null ? {} : { reply: JSON.parse(row.reply) as unknown })
  }
}

const storeError = (operation: string) => (error: SqlError.SqlError) =>
  // SqlError's message is the driver's summary; its cause (which may name the server) is not copied.
  new OutboxStoreError({ operation, message: error.message })

/** The store's requirements: the client, and a scope for its `LISTEN` (PostgreSQL). */
type StoreEnv = SqlClient.SqlClient | Scope.Scope

export const makeStore: Effect.Effect<OutboxStoreShape, never, StoreEnv> = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const wake = yield* Queue.sliding<void>(1)
  /** PostgreSQL's clock in epoch milliseconds: what leases are measured with there. */
  const pgNow = sql.literal("(EXTRACT(EPOCH FROM now()) * 1000)::bigint")
  /** `now` on SQLite (one machine, one clock); the database's clock on PostgreSQL. */
  const leaseNow = (now: number) =>
    sql.onDialectOrElse({ pg: () => pgNow, orElse: () => sql.literal(String(Math.trunc(now))) })
  const settlements = yield* makeSettlements

  const insert = (e: NewEntry) =>
    Effect.gen(function* () {
      const inserted = yield* sql<Row>`INSERT INTO its_outbox
          (id, ticket_id, consumer, payload, status, attempts, created_at, updated_at, next_attempt_at)
        VALUES (${e.id}, ${e.ticketId}, ${e.consumer}, ${e.payload}, 'pending', 0, ${e.now}, ${e.now}, ${e.now})
        ON CONFLICT (ticket_id) DO NOTHING
        RETURNING *`
      if (inserted[0] !== undefined) return { entry: toEntry(inserted[0]), inserted: true, payload: e.payload }
      const existing = yield* sql<Row>`SELECT * FROM its_outbox WHERE ticket_id = ${e.ticketId}`
      if (existing[0] === undefined)
        return yield* new OutboxStoreError({
          operation: "enqueue",
          message: "insert conflicted but no row was found"
        })
      return { entry: toEntry(existing[0]), inserted: false, payload: existing[0].payload }
    }).pipe(Effect.catchTag("SqlError", (error) => Effect.fail(storeError("enqueue")(error))))

  const find = (id: string) =>
    sql<Row>`SELECT * FROM its_outbox WHERE id = ${id}`.pipe(
      Effect.map((rows) => Option.map(Option.fromNullable(rows[0]), toEntry)),
      Effect.mapError(storeError("get"))
    )

  const claim: OutboxStoreShape["claim"] = ({ leaseMillis, limit, now, owner, token, maxAttempts }) => {
    const leaseUntil = now + leaseMillis
    const cap = maxAttempts ?? 2_147_483_647 // INTEGER range: PostgreSQL types the parameter like the column
    return sql
      .onDialectOrElse({
        // Leases on the database's clock: instances whose clocks disagree still agree on expiry.
        pg: () => sql<Row>`UPDATE its_outbox
          SET status = 'delivering', lease_until = ${pgNow} + ${leaseMillis}, claimed_by = ${owner},
              claim_token = ${token}, attempts = attempts + 1, updated_at = ${now}
          WHERE id IN (
            SELECT id FROM its_outbox
            WHERE (status = 'pending' AND next_attempt_at <= ${now})
               OR (status = 'delivering' AND lease_until <= ${pgNow} AND attempts < ${cap})
            ORDER BY next_attempt_at
            LIMIT ${limit}
            FOR UPDATE SKIP LOCKED)
          RETURNING *`,
        orElse: () => sql<Row>`UPDATE its_outbox
          SET status = 'delivering', lease_until = ${leaseUntil}, claimed_by = ${owner}, claim_token = ${token},
              attempts = attempts + 1, updated_at = ${now}
          WHERE id IN (
            SELECT id FROM its_outbox
            WHERE (status = 'pending' AND next_attempt_at <= ${now})
               OR (status = 'delivering' AND lease_until <= ${now} AND attempts < ${cap})
            ORDER BY next_attempt_at
            LIMIT ${limit})
          RETURNING *`
      })
      .pipe(
        Effect.map((rows) => rows.map((row) => ({ entry: toEntry(row), payload: row.payload, claimToken: token }))),
        Effect.mapError(storeError("claim"))
      )
  }

  const prune = (before: number) =>
    sql<{
      id: string
    }>`DELETE FROM its_outbox WHERE status = 'delivered' AND delivered_at < ${before} RETURNING id`.pipe(
      Effect.map((rows) => rows.length),
      Effect.tap((n) =>
        n > 0 ? sql`UPDATE its_outbox_counters SET n = n - ${n} WHERE name = 'delivered'` : Effect.void
      ),
      Effect.mapError(storeError("prune"))
    )

  const buryAbandoned = (now: number, maxAttempts: number) =>
    sql<{ id: string }>`UPDATE its_outbox
      SET status = 'dead', updated_at = ${now}, lease_until = NULL, claimed_by = NULL, claim_token = NULL,
          last_error = ${`abandoned: ${maxAttempts} deliveries never recorded an outcome (the worker crashed or stalled)`}
      WHERE status = 'delivering' AND lease_until <= ${leaseNow(now)} AND attempts >= ${maxAttempts}
      RETURNING id`.pipe(
      Effect.tap((rows) => settlements.publish(rows.map((row) => row.id))),
      Effect.map((rows) => rows.length),
      Effect.mapError(storeError("bury abandoned"))
    )

  const markDelivered = (id: string, reply: string, now: number, note?: string) =>
    sql<{ id: string }>`UPDATE its_outbox
      SET status = 'delivered', reply = ${reply}, delivered_at = ${now}, updated_at = ${now},
          lease_until = NULL, claim_token = NULL, last_error = ${note ?? null}
      WHERE id = ${id} AND status <> 'delivered'
      RETURNING id`.pipe(
      Effect.map((rows) => rows.length > 0),
      // The delivered counter of `stats` (a separate statement: exact unless the process dies in between).
      Effect.tap((updated) =>
        updated ? sql`UPDATE its_outbox_counters SET n = n + 1 WHERE name = 'delivered'` : Effect.void
      ),
      Effect.tap((updated) => (updated ? settlements.publish([id]) : Effect.void)),
      Effect.mapError(storeError("record reply"))
    )

  const markFailed = (id: string, token: string, r: FailureRecord) =>
    sql<{ id: string }>`UPDATE its_outbox
      SET status = ${r.status}, next_attempt_at = ${r.nextAttemptAt}, last_error = ${r.error}, updated_at = ${r.now},
          lease_until = NULL, claimed_by = NULL, claim_token = NULL
      WHERE id = ${id} AND claim_token = ${token} AND status = 'delivering'
      RETURNING id`.pipe(
      Effect.map((rows) => rows.length > 0),
      Effect.tap((owned) => (owned && r.status === "dead" ? settlements.publish([id]) : Effect.void)),
      Effect.mapError(storeError("record failure"))
    )

  const renew = (id: string, token: string, now: number, leaseMillis: number) =>
    sql<{ id: string }>`UPDATE its_outbox SET lease_until = ${leaseNow(now)} + ${leaseMillis}
      WHERE id = ${id} AND claim_token = ${token} AND status = 'delivering'
      RETURNING id`.pipe(
      Effect.map((rows) => rows.length > 0),
      Effect.mapError(storeError("renew lease"))
    )

  const releaseOwned = (owner: string, now: number) =>
    sql<{ id: string }>`UPDATE its_outbox
      SET status = 'pending', next_attempt_at = ${now}, updated_at = ${now},
          lease_until = NULL, claimed_by = NULL, claim_token = NULL
      WHERE status = 'delivering' AND claimed_by = ${owner}
      RETURNING id`.pipe(
      Effect.map((rows) => rows.length),
      Effect.tap((n) => (n > 0 ? Queue.offer(wake, undefined) : Effect.void)),
      Effect.mapError(storeError("release own claims"))
    )

  const deadLetters = (limit: number) =>
    sql<Row>`SELECT * FROM its_outbox WHERE status = 'dead' ORDER BY updated_at DESC LIMIT ${limit}`.pipe(
      Effect.map((rows) => rows.map(toEntry)),
      Effect.mapError(storeError("dead letters"))
    )

  const requeue = (id: string, now: number) =>
    sql<{ id: string }>`UPDATE its_outbox
      SET status = 'pending', attempts = 0, next_attempt_at = ${now}, updated_at = ${now}
      WHERE id = ${id} AND status = 'dead'
      RETURNING id`.pipe(
      Effect.map((rows) => rows.length > 0),
      Effect.tap((requeued) => (requeued ? Queue.offer(wake, undefined) : Effect.void)),
      Effect.mapError(storeError("requeue"))
    )

  const stats = (now: number) =>
    Effect.zipWith(
      sql.unsafe<{ status: string; n: number | string; oldest: number | string | null }>(statsStatement),
      sql<{ n: number | string }>`SELECT n FROM its_outbox_counters WHERE name = 'delivered'`,
      (rows, delivered) => [...rows, { status: "delivered", n: delivered[0]?.n ?? 0, oldest: null }]
    ).pipe(
      Effect.map((rows) => {
        const count = (status: OutboxStatus) => num(rows.find((r) => r.status === status)?.n ?? 0)
        const oldest = rows
          .filter((r) => (r.status === "pending" || r.status === "delivering") && r.oldest !== null)
          .map((r) => num(r.oldest as number | string))
        return {
          pending: count("pending"),
          delivering: count("delivering"),
          delivered: count("delivered"),
          dead: count("dead"),
          oldestPendingAgeMillis: oldest.length === 0 ? 0 : Math.max(0, now - Math.min(...oldest))
        }
      }),
      Effect.mapError(storeError("stats"))
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
  /** Creates the schema (idempotent) on the given `SqlClient`, then serves the outbox's statements. */
  static readonly layer: Layer.Layer<OutboxStore, OutboxStoreError, SqlClient.SqlClient> = Layer.scoped(
    OutboxStore,
    migrate.pipe(Effect.mapError(storeError("migrate")), Effect.zipRight(makeStore))
  )
}
