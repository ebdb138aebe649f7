/**
 * The outbox schema, created idempotently at startup (`CREATE … IF NOT EXISTS`) on SQLite and PostgreSQL alike.
 * Times are epoch milliseconds (BIGINT); the inform and the reply are their encoded JSON text, so decimal strings
 * are stored exactly as they came. `ticket_id` is UNIQUE: one row per ticket is what makes `enqueue` idempotent and
 * a delivered ticket undeliverable again (no second row can exist to be claimed). `its_tokens` holds the current
 * token per audience (`TokenStore.ts`).
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export const outboxTable = "its_outbox"

export const migrate = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const ddl = Effect.gen(function* () {
    yield* sql`CREATE TABLE IF NOT EXISTS its_outbox (
      id TEXT PRIMARY KEY,
      ticket_id TEXT NOT NULL UNIQUE,
      consumer TEXT NOT NULL,
      payload TEXT NOT NULL,
      status TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      next_attempt_at BIGINT NOT NULL,
      lease_until BIGINT,
      claimed_by TEXT,
      claim_token TEXT,
      delivered_at BIGINT,
      last_error TEXT,
      reply TEXT
    )`
    yield* sql`CREATE INDEX IF NOT EXISTS its_outbox_due ON its_outbox (status, next_attempt_at)`
    // Stats read the unsettled and dead rows through this index and the delivered count from a counter, so a
    // scrape never scans the table (delivered rows are most of it).
    yield* sql`CREATE INDEX IF NOT EXISTS its_outbox_status ON its_outbox (status, created_at)`
    yield* sql`CREATE TABLE IF NOT EXISTS its_outbox_counters (name TEXT PRIMARY KEY, n BIGINT NOT NULL)`
    // Counted once, when the counter is created (a database from before the counter).
    yield* sql`INSERT INTO its_outbox_counters (name, n)
      SELECT 'delivered', COUNT(*) FROM its_outbox WHERE status = 'delivered'
      HAVING NOT EXISTS (SELECT 1 FROM its_outbox_counters WHERE name = 'delivered')`
    // Current OAuth2 token per audience, shared by instances and restarts (see TokenStore.ts).
    yield* sql`CREATE TABLE IF NOT EXISTS its_tokens (
      audience TEXT PRIMARY KEY,
      token TEXT NOT NULL,
      issued_at BIGINT NOT NULL,
      hard_expires_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    )`
    // Who refreshes an audience's token right now (one instance asks the IdP, the others wait or reuse).
    yield* sql`CREATE TABLE IF NOT EXISTS its_token_refresh (
      audience TEXT PRIMARY KEY,
      holder TEXT NOT NULL,
      until BIGINT NOT NULL
    )`
  })
  yield* sql.onDialectOrElse({
    // SQLite: WAL is set by the client; FULL fsyncs the WAL at every commit, so a returned enqueue survives a
    // power loss (NORMAL, WAL's usual pairing, may lose the last commits).
    sqlite: () => sql`PRAGMA synchronous = FULL`.pipe(Effect.zipRight(ddl)),
    orElse: () => serialisedDdl(ddl)
  })
})

/**
 * Runs idempotent DDL so that instances starting together do not race: on PostgreSQL, CREATE TABLE IF NOT EXISTS
 * from two sessions at once fails with a duplicate pg_type, so a transaction-scoped advisory lock serialises them.
 * Every migration of the gateway's database (outbox, tokens, late replies) goes through it.
 */
export const serialisedDdl = <A, E, R>(ddl: Effect.Effect<A, E, R>) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql.onDialectOrElse({
      pg: () => sql.withTransaction(sql`SELECT pg_advisory_xact_lock(727170001)`.pipe(Effect.zipRight(ddl))),
      orElse: () => ddl
    })
  )
