/**
 * What every model client does around an `HttpApiClient` call: check the request values, and turn whatever the
 * definitions let through the error channel into `ModelsError`.
 */
import { HttpClientError } from "@effect/platform"
import type { HttpApiDecodeError } from "@effect/platform/HttpApiError"
import { describeParseError, type ItsHttpError } from "@its/transport"
import { Effect, ParseResult, Schema } from "effect"
import type { ModelApiId } from "../Assumptions.ts"
import type { ScoreFailureBody } from "../ScoreApi.ts"
import type { GatewayErrorBody } from "../WireErrors.ts"
import {
  ModelRequestInvalid,
  ModelRequestRejected,
  ModelResponseInvalid,
  type ModelsError,
  ModelServiceFailed
} from "./ModelsErrors.ts"

/** `$.customers[3].C.lbs: …`, one line per problem (the one path rule, `@its/auth`'s, via the transport). */
export { describeParseError }

/**
 * Checks that `value` encodes with `schema` before a call: afterwards a `ParseError` from the client can only
 * mean the response did not decode.
 */
export const validateRequest = <A, I>(api: ModelApiId, schema: Schema.Schema<A, I>, value: A) =>
  Effect.mapError(
    Schema.encode(schema)(value),
    (error) => new ModelRequestInvalid({ api, problems: describeParseError(error) })
  )

/** The bodies and errors an HttpApi client call can fail with besides the transport's own. */
export type CallFailure =
  | ScoreFailureBody
  | GatewayErrorBody
  | { readonly errorMessage: string }
  | { readonly message: string }
  | string
  | HttpApiDecodeError
  | HttpClientError.HttpClientError
  | ParseResult.ParseError

/** ITS's failure envelope, as a typed error. `KEY_NOT_FOUND` never gets here: callers treat it as absence. */
export const envelopeFailure = (
  api: ModelApiId,
  envelope: { readonly responseStatus: string; readonly responseMessage: string; readonly requestId: string }
): ModelsError =>
  envelope.responseStatus === "ERROR"
    ? new ModelServiceFailed({ api, requestId: envelope.requestId, reason: envelope.responseMessage })
    : new ModelRequestRejected({ api, requestId: envelope.requestId, reason: envelope.responseMessage })

export const toModelsError =
  (api: ModelApiId) =>
  (error: CallFailure | ItsHttpError): ModelsError => {
    if (typeof error === "string") {
      return new ModelResponseInvalid({ api, problems: [`unexpected error body: ${error.slice(0, 200)}`] })
    }
    if (ParseResult.isParseError(error)) return new ModelResponseInvalid({ api, problems: describeParseError(error) })
    if (HttpClientError.isHttpClientError(error)) {
      return error._tag === "ResponseError"
        ? new ModelResponseInvalid({ api, problems: [`undeclared HTTP status ${error.response.status}`] })
        : new ModelRequestInvalid({ api, problems: [error.message] })
    }
    if ("_tag" in error) {
      // Our own simulator answers schema mismatches with HttpApiDecodeError (400); every other tag is the
      // transport's (or the token provider's) and passes through.
      return error._tag === "HttpApiDecodeError"
        ? new ModelRequestRejected({ api, reason: error.message })
        : (error as ItsHttpError)
    }
    if ("responseStatus" in error) return envelopeFailure(api, error)
    if ("errorMessage" in error) return new ModelRequestRejected({ api, reason: error.errorMessage })
    // A gateway `{ message }` body on a status the transport did not claim.
    return new ModelResponseInvalid({ api, problems: [`unexpected error: ${error.message}`] })
  }

/** Splits `items` into chunks of at most `size`. */
export const chunksOf = <A>(items: ReadonlyArray<A>, size: number): ReadonlyArray<ReadonlyArray<A>> => {
  const chunks: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}
