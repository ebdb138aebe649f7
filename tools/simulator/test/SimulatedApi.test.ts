import {
  HttpApi,
  HttpApiBuilder,
  HttpApiEndpoint,
  HttpApiGroup,
  HttpClient,
  HttpClientRequest,
  HttpLayerRouter,
  OpenApi
} from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Layer, Option, Schema, TestClock } from "effect"
import {
  DocumentedRateLimitRules,
  RestCaller,
  RestCounters,
  RestFaults,
  RestGuard,
  RestRateLimiter,
  SimulatedApi,
  SimulatorInfo,
  type SimulatorSettingsInput
} from "../src/index.ts"
import { dataPlaneAudience, fetchToken } from "./dataPlaneClient.ts"
import { send, withSimulator } from "./helpers.ts"

const now = Date.parse("2026-11-20T10:00:00Z")

// A small example of what the models work will add to `SimulatorApi`: guarded groups with their own API ids.
const Score = Schema.Struct({ id: Schema.String, apiId: Schema.String, clientId: Schema.String })

class ScoreGroup extends HttpApiGroup.make("score")
  .add(
    HttpApiEndpoint.get("get", "/api/lbs/v1/score/:id")
      .setPath(Schema.Struct({ id: Schema.String }))
      .addSuccess(Score)
  )
  .add(HttpApiEndpoint.post("post", "/api/lbs/v1/score").addSuccess(Score))
  .middleware(RestGuard) {}

class TournamentGroup extends HttpApiGroup.make("tournament")
  .add(HttpApiEndpoint.get("get", "/api/tournament/v1/ratings").addSuccess(Score))
  .add(HttpApiEndpoint.post("post", "/api/tournament/v1/ratings").addSuccess(Score))
  .middleware(RestGuard) {}

/** An LTD-like error shape, `{ errorCode?, message }` (its-api.md §8.2), which must not capture guard refusals. */
const LtdError = Schema.Struct({ errorCode: Schema.optional(Schema.String), message: Schema.String })

class LtdGroup extends HttpApiGroup.make("ltd")
  .add(HttpApiEndpoint.post("score", "/api/ltd/v1/score").addSuccess(Score).addError(LtdError, { status: 400 }))
  .middleware(RestGuard) {}

class ExampleApi extends HttpApi.make("example").add(LtdGroup).add(ScoreGroup).add(TournamentGroup) {}

const answer = (id: string) =>
  Effect.map(RestCaller, (caller) => ({ id, apiId: caller.apiId, clientId: caller.claims.azp }))

const ScoreLive = SimulatedApi.protect(
  HttpApiBuilder.group(ExampleApi, "score", (handlers) =>
    handlers.handle("get", ({ path }) => answer(path.id)).handle("post", () => answer("posted"))
  ),
  { apiId: "lbs" }
)

const TournamentLive = SimulatedApi.protect(
  HttpApiBuilder.group(ExampleApi, "tournament", (handlers) =>
    handlers.handle("get", () => answer("ratings")).handle("post", () => answer("rated"))
  ),
  { apiId: "tournament" }
)

const LtdLive = SimulatedApi.protect(
  HttpApiBuilder.group(ExampleApi, "ltd", (handlers) =>
    handlers.handle("score", () => Effect.fail({ errorCode: "E1", message: "no ticket" }))
  ),
  { apiId: "ltd" }
)

const routes = HttpLayerRouter.addHttpApi(ExampleApi).pipe(Layer.provide([LtdLive, ScoreLive, TournamentLive]))

const withExample = (input: SimulatorSettingsInput = {}) => withSimulator(input, { routes })

const call = (method: "GET" | "POST", path: string, authorization?: string) =>
  Effect.gen(function* () {
    const { baseUrl } = yield* SimulatorInfo
    const request = HttpClientRequest.make(method)(`${baseUrl}${path}`)
    const response = yield* HttpClient.execute(
      authorization === undefined ? request : HttpClientRequest.setHeader(request, "authorization", authorization)
    )
    const text = yield* response.text
    return { status: response.status, headers: response.headers, text, json: text === "" ? undefined : safeJson(text) }
  })

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const bearer = (audience = "mts-insight-tech-non-prod") =>
  Effect.map(fetchToken(audience), (token) => `Bearer ${token}`)

