/**
 * The fault plan of the Transaction 3.0 data plane (`/dataplane`): what the next messages get instead of (or on top
 * of) the normal reply, and what the next WebSocket upgrades get. Pure schemas, shared by `SIM_DP_FAULTS`, the admin
 * API and the in-process `DataPlaneFaults` service. Same style as the token endpoint's `FaultPlan` (`script`, then
 * `always`), whose shape the `upgrade` part reuses.
 */
import { ParseResult, Schema } from "effect"
import { FaultPlan } from "./FaultPlan.ts"

/** Handle the message normally (the `DataPlaneHandler` answers it). */
export const OkMessageStep = Schema.Struct({ kind: Schema.Literal("ok") })

/** Receive the message but never answer it (client reply timeouts). */
export const NoReplyStep = Schema.Struct({ kind: Schema.Literal("no-reply") })

/** Destroy the TCP connection when this message arrives, without a close frame (client sees code 1006). */
export const DropConnectionStep = Schema.Struct({ kind: Schema.Literal("drop") })

/** Send a text frame that is not JSON (default: an HTML error page), then the real reply. */
export const GarbageStep = Schema.Struct({ kind: Schema.Literal("garbage"), text: Schema.optional(Schema.String) })

/** Send a copy of the reply under a correlation id nobody asked for, then the real reply. */
export const UnknownCorrelationStep = Schema.Struct({
  kind: Schema.Literal("unknown-correlation"),
  /** Default: `sim-unknown-<uuid>`. */
  correlationId: Schema.optional(Schema.String)
})

/** Answer with an `error-reply` (default code 500) instead of the handler's reply. */
export const ErrorReplyStep = Schema.Struct({
  kind: Schema.Literal("error-reply"),
  code: Schema.optional(Schema.Int),
  message: Schema.optional(Schema.String)
})

/** Codes a server may send in a close frame (RFC 6455 §7.4; 1004–1006 and 1015 are reserved). */
export const CloseCode = Schema.Int.pipe(
  Schema.filter(
    (code) =>
      code === 1000 ||
      (code >= 1001 && code <= 1003) ||
      (code >= 1007 && code <= 1014) ||
      (code >= 3000 && code <= 4999),
    {
      message: () => "expected a close code 1000–1003, 1007–1014 or 3000–4999"
    }
  )
)

/** Close the connection cleanly with a close frame (default 1012 "service restart") instead of answering. */
export const CloseStep = Schema.Struct({
  kind: Schema.Literal("close"),
  code: Schema.optional(CloseCode),
  reason: Schema.optional(Schema.String)
})

const MessageStepObject = Schema.Union(
  OkMessageStep,
  NoReplyStep,
  DropConnectionStep,
  GarbageStep,
  UnknownCorrelationStep,
  ErrorReplyStep,
  CloseStep
)

const shorthands = ["ok", "no-reply", "drop", "garbage", "unknown-correlation", "error-reply", "close"] as const

/** Every kind also has a bare-string shorthand, e.g. `"no-reply"`. */
const MessageStepShorthand = Schema.transformOrFail(
  Schema.Literal(...shorthands),
  Schema.typeSchema(MessageStepObject),
  {
    strict: true,
    decode: (kind) => ParseResult.succeed({ kind }),
    // Never used: encoding a union picks the first member whose type matches, i.e. the object form.
    encode: (step, _, ast) => ParseResult.fail(new ParseResult.Forbidden(ast, step, "shorthands are decode-only"))
  }
)

export const MessageFaultStep = Schema.Union(MessageStepObject, MessageStepShorthand).annotations({
  identifier: "MessageFaultStep"
})
export type MessageFaultStep = typeof MessageFaultStep.Type

/** A random latency between `minMs` and `maxMs` (inclusive), drawn per message. */
export const LatencyRange = Schema.Struct({ minMs: Schema.NonNegativeInt, maxMs: Schema.NonNegativeInt }).pipe(
  Schema.filter((range) => range.minMs <= range.maxMs || "minMs must not exceed maxMs")
)

/** Milliseconds added before a message is handled: fixed, or a random range. */
export const DataPlaneLatency = Schema.Union(Schema.NonNegativeInt, LatencyRange)
export type DataPlaneLatency = typeof DataPlaneLatency.Type

export const DataPlaneFaultPlan = Schema.Struct({
  /** Added to every message before it is handled (messages are handled concurrently, so random latency reorders). */
  latencyMs: Schema.optional(DataPlaneLatency),
  /** Consumed one step per message (across all connections), in order. */
  script: Schema.optional(Schema.Array(MessageFaultStep)),
  /** Used once the script is exhausted; without it messages are handled normally. */
  always: Schema.optional(MessageFaultStep),
  /** Hold replies until this many are held, then send them shuffled (never in their original order). */
  outOfOrder: Schema.optional(Schema.Int.pipe(Schema.greaterThanOrEqualTo(2))),
  /**
   * Each connection handles this many messages; the next message destroys the TCP socket without a close frame
   * (that message is counted as received and never answered).
   */
  dropAfter: Schema.optional(Schema.NonNegativeInt),
  /** Faults of the WebSocket upgrade, checked before authentication: `error` refuses it with that status. */
  upgrade: Schema.optional(FaultPlan)
}).annotations({ identifier: "DataPlaneFaultPlan" })
export type DataPlaneFaultPlan = typeof DataPlaneFaultPlan.Type

export const emptyDataPlaneFaultPlan: DataPlaneFaultPlan = {}
