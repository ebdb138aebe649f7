/**
 * One request to the token endpoint: encode the form with the `TokenRequest` Schema, send it, classify the
 * answer into an `AccessToken` or a `TokenError`. No retries here; `TokenProvider` schedules them.
 */
import { HttpClient, HttpClientRequest, type HttpClientResponse } from "@effect/platform"
import { Clock, Duration, Effect, Metric, Option, Redacted, Schema } from "effect"
import { AccessToken } from "./AccessToken.ts"
import { AuthConfig, type AuthSettings } from "./AuthConfig.ts"
import { tokenRequests } from "./AuthMetrics.ts"
import { describeParseError, formatPath } from "./JsonPath.ts"
import { tokenTimes } from "./RefreshPolicy.ts"
import { parseRetryAfter } from "./Retry.ts"
import {
  type TokenError,
  TokenEndpointUnavailable,
  TokenRejected,
  TokenResponseMalformed,
  TokenTimeout
} from "./TokenErrors.ts"
import { OAuthErrorBody, TokenRequest, TokenResponse } from "./TokenWire.ts"

const encodeForm = Schema.encodeSync(TokenRequest)
const decodeResponse = Schema.decodeUnknownEither(TokenResponse, { errors: "all", onExcessProperty: "ignore" })
const decodeOAuthError = Schema.decodeUnknownOption(OAuthErrorBody)

const buildRequest = (settings: AuthSettings, audience: string) => {
  const scope = Option.getOrUndefined(settings.scope)
  const basic = settings.clientAuth === "basic"
  const form = encodeForm({
    grant_type: "client_credentials",
    audience,
    ...(basic ? {} : { client_id: settings.clientId, client_secret: settings.clientSecret }),
    ...(scope === undefined ? {} : { scope })
  })
  const request = HttpClientRequest.post(settings.tokenUrl).pipe(
    HttpClientRequest.acceptJson,
    HttpClientRequest.bodyUrlParams(form)
  )
  return basic
    ? HttpClientRequest.basicAuth(request, settings.clientId, Redacted.value(settings.clientSecret))
    : request
}

const parseJson = (text: string): Option.Option<unknown> => {
  try {
    return Option.some(JSON.parse(text))
  } catch {
    return Option.none()
  }
}

const classify = (
  settings: AuthSettings,
  audience: string,
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<AccessToken, TokenError> =>
  Effect.gen(function* () {
    const status = response.status
    const text = yield* response.text.pipe(
      Effect.mapError(
        () => new TokenEndpointUnavailable({ audience, status, reason: "connection lost while reading the response" })
      )
    )
    if (status === 408 || status === 429 || status >= 500) {
      const retryAfter = yield* parseRetryAfter(response.headers["retry-after"])
      return yield* new TokenEndpointUnavailable({
        audience,
        status,
        reason: Option.match(parseJson(text).pipe(Option.flatMap(decodeOAuthError)), {
          onNone: () => (status === 429 ? "rate limited" : "server error"),
          onSome: (body) => body.error
        }),
        ...Option.match(retryAfter, {
          onNone: () => ({}),
          onSome: (d) => ({ retryAfterMillis: Duration.toMillis(d) })
        })
      })
    }
    if (status < 200 || status >= 300) {
      const body = parseJson(text).pipe(Option.flatMap(decodeOAuthError))
      return yield* new TokenRejected({
        audience,
        status,
        error: Option.match(body, { onNone: () => "unknown_error", onSome: (b) => b.error }),
        ...Option.match(
          Option.flatMap(body, (b) => Option.fromNullable(b.error_description)),
          { onNone: () => ({}), onSome: (errorDescription) => ({ errorDescription }) }
        )
      })
    }
    const json = parseJson(text)
    if (Option.isNone(json)) {
      return yield* new TokenResponseMalformed({ audience, status, problems: [`${formatPath([])}: is not JSON`] })
    }
    const decoded = decodeResponse(json.value)
    if (decoded._tag === "Left") {
      return yield* new TokenResponseMalformed({
        audience,
        status,
        problems: describeParseError(decoded.left, { redactValues: true })
      })
    }
    const body = decoded.right
    const lifetimeMillis = Math.round(body.expires_in * 1000)
    const problems = [
      ...(lifetimeMillis > Duration.toMillis(settings.maxLifetime)
        ? [
            `${formatPath(["expires_in"])}: ${body.expires_in} s exceeds the maximum of ${Duration.format(settings.maxLifetime)}`
          ]
        : []),
      ...(body.token_type.toLowerCase() === "bearer" ? [] : [`${formatPath(["token_type"])}: is not Bearer`])
    ]
    if (problems.length > 0) return yield* new TokenResponseMalformed({ audience, status, problems })
    const issuedAt = yield* Clock.currentTimeMillis
    return new AccessToken({
      audience,
      value: body.access_token,
      tokenType: "Bearer",
      issuedAt,
      lifetimeMillis,
      ...tokenTimes(settings.refresh, issuedAt, lifetimeMillis)
    })
  })

const outcomeOf = (error: TokenError) =>
  ({
    TokenRejected: "rejected",
    TokenEndpointUnavailable: "unavailable",
    TokenResponseMalformed: "malformed",
    TokenTimeout: "timeout"
  })[error._tag]

/** Requests one token for `audience`. Requires `AuthConfig` and an `HttpClient`. */
export const requestToken = Effect.fn("TokenEndpoint.request")(function* (audience: string) {
  const settings = yield* AuthConfig
  const client = yield* HttpClient.HttpClient
  yield* Effect.annotateCurrentSpan({ audience, "http.url": settings.tokenUrl })
  const count = (outcome: string) =>
    Metric.increment(Metric.tagged(Metric.tagged(tokenRequests, "audience", audience), "outcome", outcome))
  return yield* client.execute(buildRequest(settings, audience)).pipe(
    Effect.mapError(
      (error) =>
        new TokenEndpointUnavailable({
          audience,
          reason: error._tag === "RequestError" ? `${error.reason.toLowerCase()} error` : error.message
        })
    ),
    Effect.flatMap((response) => classify(settings, audience, response)),
    Effect.scoped,
    Effect.timeoutFail({
      duration: settings.requestTimeout,
      onTimeout: () => new TokenTimeout({ audience, timeoutMillis: Duration.toMillis(settings.requestTimeout) })
    }),
    Effect.tapBoth({ onFailure: (e) => count(outcomeOf(e)), onSuccess: () => count("issued") })
  )
})
