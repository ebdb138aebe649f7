/**
 * Request bodies read by the gateway itself, before the platform or Schema sees them, so that no body can produce a
 * 5xx, a reset or a hang by its shape:
 * - the size is counted while reading (Content-Length or chunked alike); past the limit the rest is read and
 *   discarded (up to `drainBytes`) so the 413 reaches the client instead of a reset connection;
 * - the bytes must be UTF-8 (a fatal decoder: no silent U+FFFD);
 * - JSON nesting is bounded (`maxDepth`), checked on the parsed value before Schema decoding, whose recursion a
 *   deeply nested body would otherwise overflow (a stack-overflow 500 before this check).
 * `guardBody` returns the request with its body accessors replaced by these; the refusals are `BodyRejected`.
 */
import type { IncomingMessage } from "node:http"
import type { HttpServerRequest } from "@effect/platform"
import { NodeHttpServerRequest } from "@effect/platform-node"
import { formatPath } from "@its/auth"
import { Effect, Schema } from "effect"
import {
  BadGatewayProblem,
  BadRequestProblem,
  ConflictProblem,
  ForbiddenProblem,
  GatewayTimeoutProblem,
  InternalErrorProblem,
  NotFoundProblem,
  PayloadTooLargeProblem,
  type Problem,
  problem,
  ServiceUnavailableProblem,
  TooManyRequestsProblem,
  UnauthorizedProblem,
  UnprocessableProblem,
  UnsupportedMediaTypeProblem
} from "../problems/Problem.ts"

/** Every problem class (`Problem.ts`): what a refused body answers with (in practice 400, 413 or 415). */
const AnyProblem = Schema.Union(
  BadRequestProblem,
  UnauthorizedProblem,
  ForbiddenProblem,
  NotFoundProblem,
  ConflictProblem,
  PayloadTooLargeProblem,
  UnsupportedMediaTypeProblem,
  UnprocessableProblem,
  TooManyRequestsProblem,
  InternalErrorProblem,
  BadGatewayProblem,
  ServiceUnavailableProblem,
  GatewayTimeoutProblem
)

/**
 * A body the gateway refuses, with the problem to answer; `close` asks for the connection to be closed after the
 * answer (body not drained). It reaches the middleware as a failure, or as a defect when the platform's request
 * decoding dies with it; `isBodyRejected` recognises both.
 */
export class BodyRejected extends Schema.TaggedError<BodyRejected>()("BodyRejected", {
  problem: AnyProblem,
  close: Schema.optionalWith(Schema.Boolean, { default: () => false })
}) {
  override get message(): string {
    return `${this.problem.status} ${this.problem.title}`
  }
}

export interface BodyLimits {
  readonly maxBytes: number
  readonly maxDepth: number
  /** How much of an over-limit body is still read and discarded before giving up on the connection. */
  readonly drainBytes: number
}

export const tooLarge = (maxBytes: number) =>
  problem(413, "Request body too large", { detail: `request bodies are limited to ${maxBytes} bytes` })

const unreadable = (detail: string) => problem(400, "Unreadable request body", { detail })

/** The media type of a Content-Type header (`application/json; charset=utf-8` → `application/json`), lower case. */
const mediaTypeOf = (header: string): string => (header.split(";", 1)[0] ?? "").trim().toLowerCase()

const charsetOf = (header: string): string | undefined =>
  /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(header)?.[1]?.toLowerCase()

/**
 * Every body of this API is JSON: a request with a body-carrying method that declares another media type (form,
 * multipart, text…; even with an empty body, which the platform's multipart reader never finishes) or a charset
 * other than UTF-8 is a 415. No Content-Type is read as JSON (the platform's default too).
 */
export const mediaTypeRefusal = (
  method: string,
  headers: Readonly<Record<string, string | undefined>>
): Problem | undefined => {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return undefined
  const header = headers["content-type"]
  if (header === undefined) return undefined
  const charset = charsetOf(header)
  if (mediaTypeOf(header) === "application/json" && (charset === undefined || charset === "utf-8")) return undefined
  return problem(415, "Unsupported media type", {
    detail: "request bodies are application/json (UTF-8); send Content-Type: application/json"
  })
}

