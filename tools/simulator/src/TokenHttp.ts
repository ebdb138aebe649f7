/**
 * `POST /oauth/token` (the shared `TokenApi` contract) behaving like Auth0's client-credentials grant, and the JWKS.
 *
 * The token endpoint is implemented with `handleRaw`: it decodes `TokenRequest` itself so that every refusal,
 * including a body that does not decode, comes out Auth0-shaped (`{error, error_description}`) with Auth0's status,
 * instead of the HttpApi's own `HttpApiDecodeError`. It also lets faults answer before any validation.
 */
import { HttpApiBuilder, type HttpServerRequest, HttpServerResponse, UrlParams } from "@effect/platform"
import { OAuthErrorBody, type OAuthErrorCode, TokenRequest, TokenResponse } from "@its/auth"
import { Duration, Effect, Either, Encoding, Layer, Option, ParseResult, Redacted, Schema } from "effect"
import { createHash, timingSafeEqual } from "node:crypto"
import { SimulatorApi } from "./Api.ts"
import { type ClientSpec, SimulatorConfig } from "./Config.ts"
import { CounterOutcome, Counters } from "./Counters.ts"
import { Faults } from "./Faults.ts"
import { type FaultRendering, faultOutcome, faultResponse } from "./HttpFaults.ts"
import { TokenIssuer } from "./TokenIssuer.ts"

/** A refusal of the token request. Rendered as a response here; never goes through the HttpApi error channel. */
class OAuthFailure extends Schema.TaggedError<OAuthFailure>()("OAuthFailure", {
  status: Schema.Number,
  outcome: CounterOutcome,
  body: OAuthErrorBody
}) {}

const refuse = (status: number, outcome: CounterOutcome, error: OAuthErrorCode, description: string) =>
  new OAuthFailure({ status, outcome, body: { error, error_description: description } })

const invalidRequest = (description: string) => refuse(400, "invalid_request", "invalid_request", description)
const invalidClient = (description: string) => refuse(401, "invalid_client", "invalid_client", description)

// RFC 6749 §5.1: token responses must not be cached.
const noStore = { "cache-control": "no-store", pragma: "no-cache" }

const oauthErrorResponse = (status: number, body: OAuthErrorBody, headers: Record<string, string> = {}) =>
  Effect.orDie(HttpServerResponse.schemaJson(OAuthErrorBody)(body, { status, headers: { ...noStore, ...headers } }))

interface Credentials {
  readonly clientId: string
  readonly secret: Redacted.Redacted<string>
}

type Fields = Readonly<Record<string, unknown>>

/** Form body (Auth0's documented encoding) or JSON (Auth0 accepts both). */
const readFields = (request: HttpServerRequest.HttpServerRequest): Effect.Effect<Fields, OAuthFailure> =>
  Effect.gen(function* () {
    const text = yield* Effect.mapError(request.text, () => invalidRequest("The request body could not be read"))
    const contentType = (request.headers["content-type"] ?? "").toLowerCase()
    if (contentType.includes("application/json")) {
      const json: unknown = yield* Effect.try({
        try: () => JSON.parse(text),
        catch: () => invalidRequest("The request body is not valid JSON")
      })
      if (typeof json !== "object" || json === null || Array.isArray(json)) {
        return yield* invalidRequest("The request body must be a JSON object")
      }
      return json as Fields
    }
    if (contentType.includes("application/x-www-form-urlencoded") || text === "") {
      return UrlParams.toRecord(UrlParams.fromInput(new URLSearchParams(text)))
    }
    return yield* invalidRequest("Content-Type must be application/x-www-form-urlencoded or application/json")
  })

/**
 * `Authorization: Basic base64(id:secret)`; other schemes are ignored. The parts are taken verbatim, as
 * `HttpClientRequest.basicAuth` sends them (RFC 6749 §2.3.1's form-encoding changes nothing for Auth0-style secrets).
 */
const basicCredentials = (
  authorization: string | undefined
): Either.Either<Option.Option<Credentials>, OAuthFailure> => {
  const encoded = authorization?.match(/^Basic\s+(\S+)\s*$/i)?.[1]
  if (encoded === undefined) return Either.right(Option.none())
  const decoded = Either.getOrElse(Encoding.decodeBase64String(encoded), () => "")
  const colon = decoded.indexOf(":")
  if (colon < 1) return Either.left(invalidClient("Malformed HTTP Basic credentials"))
  return Either.right(
    Option.some({ clientId: decoded.slice(0, colon), secret: Redacted.make(decoded.slice(colon + 1)) })
  )
}

/**
 * Names the first offending form parameter the way Auth0 does (`Missing required parameter: client_id`): a form
 * field name, not a JSON path, so `@its/auth`'s `JsonPath` does not apply. Never echoes the secret.
 */
const describeDecodeError = (error: ParseResult.ParseError) => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  const field = String(issue?.path[0] ?? "body")
  if (issue?._tag === "Missing") return invalidRequest(`Missing required parameter: ${field}`)
  const detail = field === "client_secret" || issue === undefined ? "" : ` (${issue.message})`
  return invalidRequest(`Invalid parameter: ${field}${detail}`)
}

/** Constant-time comparison; hashing first makes the lengths equal. */
const secretMatches = (expected: Redacted.Redacted<string>, given: Redacted.Redacted<string>) => {
  const digest = (secret: Redacted.Redacted<string>) => createHash("sha256").update(Redacted.value(secret)).digest()
  return timingSafeEqual(digest(expected), digest(given))
}