describe("RestGuard: authentication", () => {
  it.effect("401 without, with a malformed or an expired token; 403 for another audience; 200 otherwise", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const unauthorized = { message: "Unauthorized" }
      expect((yield* call("GET", "/api/lbs/v1/score/a")).json).toEqual(unauthorized)
      expect((yield* call("GET", "/api/lbs/v1/score/a", "Bearer not-a-jwt")).status).toBe(401)
      expect((yield* call("GET", "/api/lbs/v1/score/a", "Basic aXRzOnNlY3JldA==")).status).toBe(401)

      const forbidden = yield* call("GET", "/api/lbs/v1/score/a", yield* bearer(dataPlaneAudience))
      expect(forbidden.status).toBe(403)
      expect(forbidden.json).toEqual({ message: "Forbidden" })
      // The guard's answers keep their status next to a group whose error has the same shape.
      expect((yield* call("POST", "/api/ltd/v1/score", yield* bearer(dataPlaneAudience))).status).toBe(403)
      expect((yield* call("POST", "/api/ltd/v1/score")).json).toEqual({ message: "Unauthorized" })
      const ltdError = yield* call("POST", "/api/ltd/v1/score", yield* bearer())
      expect(ltdError.status).toBe(400)
      expect(ltdError.json).toEqual({ errorCode: "E1", message: "no ticket" })

      const token = yield* bearer()
      const ok = yield* call("GET", "/api/lbs/v1/score/a", token)
      expect(ok.status).toBe(200)
      expect(ok.json).toEqual({ id: "a", apiId: "lbs", clientId: "its-sim-client" })
      // The production REST audience is accepted too.
      expect((yield* call("GET", "/api/lbs/v1/score/b", yield* bearer("mts-insight-tech"))).status).toBe(200)

      yield* TestClock.adjust("599 seconds")
      expect((yield* call("GET", "/api/lbs/v1/score/a", token)).status).toBe(200)
      yield* TestClock.adjust("2 seconds")
      const expired = yield* call("GET", "/api/lbs/v1/score/a", token)
      expect(expired.status).toBe(401)
      expect(expired.json).toEqual(unauthorized)

      expect(yield* (yield* RestCounters).snapshot).toEqual([
        { apiId: "lbs", outcome: "forbidden", count: 1 },
        { apiId: "lbs", outcome: "passed", count: 3 },
        { apiId: "lbs", outcome: "unauthorized", count: 4 },
        { apiId: "ltd", outcome: "forbidden", count: 1 },
        { apiId: "ltd", outcome: "passed", count: 1 },
        { apiId: "ltd", outcome: "unauthorized", count: 1 }
      ])
    }).pipe(withExample())
  )

  it.effect("documents bearer security and the 401/403/429 answers in OpenAPI", () =>
    Effect.sync(() => {
      const spec = OpenApi.fromApi(ExampleApi)
      const operation = spec.paths["/api/lbs/v1/score/{id}"]?.get
      expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(["200", "400", "401", "403", "429"])
      expect(operation?.security).toEqual([{ bearer: [] }])
    })
  )
})

