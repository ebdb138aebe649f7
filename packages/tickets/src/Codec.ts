/**
 * Decoding and encoding whole messages.
 *
 * Requests decode strictly (`onExcessProperty: "error"`): a request contains only documented fields, and an unknown
 * one is reported with its path. Replies decode tolerantly (`onExcessProperty: "ignore"`): MTS may add fields, e.g.
 * `operatorId` in reply envelopes (A4). Both report every issue, not just the first.
 */
import { type Effect, Either, type ParseResult, Schema, type SchemaAST } from "effect"
import { type Compiled, Fallback } from "./FastCodec.ts"
import { problemsFromParseError } from "./Issues.ts"
import { Reply, type ReplyJson, Request, type RequestJson } from "./Messages.ts"
import { describeProblems, Problem } from "./Problem.ts"
import { fastDecodeReply, fastDecodeRequest, fastEncodeReply, fastEncodeRequest } from "./RequestCodecs.ts"

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

// Built once, at load: a compiled fast path (`FastCodec.ts`) and Effect's full parser for everything it leaves open.
// Effect's parsers compile the whole union eagerly, so they are built on first use (most runs never need them).
const lazy = <A, B>(make: () => (input: A) => B) => {
  let f: ((input: A) => B) | undefined
  return (input: A) => {
    if (f === undefined) f = make()
    return f(input)
  }
}
const fullDecodeRequest = lazy(() => Schema.decodeUnknownEither(Request, strictOptions))
const fullDecodeReply = lazy(() => Schema.decodeUnknownEither(Reply, tolerantOptions))
const fullEncodeRequest = lazy(() => Schema.encodeEither(Request, strictOptions))
const fullEncodeReply = lazy(() => Schema.encodeEither(Reply, tolerantOptions))

const toDecodeError = (error: ParseResult.ParseError) => new DecodeError({ problems: problemsFromParseError(error) })
const toEncodeError = (error: ParseResult.ParseError) => new EncodeError({ problems: problemsFromParseError(error) })

/** The fast path's value, or the full parser's answer (with every problem) when the fast path leaves it open. */
const withFallback =
  <A, E>(
    fast: Compiled<A>,
    full: (input: never) => Either.Either<A, ParseResult.ParseError>,
    toError: (e: ParseResult.ParseError) => E
  ) =>
  (input: unknown): Either.Either<A, E> => {
    const value = fast(input)
    return value === Fallback ? Either.mapLeft(full(input as never), toError) : Either.right(value)
  }

/** Synchronous forms (an `Either` is also an `Effect`); the functions below are these, typed as effects. */
export const decodeRequestEither: (input: unknown) => Either.Either<Request, DecodeError> = withFallback(
  fastDecodeRequest,
  fullDecodeRequest,
  toDecodeError
)
export const decodeReplyEither: (input: unknown) => Either.Either<Reply, DecodeError> = withFallback(
  fastDecodeReply,
  fullDecodeReply,
  toDecodeError
)
export const encodeRequestEither: (request: Request) => Either.Either<RequestJson, EncodeError> = withFallback(
  fastEncodeRequest,
  fullEncodeRequest,
  toEncodeError
)
export const encodeReplyEither: (reply: Reply) => Either.Either<ReplyJson, EncodeError> = withFallback(
  fastEncodeReply,
  fullEncodeReply,
  toEncodeError
)

// Malformed JSON text keeps the Schema's own problem (`Schema.parseJson`), built only then.
let fullDecodeReplyText: ((text: string) => Either.Either<Reply, ParseResult.ParseError>) | undefined

/** Parsed JSON → `Request`, rejecting unknown fields. */
export const decodeRequest = (input: unknown): Effect.Effect<Request, DecodeError> => decodeRequestEither(input)

/** Parsed JSON → `Reply`, ignoring unknown fields. */
export const decodeReply = (input: unknown): Effect.Effect<Reply, DecodeError> => decodeReplyEither(input)

/** JSON text → `Reply`, as received on the data-plane WebSocket. */
export const decodeReplyJson = (text: string): Effect.Effect<Reply, DecodeError> => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    if (fullDecodeReplyText === undefined)
      fullDecodeReplyText = Schema.decodeUnknownEither(Schema.parseJson(Reply), tolerantOptions)
    return Either.mapLeft(fullDecodeReplyText(text), toDecodeError)
  }
  return decodeReplyEither(json)
}

/** Parsed JSON → request or reply, told apart by the content type (reply types end in `-reply`). */
export const decodeMessage = (input: unknown): Effect.Effect<Message, DecodeError> =>
  looksLikeReply(input) ? decodeReply(input) : decodeRequest(input)

export const encodeRequest = (request: Request): Effect.Effect<RequestJson, EncodeError> => encodeRequestEither(request)

/** `Request` → JSON text, ready to send. */
export const encodeRequestJson = (request: Request): Effect.Effect<string, EncodeError> =>
  Either.map(encodeRequestEither(request), (json) => JSON.stringify(json))

export const encodeReply = (reply: Reply): Effect.Effect<ReplyJson, EncodeError> => encodeReplyEither(reply)

export const encodeMessage = (message: Message): Effect.Effect<MessageJson, EncodeError> =>
  isReply(message) ? encodeReply(message) : encodeRequest(message)

const replyType = /-reply$/

const looksLikeReply = (input: unknown): boolean => {
  const content = typeof input === "object" && input !== null ? (input as { content?: unknown }).content : undefined
  const type = typeof content === "object" && content !== null ? (content as { type?: unknown }).type : undefined
  return typeof type === "string" && replyType.test(type)
}

export const isReply = (message: Message): message is Reply => replyType.test(message.content.type)
