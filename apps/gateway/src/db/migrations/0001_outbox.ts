/**
 * The outbox. Times are epoch milliseconds (BIGINT); the inform and the reply are their encoded JSON text, so decimal
 * strings are stored exactly as they came. `ticket_id` is UNIQUE: one row per ticket is what makes `enqueue`
 * idempotent and a delivered ticket undeliverable again (no second row can exist to be claimed).
 *
 * `IF NOT EXISTS` (here and in 0002/0003 only): databases created before the migrator have these tables but no
 * migrations table, so the first run adopts them (nothing to create, the counter counted once) and records 1–3.
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
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
  // Stats read the unsettled and dead rows through this index and the delivered count from a counter, so a scrape
  // never scans the table (delivered rows are most of it).
  yield* sql`CREATE INDEX IF NOT EXISTS its_outbox_status ON its_outbox (status, created_at)`
  yield* sql`CREATE TABLE IF NOT EXISTS its_outbox_counters (name TEXT PRIMARY KEY, n BIGINT NOT NULL)`
  // Counted once, when the counter is created (a database from before the counter).
  yield* sql`INSERT INTO its_outbox_counters (name, n)
    SELECT 'delivered', COUNT(*) FROM its_outbox WHERE status = 'delivered'
    HAVING NOT EXISTS (SELECT 1 FROM its_outbox_counters WHERE name = 'delivered')`
})
