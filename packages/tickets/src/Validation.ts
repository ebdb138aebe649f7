/**
 * Validation before anything is sent: strict decoding (every issue mapped to a path and code, see `Issues.ts`), then
 * the semantic rules (`Rules.ts`) with limits from `TicketLimits`. Every problem is reported, not just the first.
 *
 * Cost: a valid request takes one compiled pass (`FastCodec.ts`) plus the rules; Effect's full Schema parser runs
 * only when that pass leaves the verdict open, and then produces the exact problems (the same as before the fast
 * path existed). No span or fiber per call: `validateWith` is a plain function.
 */
import { Effect, Either, Schema } from "effect"
import { Checker } from "./Checker.ts"
import { decodeRequestEither, encodeRequestEither } from "./Codec.ts"
import { Fallback } from "./FastCodec.ts"
import { TicketLimits, type TicketLimitsShape } from "./Limits.ts"
import { Request } from "./Messages.ts"
import { describeProblems, Problem, ProblemCode } from "./Problem.ts"
import { fastDecodeRequest, fastEncodeRequest } from "./RequestCodecs.ts"
import { checkContent } from "./Rules.ts"

export class ValidationFailed extends Schema.TaggedError<ValidationFailed>()("@its/tickets/ValidationFailed", {
  problems: Schema.Array(Problem)
}) {
  override get message(): string {
    return `Ticket validation failed: ${describeProblems(this.problems)}`
  }
}

/** A decoded request and the JSON it was decoded from (what goes on the wire, and what the size limit measures). */
export interface DecodedRequest {
  readonly request: Request
  readonly json: unknown
}

// Built on first use: `Schema.is` compiles a parser for the whole union, and only the slow path needs it.
let isRequest: ((u: unknown) => boolean) | undefined

/**
 * A request given as built (a `Request` value, decimals as `Decimal`) or as parsed JSON → the decoded request and its
 * JSON. A built request is encoded first, so both forms go through the same strict decoding.
 */
export const decodeBuiltOrJson = (
  message: unknown,
  likelyBuilt = false
): Either.Either<DecodedRequest, ValidationFailed> => {
  // The fast paths, in the likelier order first (a built request seldom decodes as JSON, and vice versa).
  if (!likelyBuilt) {
    const fromJson = fastDecodeRequest(message)
    if (fromJson !== Fallback) return Either.right({ request: fromJson, json: message })
  }
  const encoded = fastEncodeRequest(message)
  if (encoded !== Fallback) {
    const request = fastDecodeRequest(encoded)
    if (request !== Fallback) return Either.right({ request, json: encoded })
  }
  if (likelyBuilt) {
    const fromJson = fastDecodeRequest(message)
    if (fromJson !== Fallback) return Either.right({ request: fromJson, json: message })
  }
  // The full parsers: exact problems (or a value the fast path left open).
  if (isRequest === undefined) isRequest = Schema.is(Request)
  const failed = (e: { readonly problems: ReadonlyArray<Problem> }) => new ValidationFailed({ problems: e.problems })
  const json = isRequest(message)
    ? Either.mapLeft(encodeRequestEither(message as Request), failed)
    : Either.right(message)
  return Either.flatMap(json, (json) =>
    Either.map(Either.mapLeft(decodeRequestEither(json), failed), (request) => ({ request, json }))
  )
}

/** The semantic rules alone, for a request that already decoded. */
export const checkRequest = (request: Request, limits: TicketLimitsShape): Array<Problem> => {
  const c = new Checker(limits)
  c.range(at0("operatorId"), request.operatorId, limits.operatorId, ProblemCode.OutOfRange)
  c.text(at0("correlationId"), request.correlationId, limits.correlationId, { mandatory: true })
  c.range(at0("timestampUtc"), request.timestampUtc, limits.timestampUtc, ProblemCode.BadDate)
  checkContent(c, request)
  return c.problems
}

const at0 = (key: string) => ({ parent: undefined, key })

/**
 * An upper bound of the UTF-8 size of `JSON.stringify(json)`, or `Infinity` for anything but plain JSON data: a UTF-16
 * unit takes at most 6 bytes (`\uXXXX`), a number at most 24 characters. Cheaper than rendering the text, which is
 * done only when the bound exceeds the limit.
 */
const jsonBytesBound = (json: unknown): number => {
  switch (typeof json) {
    case "string":
      return 6 * json.length + 2
    case "number":
      return 24
    case "boolean":
      return 5
    case "object": {
      if (json === null) return 4
      let total = 2
      if (Array.isArray(json)) {
        for (const item of json) total += jsonBytesBound(item) + 1
        return total
      }
      if (Object.getPrototypeOf(json) !== Object.prototype) return Number.POSITIVE_INFINITY
      for (const key in json) total += 6 * key.length + 4 + jsonBytesBound((json as Record<string, unknown>)[key])
      return total
    }
    default:
      return Number.POSITIVE_INFINITY
  }
}

/** The UTF-8 size of the JSON text when it may exceed `max`; `undefined` when it surely fits. */
const jsonBytesOver = (json: unknown, max: number): number | undefined => {
  if (jsonBytesBound(json) <= max) return undefined
  const bytes = Buffer.byteLength(JSON.stringify(json), "utf8")
  return bytes > max ? bytes : undefined
}

/** `validate` as a plain function: the decoded request and its JSON, or every problem. */
export const validateWith = (
  message: unknown,
  limits: TicketLimitsShape
): Either.Either<DecodedRequest, ValidationFailed> => validateDecoded(decodeBuiltOrJson(message), limits)

/** `validateWith` for a request built in code (as `Tickets` sends them): tried as built first. */
export const validateBuilt = (
  message: unknown,
  limits: TicketLimitsShape
): Either.Either<DecodedRequest, ValidationFailed> => validateDecoded(decodeBuiltOrJson(message, true), limits)

const validateDecoded = (
  decodedOrProblems: Either.Either<DecodedRequest, ValidationFailed>,
  limits: TicketLimitsShape
): Either.Either<DecodedRequest, ValidationFailed> =>
  Either.flatMap(decodedOrProblems, (decoded) => {
    const problems = checkRequest(decoded.request, limits)
    const bytes = jsonBytesOver(decoded.json, limits.maxMessageBytes)
    if (bytes !== undefined) {
      problems.push(
        new Problem({
          path: "$",
          code: ProblemCode.OutOfRange,
          message: `message is ${bytes} bytes, more than ${limits.maxMessageBytes}`
        })
      )
    }
    return problems.length > 0 ? Either.left(new ValidationFailed({ problems })) : Either.right(decoded)
  })

/**
 * Validates a request, given either as built (a `Request` value) or as parsed JSON. Succeeds with the decoded
 * request; fails with every problem found.
 */
export const validate = (message: unknown): Effect.Effect<Request, ValidationFailed> =>
  Effect.flatMap(TicketLimits, (limits) => Either.map(validateWith(message, limits), (decoded) => decoded.request))
