/**
 * Typed failures of the token layer. None of them carries a secret: no client secret, no access token,
 * no request body. Messages name the audience and what went wrong.
 */
import { Schema } from "effect"

/** The IdP refused the request (4xx other than 408/429): wrong client, wrong secret, audience not allowed. */
export class TokenRejected extends Schema.TaggedError<TokenRejected>()("TokenRejected", {
  audience: Schema.String,
  status: Schema.Number,
  /** The IdP's `error` code, e.g. `invalid_client`, `access_denied`, `unauthorized_client`. */
  error: Schema.String,
  errorDescription: Schema.optional(Schema.String)
}) {
  override get message() {
    const detail = this.errorDescription ? `: ${this.errorDescription}` : ""
    return `token request for audience "${this.audience}" rejected (HTTP ${this.status} ${this.error}${detail})`
  }
}

/** The IdP could not be reached or answered 408/429/5xx. `retryAfterMillis` is set when it sent `Retry-After`. */
export class TokenEndpointUnavailable extends Schema.TaggedError<TokenEndpointUnavailable>()(
  "TokenEndpointUnavailable",
  {
    audience: Schema.String,
    reason: Schema.String,
    status: Schema.optional(Schema.Number),
    retryAfterMillis: Schema.optional(Schema.Number)
  }
) {
  override get message() {
    const status = this.status === undefined ? "" : ` (HTTP ${this.status})`
    return `token endpoint unavailable for audience "${this.audience}"${status}: ${this.reason}`
  }
}

/** A 2xx answer that is not a usable token: not JSON, missing fields, `expires_in` ≤ 0 or absurd. */
export class TokenResponseMalformed extends Schema.TaggedError<TokenResponseMalformed>()("TokenResponseMalformed", {
  audience: Schema.String,
  status: Schema.Number,
  /** One entry per problem, naming the JSON path; values are never echoed (they may be the token). */
  problems: Schema.Array(Schema.String)
}) {
  override get message() {
    return `malformed token response for audience "${this.audience}" (HTTP ${this.status}): ${this.problems.join("; ")}`
  }
}

/** One token request took longer than the configured request timeout. */
export class TokenTimeout extends Schema.TaggedError<TokenTimeout>()("TokenTimeout", {
  audience: Schema.String,
  timeoutMillis: Schema.Number
}) {
  override get message() {
    return `token request for audience "${this.audience}" timed out after ${this.timeoutMillis} ms`
  }
}

export type TokenError = TokenRejected | TokenEndpointUnavailable | TokenResponseMalformed | TokenTimeout

/** Worth another attempt: the IdP may answer differently later. Rejections and malformed answers are final. */
export const isRetryable = (error: TokenError): boolean =>
  error._tag === "TokenEndpointUnavailable" || error._tag === "TokenTimeout"
