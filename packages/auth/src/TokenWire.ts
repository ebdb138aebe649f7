/**
 * The OAuth2 client-credentials wire contract of Sportradar's Auth0 token endpoint
 * (its-api.md §1.3). Defined once: `TokenEndpoint` encodes requests and decodes responses with these
 * Schemas, the simulator implements `TokenApi`, and OpenAPI documents it.
 */
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Schema } from "effect"

export const TokenPath = "/oauth/token" as const

/**
 * Form fields of the token request (`application/x-www-form-urlencoded`).
 * `client_id` / `client_secret` are absent when the client authenticates with HTTP Basic instead
 * (a configurable alternative; Auth0 machine-to-machine apps default to the form body).
 */
export const TokenRequest = Schema.Struct({
  grant_type: Schema.Literal("client_credentials"),
  audience: Schema.NonEmptyString,
  client_id: Schema.optional(Schema.NonEmptyString),
  client_secret: Schema.optional(Schema.Redacted(Schema.NonEmptyString)),
  scope: Schema.optional(Schema.String)
}).annotations({ identifier: "TokenRequest" })
export type TokenRequest = typeof TokenRequest.Type

/** Successful token response: `{ access_token, expires_in, token_type }`. */
export const TokenResponse = Schema.Struct({
  access_token: Schema.Redacted(Schema.NonEmptyString),
  /** Lifetime in seconds. Upper bounds are policy (`AuthConfig.maxLifetime`), checked by the client. */
  expires_in: Schema.Number.pipe(Schema.finite(), Schema.positive()),
  token_type: Schema.String,
  scope: Schema.optional(Schema.String)
}).annotations({ identifier: "TokenResponse" })
export type TokenResponse = typeof TokenResponse.Type

/** The error codes Auth0 returns for client-credentials requests. */
export const OAuthErrorCode = Schema.Literal(
  "invalid_request",
  "invalid_client",
  "access_denied",
  "unauthorized_client",
  "unsupported_grant_type",
  "too_many_requests",
  "server_error"
)
export type OAuthErrorCode = typeof OAuthErrorCode.Type

/** Auth0-shaped error body. `error` is kept as a plain string when decoding: IdPs add codes. */
export const OAuthErrorBody = Schema.Struct({
  error: Schema.String,
  error_description: Schema.optional(Schema.String)
}).annotations({ identifier: "OAuthError" })
export type OAuthErrorBody = typeof OAuthErrorBody.Type

const errorWithStatus = (status: number, description: string) =>
  OAuthErrorBody.annotations({
    identifier: `OAuthError${status}`,
    description,
    ...HttpApiSchema.annotations({ status })
  })

/** The token endpoint as an `HttpApiGroup`: implemented by the simulator and rendered to OpenAPI. */
export class TokenApi extends HttpApiGroup.make("oauth")
  .add(
    HttpApiEndpoint.post("token", TokenPath)
      .setPayload(TokenRequest.pipe(HttpApiSchema.withEncoding({ kind: "UrlParams" })))
      .addSuccess(TokenResponse)
      .addError(errorWithStatus(400, "invalid_request, unsupported_grant_type"))
      .addError(errorWithStatus(401, "invalid_client: unknown client or wrong secret"))
      .addError(errorWithStatus(403, "access_denied / unauthorized_client: audience not allowed for this client"))
      .addError(errorWithStatus(429, "too_many_requests"))
      .addError(errorWithStatus(503, "server_error / temporarily_unavailable"))
  )
  .annotate(OpenApi.Title, "OAuth2 client credentials (Auth0)") {}
