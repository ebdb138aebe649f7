/**
 * Decoding and encoding whole messages.
 *
 * Requests decode strictly (`onExcessProperty: "error"`): a request contains only documented fields, and an unknown
 * one is reported with its path. Replies decode tolerantly (`onExcessProperty: "ignore"`): MTS may add fields, e.g.
 * `operatorId` in reply envelopes (A4). Both report every issue, not just the first.
 */
import { Effect, type ParseResult, Schema, type SchemaAST } from "effect"
import { problemsFromParseError } from "./Issues.ts"
import { Reply, type ReplyJson, Request, type RequestJson } from "./Messages.ts"
import { describeProblems, Problem } from "./Problem.ts"

export class DecodeError extends Schema.TaggedError<DecodeError>()("@its/tickets/DecodeError", {
  problems: Schema.Array(Problem)
}) {
  override get message(): string {
    return `Invalid Transaction 3.0 message: ${describeProblems(this.problems)}`
  }
}

export class EncodeError extends Schema.TaggedError<EncodeError>()("@its/tickets/EncodeError", {
  problems: Schema.Array(Problem)
}) {
  override get message(): string {
    return `Cannot encode Transaction 3.0 message: ${describeProblems(this.problems)}`
  }
}

export type Message = Request | Reply
export type MessageJson = RequestJson | ReplyJson

export const strictOptions: SchemaAST.ParseOptions = { errors: "all", onExcessProperty: "error" }
export const tolerantOptions: SchemaAST.ParseOptions = { errors: "all", onExcessProperty: "ignore" }

// Codecs are built once; building one compiles a parser for a whole union.
const decodeRequestUnknown = Schema.decodeUnknown(Request, strictOptions)
const decodeReplyUnknown = Schema.decodeUnknown(Reply, tolerantOptions)
const decodeReplyText = Schema.decodeUnknown(Schema.parseJson(Reply), tolerantOptions)
const encodeRequestValue = Schema.encode(Request, strictOptions)
const encodeRequestText = Schema.encode(Schema.parseJson(Request), strictOptions)
const encodeReplyValue = Schema.encode(Reply, tolerantOptions)

const toDecodeError = (error: ParseResult.ParseError) => new DecodeError({ problems: problemsFromParseError(error) })
const toEncodeError = (error: ParseResult.ParseError) => new EncodeError({ problems: problemsFromParseError(error) })

/** Parsed JSON → `Request`, rejecting unknown fields. */
export const decodeRequest = Effect.fn("Tickets.decodeRequest")(function* (input: unknown) {
  return yield* Effect.mapError(decodeRequestUnknown(input), toDecodeError)
})

/** Parsed JSON → `Reply`, ignoring unknown fields. */
export const decodeReply = Effect.fn("Tickets.decodeReply")(function* (input: unknown) {
  return yield* Effect.mapError(decodeReplyUnknown(input), toDecodeError)
})

/** JSON text → `Reply`, as received on the data-plane WebSocket. */
export const decodeReplyJson = Effect.fn("Tickets.decodeReplyJson")(function* (text: string) {
  return yield* Effect.mapError(decodeReplyText(text), toDecodeError)
})

/** Parsed JSON → request or reply, told apart by the content type (reply types end in `-reply`). */
export const decodeMessage = (input: unknown): Effect.Effect<Message, DecodeError> =>
  looksLikeReply(input) ? decodeReply(input) : decodeRequest(input)

export const encodeRequest = Effect.fn("Tickets.encodeRequest")(function* (request: Request) {
  return yield* Effect.mapError(encodeRequestValue(request), toEncodeError)
})

/** `Request` → JSON text, ready to send. */
export const encodeRequestJson = Effect.fn("Tickets.encodeRequestJson")(function* (request: Request) {
  return yield* Effect.mapError(encodeRequestText(request), toEncodeError)
})

export const encodeReply = Effect.fn("Tickets.encodeReply")(function* (reply: Reply) {
  return yield* Effect.mapError(encodeReplyValue(reply), toEncodeError)
})

export const encodeMessage = (message: Message): Effect.Effect<MessageJson, EncodeError> =>
  isReply(message) ? encodeReply(message) : encodeRequest(message)

const replyType = /-reply$/

const looksLikeReply = (input: unknown): boolean => {
  const content = typeof input === "object" && input !== null ? (input as { content?: unknown }).content : undefined
  const type = typeof content === "object" && content !== null ? (content as { type?: unknown }).type : undefined
  return typeof type === "string" && replyType.test(type)
}

export const isReply = (message: Message): message is Reply => replyType.test(message.content.type)
