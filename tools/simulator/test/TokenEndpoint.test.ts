import { HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { OAuthErrorBody, TokenResponse } from "@its/auth"
import { Effect, Redacted, TestClock } from "effect"
import * as Jose from "jose"
import { Counters, SimulatorInfo, TokenIssuer } from "../src/index.ts"
import { demoClient, postJson, postToken, restAudience, send, validForm, withSimulator } from "./helpers.ts"

const now = Date.parse("2026-11-20T10:00:00Z")

/** Asserts an Auth0-shaped refusal and returns its body. */
const expectOAuthError = (response: HttpClientResponse.HttpClientResponse, status: number, error: string) =>
  Effect.gen(function* () {
    expect(response.status).toBe(status)
    expect(response.headers["content-type"]).toContain("application/json")
    const body = yield* HttpClientResponse.schemaBodyJson(OAuthErrorBody)(response)
    expect(body.error).toBe(error)
    expect(Object.keys((yield* response.json) as object).sort()).toEqual(["error", "error_description"])
    return body
  })

describe("POST /oauth/token", () => {
  it.effect("issues a signed JWT that verifies against the JWKS", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const info = yield* SimulatorInfo
      const response = yield* postToken(validForm())
      expect(response.status).toBe(200)
      expect(response.headers["cache-control"]).toBe("no-store")
      const body = yield* HttpClientResponse.schemaBodyJson(TokenResponse)(response)
      expect(body.token_type).toBe("Bearer")
      expect(body.expires_in).toBe(600)
      const token = Redacted.value(body.access_token)

      const claims = yield* (yield* TokenIssuer).verifyAccessToken(token, restAudience)
      const iat = now / 1000
      expect(claims).toMatchObject({
        iss: `${info.baseUrl}/`,
        sub: "its-sim-client@clients",
        azp: "its-sim-client",
        aud: restAudience,
        gty: "client-credentials",
        iat,
        exp: iat + 600
      })

      // An independent verifier only needs the published JWKS.
      const jwks = yield* Effect.flatMap(send("GET", "/.well-known/jwks.json"), (r) => r.json)
      const header = Jose.decodeProtectedHeader(token)
      expect(header).toMatchObject({ alg: "RS256", typ: "JWT" })
      expect((jwks as Jose.JSONWebKeySet).keys.map((k) => k.kid)).toEqual([header.kid])
      const verified = yield* Effect.promise(() =>
        Jose.jwtVerify(token, Jose.createLocalJWKSet(jwks as Jose.JSONWebKeySet), {
          issuer: `${info.baseUrl}/`,
          audience: restAudience,
          currentDate: new Date(now)
        })
      )
      expect(verified.payload.sub).toBe("its-sim-client@clients")

      expect(yield* (yield* Counters).snapshot).toEqual([
        { clientId: "its-sim-client", audience: restAudience, outcome: "issued", count: 1 }
      ])
    }).pipe(withSimulator())
  )

  it.effect("uses the per-audience lifetime (300 s for the data plane) and SIM_TOKEN_TTL otherwise", () =>
    Effect.gen(function* () {
      const rest = yield* Effect.flatMap(postToken(validForm()), HttpClientResponse.schemaBodyJson(TokenResponse))
      const dataPlane = yield* Effect.flatMap(
        postToken(validForm({ audience: "mbs-dp-production-wss" })),
        HttpClientResponse.schemaBodyJson(TokenResponse)
      )
      expect(rest.expires_in).toBe(120)
      expect(dataPlane.expires_in).toBe(300)
    }).pipe(withSimulator({ tokenTtl: 120 }))
  )

  it.effect("uses a configured issuer and echoes a requested scope", () =>
    Effect.gen(function* () {
      const body = yield* Effect.flatMap(
        postToken(validForm({ scope: "read:scores" })),
        HttpClientResponse.schemaBodyJson(TokenResponse)
      )
      expect(body.scope).toBe("read:scores")
      const claims = yield* (yield* TokenIssuer).verifyAccessToken(Redacted.value(body.access_token), restAudience)
      expect(claims.iss).toBe("https://auth.example.test/")
      expect(claims.scope).toBe("read:scores")
    }).pipe(withSimulator({ issuer: "https://auth.example.test/" }))
  )

  it.effect("accepts HTTP Basic client authentication instead of the form fields", () =>
    Effect.gen(function* () {
      const response = yield* postToken(
        { grant_type: "client_credentials", audience: restAudience },
        { basic: [demoClient.client_id, demoClient.client_secret] }
      )
      expect(response.status).toBe(200)
      const body = yield* HttpClientResponse.schemaBodyJson(TokenResponse)(response)
      const claims = yield* (yield* TokenIssuer).verifyAccessToken(Redacted.value(body.access_token), restAudience)
      expect(claims.sub).toBe("its-sim-client@clients")
    }).pipe(withSimulator())
  )

  it.effect("accepts a JSON body, like Auth0", () =>
    Effect.gen(function* () {
      const response = yield* postJson("/oauth/token", validForm())
      expect(response.status).toBe(200)
    }).pipe(withSimulator())
  )

  it.effect("rejects both HTTP Basic and a body secret with invalid_request", () =>
    Effect.gen(function* () {
      const response = yield* postToken(validForm(), { basic: [demoClient.client_id, demoClient.client_secret] })
      yield* expectOAuthError(response, 400, "invalid_request")
    }).pipe(withSimulator())
  )

  it.effect("rejects a wrong secret, in the body or in Basic, with 401 invalid_client", () =>
    Effect.gen(function* () {
      yield* expectOAuthError(yield* postToken(validForm({ client_secret: "nope" })), 401, "invalid_client")
      yield* expectOAuthError(
        yield* postToken(
          { grant_type: "client_credentials", audience: restAudience },
          { basic: [demoClient.client_id, "its-sim-secreT"] }
        ),
        401,
        "invalid_client"
      )
      expect(yield* (yield* Counters).total({ outcome: "invalid_client", clientId: "its-sim-client" })).toBe(2)
    }).pipe(withSimulator())
  )

  it.effect("rejects an unknown client and missing credentials with 401 invalid_client", () =>
    Effect.gen(function* () {
      yield* expectOAuthError(yield* postToken(validForm({ client_id: "someone-else" })), 401, "invalid_client")
      const missing = yield* expectOAuthError(
        yield* postToken({ grant_type: "client_credentials", audience: restAudience }),
        401,
        "invalid_client"
      )
      expect(missing.error_description).toBe("Client authentication is required")
    }).pipe(withSimulator())
  )

  it.effect("refuses an audience the client may not use with 403 unauthorized_client", () =>
    Effect.gen(function* () {
      const form = { grant_type: "client_credentials", client_id: "rest-only", client_secret: "s3cret" }
      expect((yield* postToken({ ...form, audience: restAudience })).status).toBe(200)
      const denied = yield* expectOAuthError(
        yield* postToken({ ...form, audience: "mbs-dp-non-prod-wss" }),
        403,
        "unauthorized_client"
      )
      expect(denied.error_description).toContain("mbs-dp-non-prod-wss")
      // An audience no client knows is an unknown API to Auth0.
      yield* expectOAuthError(yield* postToken({ ...form, audience: "no-such-api" }), 403, "access_denied")
      const counters = yield* Counters
      expect(yield* counters.total({ clientId: "rest-only", outcome: "unauthorized_client" })).toBe(2)
      expect(yield* counters.total({ outcome: "issued" })).toBe(1)
    }).pipe(
      withSimulator({
        clients: [
          { clientId: "rest-only", clientSecret: "s3cret", audiences: [restAudience] },
          { clientId: "dp", clientSecret: "dp-secret", audiences: ["mbs-dp-non-prod-wss"] }
        ]
      })
    )
  )

  it.effect("answers missing or bad fields with an Auth0-shaped 400 invalid_request, not HttpApiDecodeError", () =>
    Effect.gen(function* () {
      const { audience: _, ...noAudience } = validForm()
      const missing = yield* expectOAuthError(yield* postToken(noAudience), 400, "invalid_request")
      expect(missing.error_description).toBe("Missing required parameter: audience")

      const { grant_type: __, ...noGrant } = validForm()
      const noGrantType = yield* expectOAuthError(yield* postToken(noGrant), 400, "invalid_request")
      expect(noGrantType.error_description).toBe("Missing required parameter: grant_type")

      const wrongGrant = yield* expectOAuthError(
        yield* postToken(validForm({ grant_type: "password" })),
        400,
        "invalid_request"
      )
      expect(wrongGrant.error_description).toContain("grant_type")

      const emptySecret = yield* expectOAuthError(
        yield* postToken(validForm({ client_secret: "" })),
        400,
        "invalid_request"
      )
      expect(emptySecret.error_description).toBe("Invalid parameter: client_secret")

      yield* expectOAuthError(yield* postJson("/oauth/token", ["not", "an", "object"]), 400, "invalid_request")
      expect(yield* (yield* Counters).total({ outcome: "invalid_request" })).toBe(5)
    }).pipe(withSimulator())
  )
})