describe("RestGuard: rate limits", () => {
  it.effect("answers 429 with Retry-After when a bucket is empty, and recovers once it refills", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const token = yield* bearer()
      expect((yield* call("GET", "/api/lbs/v1/score/1", token)).status).toBe(200)
      expect((yield* call("POST", "/api/lbs/v1/score", token)).status).toBe(200)
      const limited = yield* call("GET", "/api/lbs/v1/score/3", token)
      expect(limited.status).toBe(429)
      expect(limited.headers["retry-after"]).toBe("1")
      expect(limited.json).toEqual({ message: "Too Many Requests" })
      // Other APIs have their own buckets.
      expect((yield* call("GET", "/api/tournament/v1/ratings", token)).status).toBe(200)

      yield* TestClock.adjust("500 millis")
      expect((yield* call("GET", "/api/lbs/v1/score/4", token)).status).toBe(200)
      expect((yield* call("GET", "/api/lbs/v1/score/5", token)).status).toBe(429)
      yield* TestClock.adjust("1 second")
      expect((yield* call("GET", "/api/lbs/v1/score/6", token)).status).toBe(200)
      expect((yield* call("GET", "/api/lbs/v1/score/7", token)).status).toBe(200)

      expect(yield* (yield* RestCounters).total({ apiId: "lbs", outcome: "rate_limited" })).toBe(2)
      // Unauthenticated requests are refused before they count.
      expect((yield* call("GET", "/api/lbs/v1/score/8")).status).toBe(401)
    }).pipe(withExample({ rateLimits: { lbs: [{ limit: 2, intervalMs: 1000 }] } }))
  )

  it.effect("applies per-method rules (documented Tournament limits: GET 1/min, POST 15/min)", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const token = yield* bearer()
      expect((yield* call("GET", "/api/tournament/v1/ratings", token)).status).toBe(200)
      const limited = yield* call("GET", "/api/tournament/v1/ratings", token)
      expect(limited.status).toBe(429)
      expect(limited.headers["retry-after"]).toBe("60")
      for (let i = 0; i < 15; i++) expect((yield* call("POST", "/api/tournament/v1/ratings", token)).status).toBe(200)
      expect((yield* call("POST", "/api/tournament/v1/ratings", token)).headers["retry-after"]).toBe("4")

      yield* TestClock.adjust("59 seconds")
      expect((yield* call("GET", "/api/tournament/v1/ratings", token)).headers["retry-after"]).toBe("1")
      yield* TestClock.adjust("1 second")
      expect((yield* call("GET", "/api/tournament/v1/ratings", token)).status).toBe(200)
      expect(yield* (yield* RestRateLimiter).limits).toEqual(DocumentedRateLimitRules)
    }).pipe(withExample({ rateLimits: "documented" }))
  )

  it.effect("is off by default and set at run time through /__admin/rest/rate-limits", () =>
    Effect.gen(function* () {
      const token = yield* bearer()
      for (let i = 0; i < 5; i++) expect((yield* call("GET", "/api/tournament/v1/ratings", token)).status).toBe(200)
      expect(yield* Effect.flatMap(send("GET", "/__admin/rest/rate-limits"), (r) => r.json)).toEqual({})

      const put = yield* send("PUT", "/__admin/rest/rate-limits", "documented")
      expect(put.status).toBe(200)
      expect(yield* put.json).toEqual(DocumentedRateLimitRules)
      expect((yield* call("GET", "/api/tournament/v1/ratings", token)).status).toBe(200)
      expect((yield* call("GET", "/api/tournament/v1/ratings", token)).status).toBe(429)

      // The reset refills the buckets and keeps the rules.
      expect((yield* send("POST", "/__admin/reset")).status).toBe(204)
      expect((yield* call("GET", "/api/tournament/v1/ratings", token)).status).toBe(200)
      expect((yield* call("GET", "/api/tournament/v1/ratings", token)).status).toBe(429)

      expect((yield* send("PUT", "/__admin/rest/rate-limits", { lbs: [{ limit: 0, intervalMs: 1 }] })).status).toBe(400)
      expect((yield* send("PUT", "/__admin/rest/rate-limits", "off")).status).toBe(200)
      expect((yield* call("GET", "/api/tournament/v1/ratings", token)).status).toBe(200)
    }).pipe(withExample())
  )

  it.effect("RestRateLimiter: a bucket of `burst` tokens refilled at `limit` per `intervalMs`", () =>
    Effect.gen(function* () {
      const limiter = yield* RestRateLimiter
      const takes = (n: number) =>
        Effect.map(
          Effect.forEach(Array.from({ length: n }), () => limiter.take("lbs", "GET")),
          (results) => results.filter((r) => r._tag === "None").length
        )
      // LBS as documented by @its/transport: 200 tokens refilled over 667 ms (300/s, burst 200).
      expect(DocumentedRateLimitRules.lbs).toEqual([{ limit: 200, intervalMs: 667 }])
      expect(yield* takes(250)).toBe(200)
      yield* TestClock.adjust("10 millis") // 10 / 3.335 ms = 2.99 tokens
      expect(yield* takes(10)).toBe(2)
      yield* TestClock.adjust("667 millis") // a full bucket, no more
      expect(yield* takes(250)).toBe(200)
      expect(Option.isNone(yield* limiter.take("unknown", "GET"))).toBe(true)
    }).pipe(Effect.provide(RestRateLimiter.layerWith(DocumentedRateLimitRules)))
  )
})

