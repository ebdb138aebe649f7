/**
 * The claim: one `UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING *`, written once. The dialects differ in two
 * fragments: the clock leases are measured with (the database's on PostgreSQL, so instances whose clocks disagree
 * still agree on expiry; the caller's `now` on SQLite, one machine) and the row locking (PostgreSQL adds
 * `FOR UPDATE SKIP LOCKED`, so concurrent workers lock disjoint rows; SQLite runs the statement under its single
 * writer lock, so two connections cannot claim the same row either).
 */
import type { SqlClient } from "@effect/sql"

export interface ClaimOptions {
  readonly limit: number
  readonly now: number
  readonly leaseMillis: number
  readonly owner: string
  readonly token: string
  /**
   * Claims (attempts) an entry may have had: one whose lease expired with this many is not claimed again (a poison
   * entry that crashes its worker); `buryAbandoned` dead-letters it. Default: no cap.
   */
  readonly maxAttempts?: number
}

/** The lease clock in epoch milliseconds: PostgreSQL's `now()`, or `now` on SQLite. */
export const leaseClock = (sql: SqlClient.SqlClient, now: number) =>
  sql.onDialectOrElse({
    pg: () => sql.literal("(EXTRACT(EPOCH FROM now()) * 1000)::bigint"),
    orElse: () => sql.literal(String(Math.trunc(now)))
  })

export const claimStatement = (sql: SqlClient.SqlClient, o: ClaimOptions) => {
  const clock = leaseClock(sql, o.now)
  const cap = o.maxAttempts ?? 2_147_483_647 // INTEGER range: PostgreSQL types the parameter like the column
  const locking = sql.onDialectOrElse({
    pg: () => sql.literal("FOR UPDATE SKIP LOCKED"),
    orElse: () => sql.literal("")
  })
  return sql`UPDATE its_outbox
    SET status = 'delivering', lease_until = ${clock} + ${o.leaseMillis}, claimed_by = ${o.owner},
        claim_token = ${o.token}, attempts = attempts + 1, updated_at = ${o.now}
    WHERE id IN (
      SELECT id FROM its_outbox
      WHERE (status = 'pending' AND next_attempt_at <= ${o.now})
         OR (status = 'delivering' AND lease_until <= ${clock} AND attempts < ${cap})
      ORDER BY next_attempt_at
      LIMIT ${o.limit}
      ${locking})
    RETURNING *`
}