const errorCodeByStatus: Readonly<Record<number, OAuthErrorCode>> = {
  401: "invalid_client",
  403: "access_denied",
  429: "too_many_requests"
}
const defaultErrorCode = (status: number): OAuthErrorCode =>
  errorCodeByStatus[status] ?? (status >= 500 ? "server_error" : "invalid_request")

/** Faults on the token endpoint answer like Auth0: `{ error, error_description }`, never cached. */
const auth0Rendering: FaultRendering = {
  error: (step, headers) =>
    oauthErrorResponse(
      step.status,
      {
        error: step.error ?? defaultErrorCode(step.status),
        error_description: step.error_description ?? `Simulated ${step.status} fault`
      },
      headers
    ),
  malformedJson: { token_type: "Bearer", expires_in: -5 },
  headers: noStore
}

const OAuthLive = HttpApiBuilder.group(SimulatorApi, "oauth", (handlers) =>
  Effect.gen(function* () {
    const { clients } = yield* SimulatorConfig
    const faults = yield* Faults
    const counters = yield* Counters
    const issuer = yield* TokenIssuer

    const findClient = (clientId: string): ClientSpec | undefined => clients.find((c) => c.clientId === clientId)
    const audienceIsKnown = (audience: string) => clients.some((c) => c.audiences.includes(audience))

    const grant = (
      fields: Either.Either<Fields, OAuthFailure>,
      basic: Either.Either<Option.Option<Credentials>, OAuthFailure>
    ) =>
      Effect.gen(function* () {
        const request = yield* Schema.decodeUnknown(TokenRequest)(yield* fields).pipe(
          Effect.mapError(describeDecodeError)
        )
        const credentials = yield* Option.match(yield* basic, {
          onSome: (fromHeader) =>
            // RFC 6749 §2.3: a client must not use more than one authentication method.
            request.client_secret !== undefined ||
            (request.client_id !== undefined && request.client_id !== fromHeader.clientId)
              ? Effect.fail(invalidRequest("Use either HTTP Basic or client_id/client_secret in the body, not both"))
              : Effect.succeed(fromHeader),
          onNone: () =>
            request.client_id !== undefined && request.client_secret !== undefined
              ? Effect.succeed<Credentials>({ clientId: request.client_id, secret: request.client_secret })
              : Effect.fail(invalidClient("Client authentication is required"))
        })
        const client = findClient(credentials.clientId)
        if (client === undefined || !secretMatches(client.clientSecret, credentials.secret)) {
          return yield* invalidClient("Unauthorized")
        }
        if (!client.audiences.includes(request.audience)) {
          return yield* audienceIsKnown(request.audience)
            ? refuse(
                403,
                "unauthorized_client",
                "unauthorized_client",
                `Client is not authorized to access "${request.audience}".`
              )
            : refuse(403, "unauthorized_client", "access_denied", `Service not found: ${request.audience}`)
        }
        return yield* issuer.issue({ clientId: client.clientId, audience: request.audience, scope: request.scope })
      })

    const token = Effect.fn("TokenHttp.token")(function* (request: HttpServerRequest.HttpServerRequest) {
      const fields = yield* Effect.either(readFields(request))
      const basic = basicCredentials(request.headers.authorization)
      // Counter labels come from whatever the request carried, even when it is refused.
      const raw = Either.getOrElse(fields, (): Fields => ({}))
      const fromHeader = Either.getOrElse(basic, () => Option.none<Credentials>())
      const label = (value: unknown) => (typeof value === "string" && value !== "" ? value : "-")
      const clientId = label(Option.match(fromHeader, { onSome: (c) => c.clientId, onNone: () => raw.client_id }))
      const audience = label(raw.audience)
      const record = (outcome: CounterOutcome) =>
        Effect.zipRight(
          counters.record({ clientId, audience, outcome }),
          Effect.logDebug("token request").pipe(Effect.annotateLogs({ clientId, audience, outcome }))
        )

      const fault = yield* faults.next
      if (Duration.greaterThan(fault.latency, Duration.zero)) yield* Effect.sleep(fault.latency)
      if (fault.step.kind !== "ok") {
        yield* record(faultOutcome(fault.step))
        return yield* faultResponse(request, fault.step, auth0Rendering)
      }

      return yield* grant(fields, basic).pipe(
        Effect.matchEffect({
          onFailure: (failure) =>
            Effect.zipRight(record(failure.outcome), oauthErrorResponse(failure.status, failure.body)),
          onSuccess: (issued) =>
            Effect.zipRight(
              record("issued"),
              Effect.orDie(
                HttpServerResponse.schemaJson(TokenResponse)(
                  {
                    access_token: issued.accessToken,
                    expires_in: issued.expiresIn,
                    token_type: "Bearer",
                    ...(issued.claims.scope === undefined ? {} : { scope: issued.claims.scope })
                  },
                  { headers: noStore }
                )
              )
            )
        })
      )
    })

    return handlers.handleRaw("token", ({ request }) => token(request))
  })
)

const WellKnownLive = HttpApiBuilder.group(SimulatorApi, "wellKnown", (handlers) =>
  Effect.map(TokenIssuer, (issuer) => handlers.handle("jwks", () => Effect.succeed(issuer.jwks)))
)

export const TokenHttpLive = Layer.mergeAll(OAuthLive, WellKnownLive)