describe("RestGuard: scripted faults per API", () => {
  it.effect("answers scripted statuses before authentication, only for that API, then passes through", () =>
    Effect.gen(function* () {
      const token = yield* bearer()
      const unavailable = yield* call("GET", "/api/lbs/v1/score/a")
      expect(unavailable.status).toBe(503)
      expect(unavailable.json).toEqual({ message: "Service Unavailable" })
      expect((yield* call("GET", "/api/tournament/v1/ratings", token)).status).toBe(200)

      const throttled = yield* call("GET", "/api/lbs/v1/score/a", token)
      expect(throttled.status).toBe(429)
      expect(throttled.headers["retry-after"]).toBe("3")
      expect(throttled.json).toEqual({ message: "slow down" })

      const dropped = yield* Effect.either(call("GET", "/api/lbs/v1/score/a", token))
      expect(Either.isLeft(dropped) && dropped.left._tag).toBe("RequestError")

      const malformed = yield* call("GET", "/api/lbs/v1/score/a", token)
      expect(malformed.status).toBe(200)
      expect(malformed.headers["content-type"]).toContain("text/html")

      expect((yield* call("GET", "/api/lbs/v1/score/a", token)).json).toMatchObject({ id: "a" })
      expect(yield* (yield* RestCounters).snapshot).toEqual([
        { apiId: "lbs", outcome: "dropped", count: 1 },
        { apiId: "lbs", outcome: "fault:429", count: 1 },
        { apiId: "lbs", outcome: "fault:503", count: 1 },
        { apiId: "lbs", outcome: "malformed", count: 1 },
        { apiId: "lbs", outcome: "passed", count: 1 },
        { apiId: "tournament", outcome: "passed", count: 1 }
      ])
      expect(yield* (yield* RestFaults).plan("lbs")).toEqual({ script: [] })
    }).pipe(
      withExample({
        restFaults: {
          lbs: {
            script: [
              503,
              { kind: "error", status: 429, retryAfter: 3, error_description: "slow down" },
              "drop",
              "malformed"
            ]
          }
        }
      })
    )
  )

  it.effect("in-process RestFaults and /__admin/rest/faults drive the same plans", () =>
    Effect.gen(function* () {
      const token = yield* bearer()
      const faults = yield* RestFaults
      yield* faults.set("tournament", { always: { kind: "error", status: 500 } })
      expect((yield* call("GET", "/api/tournament/v1/ratings", token)).json).toEqual({
        message: "Internal Server Error"
      })

      const put = yield* send("PUT", "/__admin/rest/faults/lbs", { script: [504] })
      expect(put.status).toBe(200)
      expect(yield* put.json).toEqual({ script: [{ kind: "error", status: 504 }] })
      expect(yield* Effect.flatMap(send("GET", "/__admin/rest/faults"), (r) => r.json)).toEqual({
        lbs: { script: [{ kind: "error", status: 504 }] },
        tournament: { always: { kind: "error", status: 500 } }
      })
      expect((yield* send("PUT", "/__admin/rest/faults/lbs", { script: [200] })).status).toBe(400)
      expect((yield* call("GET", "/api/lbs/v1/score/a", token)).status).toBe(504)
      expect((yield* call("GET", "/api/lbs/v1/score/a", token)).status).toBe(200)

      expect((yield* send("DELETE", "/__admin/rest/faults/tournament")).status).toBe(204)
      expect((yield* call("GET", "/api/tournament/v1/ratings", token)).status).toBe(200)
      yield* faults.set("tournament", { always: { kind: "error", status: 500 } })
      expect((yield* send("DELETE", "/__admin/rest/faults")).status).toBe(204)
      expect(yield* faults.plans).toEqual({})

      expect(yield* Effect.flatMap(send("GET", "/__admin/rest/counters"), (r) => r.json)).toEqual({
        total: 4,
        entries: [
          { apiId: "lbs", outcome: "fault:504", count: 1 },
          { apiId: "lbs", outcome: "passed", count: 1 },
          { apiId: "tournament", outcome: "fault:500", count: 1 },
          { apiId: "tournament", outcome: "passed", count: 1 }
        ]
      })
      expect((yield* send("POST", "/__admin/reset")).status).toBe(204)
      expect(yield* (yield* RestCounters).total()).toBe(0)
    }).pipe(withExample())
  )
})
