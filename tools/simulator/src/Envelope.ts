/**
 * The Transaction 3.0 envelope as the simulated Data Plane Router sees it (transaction-3.0.md §2, §7.7): request and
 * reply schemas, and the router's JSON-Schema-style validation whose failures become `error-reply` code 401,
 * `Schema validation failed: <path>: <problem>;<path>: <problem>` (the observed integration message format).
 */
import { Either, Schema } from "effect"
import { sdkReplyContent } from "./SdkReplies.ts"

export const ProtocolVersion = "3.0" as const

/** `content`: an object discriminated by `type`; everything else is the handler's business. */
export const RequestContent = Schema.Struct({ type: Schema.String }, { key: Schema.String, value: Schema.Unknown })
export type RequestContent = typeof RequestContent.Type

/** Request envelope, client → MTS (§2.1). */
export const RequestEnvelope = Schema.Struct({
  operatorId: Schema.Int,
  correlationId: Schema.String.pipe(Schema.minLength(1)),
  /** Unix epoch milliseconds. */
  timestampUtc: Schema.Int.pipe(Schema.greaterThanOrEqualTo(1)),
  operation: Schema.String.pipe(Schema.minLength(1)),
  version: Schema.Literal(ProtocolVersion),
  content: RequestContent
}).annotations({ identifier: "RequestEnvelope" })
export type RequestEnvelope = typeof RequestEnvelope.Type

/** Reply `content`: an object with a `type` (`ticket-reply`, …, or `error-reply`). */
export const ReplyContent = RequestContent
export type ReplyContent = RequestContent

/** §7.7: returned instead of the normal reply when the router rejects a request. */
export const ErrorReplyContent = Schema.Struct({
  type: Schema.Literal("error-reply"),
  code: Schema.Int,
  message: Schema.String
}).annotations({ identifier: "ErrorReplyContent" })
export type ErrorReplyContent = typeof ErrorReplyContent.Type

/**
 * Reply envelope, MTS → client (§2.2): exactly the official SDKs' envelope fields (`correlationId`, `timestampUtc`,
 * `operation`, `version`, `content`; their mappers fail on any other). `correlationId` and `operation` echo the request
 * and are absent only when the request could not be read. `operatorId` is echoed only with `SIM_ECHO_OPERATOR_ID`
 * (once observed on integration, not in the docs or the documented examples; off by default).
 */
export const ReplyEnvelope = Schema.Struct({
  content: ReplyContent,
  correlationId: Schema.optional(Schema.String),
  timestampUtc: Schema.Int,
  operation: Schema.optional(Schema.String),
  version: Schema.Literal(ProtocolVersion),
  operatorId: Schema.optional(Schema.Int)
}).annotations({ identifier: "ReplyEnvelope" })
export type ReplyEnvelope = typeof ReplyEnvelope.Type

export interface ReplyEnvelopeOptions {
  readonly echo: EnvelopeEcho
  readonly content: ReplyContent
  /** Default: the echoed one. */
  readonly correlationId?: string | undefined
  readonly timestampUtc: number
  /** `SIM_ECHO_OPERATOR_ID`: echo the request's `operatorId` (not an SDK envelope field). */
  readonly echoOperatorId: boolean
  /** Keep only the content fields the SDKs declare (`SdkReplies.ts`); default true. */
  readonly sdkContent?: boolean
}

/** The reply envelope for a request, its content reduced to the fields the SDKs declare (unless `sdkContent: false`). */
export const makeReplyEnvelope = (options: ReplyEnvelopeOptions): ReplyEnvelope => {
  const { echo } = options
  const correlationId = options.correlationId ?? echo.correlationId
  return {
    content: options.sdkContent === false ? options.content : sdkReplyContent(options.content),
    ...(correlationId === undefined ? {} : { correlationId }),
    timestampUtc: options.timestampUtc,
    ...(echo.operation === undefined ? {} : { operation: echo.operation }),
    version: ProtocolVersion,
    ...(options.echoOperatorId && echo.operatorId !== undefined ? { operatorId: echo.operatorId } : {})
  }
}

/** `error-reply` code of router validation failures (observed, integration: "Schema validation failed: …"). */
export const SchemaValidationCode = 401

export const schemaValidationMessage = (problems: ReadonlyArray<string>) =>
  `Schema validation failed: ${problems.join(";")}`

const jsonType = (value: unknown): string => {
  if (value === null) return "null"
  if (Array.isArray(value)) return "array"
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number"
  return typeof value
}

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> => jsonType(value) === "object"

/** The fields a reply can echo even when the request is invalid. */
export interface EnvelopeEcho {
  readonly correlationId?: string
  readonly operation?: string
  readonly operatorId?: number
}

export const echoOf = (json: unknown): EnvelopeEcho => {
  if (!isObject(json)) return {}
  const { correlationId, operation, operatorId } = json
  return {
    ...(typeof correlationId === "string" ? { correlationId } : {}),
    ...(typeof operation === "string" ? { operation } : {}),
    ...(jsonType(operatorId) === "integer" ? { operatorId: operatorId as number } : {})
  }
}

type Check = (value: unknown, path: string) => string | undefined

const typed =
  (expected: "integer" | "string" | "object", next?: Check): Check =>
  (value, path) =>
    jsonType(value) !== expected ? `${path}: ${jsonType(value)} found, ${expected} expected` : next?.(value, path)

const minLength =
  (min: number): Check =>
  (value, path) =>
    (value as string).length < min ? `${path}: must be at least ${min} characters long` : undefined

const minimum =
  (min: number): Check =>
  (value, path) =>
    (value as number) < min ? `${path}: must have a minimum value of ${min}` : undefined

const constant =
  (expected: string): Check =>
  (value, path) =>
    value !== expected ? `${path}: must be the constant value '${expected}'` : undefined

/** Field order = message order, as the router reports them. */
const envelopeChecks: ReadonlyArray<readonly [string, Check]> = [
  ["operatorId", typed("integer")],
  ["correlationId", typed("string", minLength(1))],
  ["timestampUtc", typed("integer", minimum(1))],
  ["operation", typed("string", minLength(1))],
  ["version", constant(ProtocolVersion)],
  ["content", typed("object")]
]

/** JSON-Schema-style problems of a parsed message, e.g. `$.version: must be the constant value '3.0'`. */
export const envelopeProblems = (json: unknown): ReadonlyArray<string> => {
  if (!isObject(json)) return [`$: ${jsonType(json)} found, object expected`]
  const problems: Array<string> = []
  for (const [field, check] of envelopeChecks) {
    const path = `$.${field}`
    const problem = field in json ? check(json[field], path) : `${path}: is missing but it is required`
    if (problem !== undefined) problems.push(problem)
  }
  const content = json.content
  if (isObject(content)) {
    const problem =
      "type" in content
        ? typed("string", minLength(1))(content.type, "$.content.type")
        : "$.content.type: is missing but it is required"
    if (problem !== undefined) problems.push(problem)
  }
  return problems
}

/** Parses one text frame: the valid envelope, or the problems (JSON syntax included) with what can be echoed. */
export const parseRequest = (
  text: string
): Either.Either<RequestEnvelope, { readonly echo: EnvelopeEcho; readonly problems: ReadonlyArray<string> }> => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return Either.left({ echo: {}, problems: ["$: the message is not valid JSON"] })
  }
  const problems = envelopeProblems(json)
  if (problems.length > 0) return Either.left({ echo: echoOf(json), problems })
  return Schema.decodeUnknownEither(RequestEnvelope)(json).pipe(
    Either.mapLeft((error) => ({ echo: echoOf(json), problems: [`$: ${error.message}`] }))
  )
}
