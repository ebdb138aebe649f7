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
    // Current OAuth2 token per audience, shared by instances and restarts (see TokenStore.ts).
    yield* sql`CREATE TABLE IF NOT EXISTS its_tokens (
      audience TEXT PRIMARY KEY,
      token TEXT NOT NULL,
      issued_at BIGINT NOT NULL,
      hard_expires_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    )`
  })
  yield* sql.onDialectOrElse({
    // SQLite: WAL is set by the client; FULL fsyncs the WAL at every commit, so a returned enqueue survives a
    // power loss (NORMAL, WAL's usual pairing, may lose the last commits).
    sqlite: () => sql`PRAGMA synchronous = FULL`.pipe(Effect.zipRight(ddl)),
    // PostgreSQL: instances starting together would race on CREATE TABLE IF NOT EXISTS (duplicate pg_type);
    // a transaction-scoped advisory lock serialises them.
    pg: () => sql.withTransaction(sql`SELECT pg_advisory_xact_lock(727170001)`.pipe(Effect.zipRight(ddl))),
    orElse: () => ddl
  })
})
