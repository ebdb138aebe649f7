/**
 * The rows of `its_outbox` as a Schema, decoded through `SqlSchema`: drivers differ in how they return numbers
 * (better-sqlite3: numbers; `pg`: BIGINT and COUNT(*) as strings), so numeric columns accept both, and `status` is
 * checked against `OutboxStatus` instead of trusted. `toEntry` turns a row into the API's `OutboxEntry`.
 */
import { SqlSchema } from "@effect/sql"
import { Effect, Schema } from "effect"
import { type OutboxEntry, OutboxStatus, OutboxStoreError } from "./OutboxEntry.ts"

/** A number column: a number (SQLite) or its decimal text (PostgreSQL BIGINT, COUNT). */
export const DbNumber = Schema.Union(Schema.Number, Schema.NumberFromString)

export const OutboxRow = Schema.Struct({
  id: Schema.String,
  ticket_id: Schema.String,
  consumer: Schema.String,
  payload: Schema.String,
  status: OutboxStatus,
  attempts: DbNumber,
  created_at: DbNumber,
  updated_at: DbNumber,
  next_attempt_at: DbNumber,
  lease_until: Schema.NullOr(DbNumber),
  claimed_by: Schema.NullOr(Schema.String),
  claim_token: Schema.NullOr(Schema.String),
  delivered_at: Schema.NullOr(DbNumber),
  last_error: Schema.NullOr(Schema.String),
  reply: Schema.NullOr(Schema.String)
})
export type OutboxRow = typeof OutboxRow.Type

/** One `GROUP BY status` row of the stats statement. */
export const StatusCountRow = Schema.Struct({ status: OutboxStatus, n: DbNumber, oldest: Schema.NullOr(DbNumber) })
export const CountRow = Schema.Struct({ n: DbNumber })
export const IdRow = Schema.Struct({ id: Schema.String })

const iso = (millis: number): string => new Date(millis).toISOString()

export const toEntry = (row: OutboxRow): OutboxEntry => ({
  id: row.id,
  ticketId: row.ticket_id,
  consumer: row.consumer,
  status: row.status,
  attempts: row.attempts,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
  ...(row.status === "pending" ? { nextAttemptAt: iso(row.next_attempt_at) } : {}),
  ...(row.delivered_at === null ? {} : { deliveredAt: iso(row.delivered_at) }),
  ...(row.last_error === null ? {} : { lastError: row.last_error }),
  ...(row.reply === null ? {} : { reply: JSON.parse(row.reply) as unknown })
})

/** A statement's rows decoded as `Result`; a driver error or a row that does not decode is the store's error. */
export const rowsOf =
  <A, I>(Result: Schema.Schema<A, I>, operation: string) =>
  <E extends { readonly message: string }, R>(
    statement: Effect.Effect<ReadonlyArray<unknown>, E, R>
  ): Effect.Effect<ReadonlyArray<A>, OutboxStoreError, R> =>
    SqlSchema.findAll({ Request: Schema.Void, Result, execute: () => statement })(undefined).pipe(
      // The driver's summary only; its cause (which may name the server) is not copied.
      Effect.mapError((error) => new OutboxStoreError({ operation, message: error.message }))
    )