/** Reads the whole body, counting bytes; over `maxBytes` it drains (discarding) up to `drainBytes`, then fails. */
export const readLimited = (source: IncomingMessage, limits: BodyLimits): Effect.Effect<Buffer, BodyRejected> =>
  Effect.async<Buffer, BodyRejected>((resume) => {
    const chunks: Array<Buffer> = []
    let size = 0
    let over = false
    const cleanup = () => {
      source.off("data", onData)
      source.off("end", onEnd)
      source.off("error", onError)
      source.off("aborted", onError)
    }
    const finish = (result: Effect.Effect<Buffer, BodyRejected>) => {
      cleanup()
      resume(result)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      // Still sending far past the limit: answer now and close the connection instead of reading on.
      if (size > limits.drainBytes)
        return finish(Effect.fail(new BodyRejected({ problem: tooLarge(limits.maxBytes), close: true })))
      if (over) return
      if (size > limits.maxBytes) {
        over = true
        chunks.length = 0
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () =>
      finish(
        over
          ? Effect.fail(new BodyRejected({ problem: tooLarge(limits.maxBytes) }))
          : Effect.succeed(Buffer.concat(chunks, size))
      )
    const onError = () =>
      finish(Effect.fail(new BodyRejected({ problem: unreadable("the request body could not be read"), close: true })))
    if (source.readableEnded)
      return resume(Effect.fail(new BodyRejected({ problem: unreadable("the body was already read") })))
    source.on("data", onData)
    source.once("end", onEnd)
    source.once("error", onError)
    source.once("aborted", onError)
    return Effect.sync(cleanup)
  })

const utf8 = new TextDecoder("utf-8", { fatal: true })

export const decodeUtf8 = (bytes: Uint8Array): Effect.Effect<string, BodyRejected> =>
  Effect.try({
    try: () => utf8.decode(bytes),
    catch: () => new BodyRejected({ problem: unreadable("the body is not valid UTF-8") })
  })

/**
 * The JSON path of the first value nested deeper than `maxDepth` (the top-level value is depth 1), if any. The
 * walk never goes deeper than `maxDepth + 1`, so it cannot overflow the stack itself.
 */
export const tooDeepAt = (value: unknown, maxDepth: number): ReadonlyArray<PropertyKey> | undefined => {
  const path: Array<PropertyKey> = []
  const walk = (node: unknown, depth: number): boolean => {
    if (typeof node !== "object" || node === null) return false
    if (depth > maxDepth) return true
    const entries: Iterable<[PropertyKey, unknown]> = Array.isArray(node) ? node.entries() : Object.entries(node)
    for (const [key, inner] of entries) {
      path.push(key)
      if (walk(inner, depth + 1)) return true
      path.pop()
    }
    return false
  }
  return walk(value, 1) ? path : undefined
}

/** Parses a JSON body ("" is `null`, as the platform does) and bounds its nesting. */
export const parseJson = (text: string, maxDepth: number): Effect.Effect<unknown, BodyRejected> =>
  Effect.gen(function* () {
    if (text === "") return null
    const value = yield* Effect.try({
      try: () => JSON.parse(text) as unknown,
      catch: () => new BodyRejected({ problem: unreadable("the body is not valid JSON") })
    })
    const deep = tooDeepAt(value, maxDepth)
    if (deep !== undefined) {
      const path = formatPath(deep)
      return yield* Effect.fail(
        new BodyRejected({
          problem: problem(400, "Request nested too deeply", {
            detail: `JSON may be nested at most ${maxDepth} levels; ${path} is deeper`,
            errors: [{ path, code: -107, message: `nested deeper than ${maxDepth} levels` }]
          })
        })
      )
    }
    return value
  })

/**
 * The request with `text`, `json`, `arrayBuffer` and `urlParamsBody` read through the limits above (once, cached).
 * Everything else (headers, url, the upgrade) is the original request's.
 */
export const guardBody = (
  request: HttpServerRequest.HttpServerRequest,
  limits: BodyLimits
): HttpServerRequest.HttpServerRequest => {
  const source = NodeHttpServerRequest.toIncomingMessage(request)
  let bytes: Effect.Effect<Buffer, BodyRejected> | undefined
  const read = () => {
    bytes ??= Effect.runSync(Effect.cached(readLimited(source, limits)))
    return bytes
  }
  const text = () => Effect.flatMap(read(), decodeUtf8)
  const guarded = Object.create(request) as HttpServerRequest.HttpServerRequest
  Object.defineProperties(guarded, {
    text: { get: text },
    json: { get: () => Effect.flatMap(text(), (t) => parseJson(t, limits.maxDepth)) },
    arrayBuffer: {
      get: () => Effect.map(read(), (b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer)
    },
    urlParamsBody: {
      get: () =>
        Effect.fail(
          new BodyRejected({ problem: problem(415, "Unsupported media type", { detail: "bodies are JSON" }) })
        )
    }
  })
  return guarded
}

export const isBodyRejected = (u: unknown): u is BodyRejected => u instanceof BodyRejected
