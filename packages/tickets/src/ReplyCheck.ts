/**
 * What a raw data-plane reply means for the request it answers, and what a transport failure means for it. Plain
 * functions (no fiber, no span): they run once per message. The reply decode is the compiled fast path; Effect's
 * full parser runs only for a reply that does not decode, to say why.
 */
import type { DataPlaneError, DataPlaneReply } from "@its/transport"
import { Either, Schema } from "effect"
import { tolerantOptions } from "./Codec.ts"
import { Fallback } from "./FastCodec.ts"
import { problemsFromParseError } from "./Issues.ts"
import { isReplyTo, type Operation, type ReplyFor, replyContentType, replyEnvelopes } from "./Messages.ts"
import { describeProblems } from "./Problem.ts"
import type { ErrorReply } from "./Replies.ts"
import { fastDecodeReplyTo } from "./RequestCodecs.ts"
import { NotSent, OutcomeUnknown, ServerError, UnexpectedReply } from "./TicketsErrors.ts"

/** The reply content of an operation, without `error-reply` (that one is a `ServerError`). */
export type ReplyContentFor<Op extends Operation> = Exclude<ReplyFor<Op>["content"], ErrorReply>

const field = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined

/** Checks a raw reply against its request: correlation, operation, `error-reply`, schema, content type. */
export const checkReply = <Op extends Operation>(
  request: { readonly correlationId: string; readonly operation: Op },
  raw: DataPlaneReply
): Either.Either<ReplyContentFor<Op>, ServerError | UnexpectedReply> => {
  const { correlationId, operation } = request
  const unexpected = (reason: string) => Either.left(new UnexpectedReply({ operation, correlationId, reason }))
  if (raw.correlationId !== correlationId)
    return unexpected(`it carries correlationId ${JSON.stringify(raw.correlationId)}`)
  const content = field(raw, "content")
  // An error-reply is the router's answer even when it could not echo the operation.
  if (field(content, "type") === "error-reply" && (raw.operation === undefined || raw.operation === operation)) {
    const code = field(content, "code")
    const message = field(content, "message")
    return Either.left(
      new ServerError({
        operation,
        correlationId,
        code: typeof code === "number" && Number.isInteger(code) ? code : 0,
        message: typeof message === "string" ? message : JSON.stringify(content)
      })
    )
  }
  if (raw.operation !== operation) return unexpected(`it answers operation ${JSON.stringify(raw.operation)}`)
  const expected = replyContentType[operation]
  if (field(content, "type") !== expected)
    return unexpected(`content type ${JSON.stringify(field(content, "type"))}, expected ${expected}`)
  const reply = fastDecodeReplyTo(operation)(raw)
  if (reply === Fallback) {
    // The fast path leaves it open: the full parser decides (and says why when it fails).
    const full = Schema.decodeUnknownEither(
      replyEnvelopes[operation] as Schema.Schema<ReplyFor<Op>, unknown>,
      tolerantOptions
    )(raw)
    if (Either.isLeft(full))
      return unexpected(`it does not decode: ${describeProblems(problemsFromParseError(full.left))}`)
    return finish(request, full.right, unexpected)
  }
  return finish(request, reply, unexpected)
}

const finish = <Op extends Operation>(
  request: { readonly correlationId: string; readonly operation: Op },
  reply: ReplyFor<Op>,
  unexpected: (reason: string) => Either.Either<never, UnexpectedReply>
): Either.Either<ReplyContentFor<Op>, UnexpectedReply> =>
  isReplyTo(request as never, reply)
    ? Either.right(reply.content as ReplyContentFor<Op>)
    : unexpected("it does not answer the request")

/** A transport failure: before the message left → `NotSent`; after → `OutcomeUnknown`. */
export const fromTransport =
  (operation: string, correlationId: string, ticketId: string | undefined) =>
  (error: DataPlaneError): OutcomeUnknown | NotSent => {
    switch (error._tag) {
      case "ConnectionLost":
        return new OutcomeUnknown({
          operation,
          correlationId,
          reason: "connection-lost",
          ...(ticketId === undefined ? {} : { ticketId }),
          detail: error.reason
        })
      case "ReplyTimeout":
        return error.sent
          ? new OutcomeUnknown({
              operation,
              correlationId,
              reason: "reply-timeout",
              timeoutMillis: error.timeoutMillis,
              ...(ticketId === undefined ? {} : { ticketId }),
              detail: error.message
            })
          : new NotSent({ operation, correlationId, reason: error.message })
      default:
        return new NotSent({ operation, correlationId, reason: error.message })
    }
  }
