import { HttpClientResponse } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { OAuthErrorBody, TokenResponse } from "@its/auth"
import { Clock, Effect, Either, Schema } from "effect"
import { Counters, FaultPlan, Faults } from "../src/index.ts"
import { postToken, restAudience, validForm, withSimulator } from "./helpers.ts"

const label = { clientId: "its-sim-client", audience: restAudience }

describe("fault injection on the token endpoint", () => {
  it.live("adds latency to every token request", () =>
    Effect.gen(function* () {
      const timed = Effect.gen(function* () {
        const start = yield* Clock.currentTimeMillis
        const response = yield* postToken(validForm())
        expect(response.status).toBe(200)
        return (yield* Clock.currentTimeMillis) - start
      })
      expect(yield* timed).toBeGreaterThanOrEqual(400)
      yield* (yield* Faults).clear
      expect(yield* timed).toBeLessThan(400)
    }).pipe(withSimulator({ faults: { latencyMs: 400 } }))
  )

  it.effect("answers scripted statuses in order, with Retry-After, then passes through", () =>
    Effect.gen(function* () {
      const first = yield* postToken(validForm())
      expect(first.status).toBe(429)
      expect(first.headers["retry-after"]).toBe("7")
      expect(yield* HttpClientResponse.schemaBodyJson(OAuthErrorBody)(first)).toEqual({
        error: "too_many_requests",
        error_description: "slow down"
      })

      const second = yield* postToken(validForm())
      expect(second.status).toBe(503)
      expect(second.headers["retry-after"]).toBeUndefined()
      expect((yield* HttpClientResponse.schemaBodyJson(OAuthErrorBody)(second)).error).toBe("server_error")

      // A scripted "ok" runs the real logic, so a bad secret is still refused.
      expect((yield* postToken(validForm({ client_secret: "wrong" }))).status).toBe(401)
      expect((yield* postToken(validForm())).status).toBe(200)

      const counters = yield* Counters
      expect(yield* counters.snapshot).toEqual([
        { ...label, outcome: "fault:429", count: 1 },
        { ...label, outcome: "fault:503", count: 1 },
        { ...label, outcome: "invalid_client", count: 1 },
        { ...label, outcome: "issued", count: 1 }
      ])
      expect((yield* (yield* Faults).plan).script).toEqual([])
    }).pipe(
      withSimulator({
        faults: { script: [{ kind: "error", status: 429, retryAfter: 7, error_description: "slow down" }, 503, "ok"] }
      })
    )
  )

  it.effect("drop closes the connection without a response", () =>
    Effect.gen(function* () {
      const dropped = yield* Effect.either(postToken(validForm()))
      expect(Either.isLeft(dropped)).toBe(true)
      if (Either.isLeft(dropped)) {
        expect(dropped.left._tag).toBe("RequestError")
        expect(dropped.left.reason).toBe("Transport")
      }
      expect((yield* postToken(validForm())).status).toBe(200)
      expect(yield* (yield* Counters).total({ outcome: "dropped" })).toBe(1)
    }).pipe(withSimulator({ faults: { script: ["drop"] } }))
  )

  it.effect("malformed answers 200 with a body that is not JSON", () =>
    Effect.gen(function* () {
      const response = yield* postToken(validForm())
      expect(response.status).toBe(200)
      expect(response.headers["content-type"]).toContain("text/html")
      const text = yield* response.text
      expect(() => JSON.parse(text)).toThrow()
      const custom = yield* Effect.flatMap(postToken(validForm()), (r) => r.text)
      expect(custom).toBe("{ truncated")
      expect(yield* (yield* Counters).total({ outcome: "malformed" })).toBe(2)
    }).pipe(withSimulator({ faults: { script: ["malformed", { kind: "malformed", body: "{ truncated" }] } }))
  )

  it.effect("malformed-json answers 200 JSON that is not a valid token response", () =>
    Effect.gen(function* () {
      const decode = HttpClientResponse.schemaBodyJson(TokenResponse)
      const byDefault = yield* postToken(validForm())
      expect(byDefault.status).toBe(200)
      expect(yield* byDefault.json).toEqual({ token_type: "Bearer", expires_in: -5 })
      expect(Either.isLeft(yield* Effect.either(decode(byDefault)))).toBe(true)

      const custom = yield* postToken(validForm())
      expect(yield* custom.json).toEqual({ access_token: "x", token_type: "Bearer", expires_in: -5 })
      expect(Either.isLeft(yield* Effect.either(decode(custom)))).toBe(true)
    }).pipe(
      withSimulator({
        faults: {
          script: [
            "malformed-json",
            { kind: "malformed-json", body: { access_token: "x", token_type: "Bearer", expires_in: -5 } }
          ]
        }
      })
    )
  )

  it.effect("always fails with a steady status until cleared; faults win over validation", () =>
    Effect.gen(function* () {
      for (const fields of [validForm(), validForm({ client_secret: "wrong" }), {}]) {
        expect((yield* postToken(fields)).status).toBe(503)
      }
      yield* (yield* Faults).clear
      expect((yield* postToken(validForm())).status).toBe(200)
      expect(yield* (yield* Counters).total({ outcome: "fault:503" })).toBe(3)
    }).pipe(withSimulator({ faults: { always: 503 } }))
  )

  it.effect("can be scripted in-process through the Faults service", () =>
    Effect.gen(function* () {
      const faults = yield* Faults
      yield* faults.set({ script: [{ kind: "error", status: 500 }], always: { kind: "error", status: 502 } })
      expect((yield* postToken(validForm())).status).toBe(500)
      expect((yield* postToken(validForm())).status).toBe(502)
      expect(yield* faults.plan).toEqual({ script: [], always: { kind: "error", status: 502 } })
    }).pipe(withSimulator())
  )
})

describe("FaultPlan", () => {
  it("decodes shorthands and rejects non-error statuses", () => {
    const decode = Schema.decodeUnknownEither(FaultPlan)
    expect(decode({ script: ["ok", "drop", 429] })).toEqual(
      Either.right({ script: [{ kind: "ok" }, { kind: "drop" }, { kind: "error", status: 429 }] })
    )
    expect(Either.isLeft(decode({ script: [200] }))).toBe(true)
    expect(Either.isLeft(decode({ script: [{ kind: "teapot" }] }))).toBe(true)
    expect(Either.isLeft(decode({ latencyMs: -1 }))).toBe(true)
  })
})
