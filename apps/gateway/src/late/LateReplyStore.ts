/**
 * Late replies kept durably (issue 15 §3): a reply ITS sends after the gateway's reply timeout (the consumer got a
 * 502 `ticketOutcome: "unknown"`) is written to `its_late_replies`, in the outbox's database, so the consumer can
 * still fetch its `signature` with `GET /v1/tickets/{ticketId}/reply` and ack, cancel or cash out. At-least-once:
 * one row per correlation id (a duplicate is ignored); the newest row of a ticket is served.
 */
import { SqlClient } from "@effect/sql"
import { encodeReply, type LateReply, type Reply, Tickets, decodeReply } from "@its/tickets"
import { Context, Effect, Layer, Metric, Option, Schema, Stream } from "effect"
import { migrate } from "../db/Migrations.ts"

export const lateRepliesTable = "its_late_replies"

/** Counted once per late reply stored by this instance. */
export const lateRepliesTotal = Metric.counter("its_gateway_late_replies_total", {
  description:
    "Ticket replies that arrived after the gateway's reply timeout and were stored for GET /v1/tickets/{ticketId}/reply",
  incremental: true
})

export class LateReplyStoreError extends Schema.TaggedError<LateReplyStoreError>()("@its/gateway/LateReplyStoreError", {
  operation: Schema.String,
  message: Schema.String
}) {}

export interface StoredLateReply {
  readonly ticketId: string
  readonly operation: string
  readonly correlationId: string
  /** Epoch milliseconds when the gateway received it. */
  readonly receivedAt: number
  readonly reply: Reply
}

export interface LateReplyStoreShape {
  readonly record: (late: LateReply) => Effect.Effect<void, LateReplyStoreError>
  /** The newest late reply stored for a ticket. */
  readonly get: (ticketId: string) => Effect.Effect<Option.Option<StoredLateReply>, LateReplyStoreError>
}

interface Row {
  readonly ticket_id: string
  readonly operation: string
  readonly correlation_id: string
  readonly received_at: number | string
  readonly reply: string
}

const failed = (operation: string) => (cause: { readonly message?: string }) =>
  new LateReplyStoreError({ operation, message: cause.message ?? String(cause) })

export class LateReplyStore extends Context.Tag("@its/gateway/LateReplyStore")<LateReplyStore, LateReplyStoreShape>() {
  /** The table on the given `SqlClient`; nothing recorded automatically. */
  static readonly layerSql: Layer.Layer<LateReplyStore, LateReplyStoreError, SqlClient.SqlClient> = Layer.effect(
    LateReplyStore,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      yield* Effect.mapError(migrate, failed("migrate"))
      const record = (late: LateReply) =>
        Effect.gen(function* () {
          if (late.ticketId === undefined) return
          const text = JSON.stringify(yield* encodeReply(late.reply))
          yield* sql`INSERT INTO its_late_replies (correlation_id, ticket_id, operation, received_at, reply)
            VALUES (${late.correlationId}, ${late.ticketId}, ${late.operation}, ${late.receivedAt}, ${text})
            ON CONFLICT (correlation_id) DO NOTHING`
          yield* Metric.increment(lateRepliesTotal)
        }).pipe(Effect.mapError(failed("record")))
      const get = (ticketId: string) =>
        Effect.gen(function* () {
          const rows = yield* sql<Row>`SELECT ticket_id, operation, correlation_id, received_at, reply
            FROM its_late_replies WHERE ticket_id = ${ticketId} ORDER BY received_at DESC LIMIT 1`
          const row = rows[0]
          if (row === undefined) return Option.none()
          const reply = yield* decodeReply(JSON.parse(row.reply))
          return Option.some({
            ticketId: row.ticket_id,
            operation: row.operation,
            correlationId: row.correlation_id,
            receivedAt: Number(row.received_at),
            reply
          })
        }).pipe(Effect.mapError(failed("get")))
      return { record, get }
    })
  )

  /** `layerSql` fed by `Tickets.lateReplies`: every late reply of this instance's client is stored. */
  static readonly layer: Layer.Layer<LateReplyStore, LateReplyStoreError, SqlClient.SqlClient | Tickets> =
    Layer.scopedDiscard(
      Effect.gen(function* () {
        const store = yield* LateReplyStore
        const tickets = yield* Tickets
        yield* tickets.lateReplies.pipe(
          Stream.runForEach((late) =>
            store
              .record(late)
              .pipe(
                Effect.catchAll((error) =>
                  Effect.logError("late reply not stored").pipe(
                    Effect.annotateLogs({ correlationId: late.correlationId, error: error.message })
                  )
                )
              )
          ),
          Effect.forkScoped
        )
        yield* Effect.yieldNow()
      })
    ).pipe(Layer.provideMerge(LateReplyStore.layerSql))
}
