/**
 * What the data plane answers: a pluggable service from a valid request envelope to the reply `content`. The
 * default echoes the request; the ticket semantics replace it (`Simulator.layerWith({ dataPlaneHandler })`).
 * The data plane wraps the content in the reply envelope (correlation id, timestamp, version) itself.
 */
import { Context, Effect, Layer, Schema } from "effect"
import type { ReplyContent, RequestEnvelope } from "./Envelope.ts"

/** Fail with this to answer an `error-reply` `{ type: "error-reply", code, message }` (transaction-3.0.md §7.7). */
export class ErrorReply extends Schema.TaggedError<ErrorReply>()("ErrorReply", {
  code: Schema.Int,
  message: Schema.String
}) {}

/**
 * The reply type for a request: `<content.type>-reply`, which gives every reply type of transaction-3.0.md §3
 * (`ticket` → `ticket-reply`, `cancel` → `cancel-reply`, `deposit-inform` → `deposit-inform-reply`, …).
 */
export const replyTypeOf = (request: RequestEnvelope) => `${request.content.type}-reply`

export class DataPlaneHandler extends Context.Tag("@its/simulator/DataPlaneHandler")<
  DataPlaneHandler,
  {
    /** The reply content for one request; a defect becomes `error-reply` code 500. */
    readonly handle: (request: RequestEnvelope) => Effect.Effect<ReplyContent, ErrorReply>
    /**
     * Send contents exactly as `handle` makes them. By default the data plane keeps only the fields the official
     * SDKs declare for the reply type (`SdkReplies.ts`).
     */
    readonly asSent?: boolean
  }
>() {
  /** `{ type: "<content.type>-reply", echo: <request content> }`, as sent (no SDK declares `echo`). */
  static readonly echo = DataPlaneHandler.of({
    handle: (request) => Effect.succeed({ type: replyTypeOf(request), echo: request.content }),
    asSent: true
  })

  /** The echo handler: the simulator's default data plane. */
  static readonly layer: Layer.Layer<DataPlaneHandler> = Layer.succeed(DataPlaneHandler, DataPlaneHandler.echo)

  /** Another handler (see `TicketHandler` for the ticket semantics). */
  static readonly layerWith = (
    handle: (request: RequestEnvelope) => Effect.Effect<ReplyContent, ErrorReply>
  ): Layer.Layer<DataPlaneHandler> => Layer.succeed(DataPlaneHandler, DataPlaneHandler.of({ handle }))
}
