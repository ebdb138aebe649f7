import { HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Counters, DataPlaneCounters, DataPlaneFaults, RestCounters, RestFaults, RestRateLimiter } from "@its/simulator"
import type { DataPlaneReply } from "@its/transport"
import { Clock, Context, Effect, Schedule } from "effect"
import { DataPlaneAudience, envelope, RestAudience, Score, startDataPlane, startRest } from "./support/transport.ts"

const getScore = (id: string) => HttpClientRequest.get(`/v1/score/${id}`)

/** Milliseconds `effect` took, with its result. */
const timed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const start = yield* Clock.currentTimeMillis
    const result = yield* effect
    return { result, elapsed: (yield* Clock.currentTimeMillis) - start }
  })

const contentOf = (reply: DataPlaneReply) => reply.content as { type: string; echo: { ticketId: string } }

describe("@its/transport against the simulator: environment", () => {
  it.scopedLive(
    "ITS_ENV=local with only ITS_API_URL resolves every URL to the simulator; printing shows no secret",
    () =>
      Effect.gen(function* () {
        const { info, env } = yield* startRest()
        expect(env.name).toBe("local")
        expect(env.apiUrl).toBe(info.baseUrl)
        expect(env.tokenUrl).toBe(info.tokenUrl)
        expect(env.wsUrl).toBe(info.dataPlaneUrl)
        expect(env.audience).toBe(RestAudience)
        expect(env.wsAudience).toBe(DataPlaneAudience)
        expect(env.apis.lbs.url).toBe(`${info.baseUrl}/api/lbs`)
        for (const printed of [String(env), JSON.stringify(env), JSON.stringify(env.describe())]) {
          expect(printed).not.toContain("its-sim-secret")
          expect(printed).toContain("<redacted>")
        }
      })
  )
})

describe("@its/transport against the simulator: REST through ItsHttp", () => {
  it.scopedLive("200 with a real JWT from the simulator's token endpoint", () =>
    Effect.gen(function* () {
      const { simulator, its } = yield* startRest()
      const score = yield* its.executeJson("lbs", getScore("a"), Score)
      expect(score).toEqual({ id: "a", apiId: "lbs", clientId: "its-sim-client" })
      yield* its.executeJson("lbs", getScore("b"), Score)
      expect(yield* Context.get(simulator, Counters).total({ audience: RestAudience, outcome: "issued" })).toBe(1)
      expect(yield* Context.get(simulator, RestCounters).total({ apiId: "lbs", outcome: "passed" })).toBe(2)
    })
  )

  it.scopedLive("a 401 invalidates the token, fetches a new one and retries exactly once", () =>
    Effect.gen(function* () {
      const { simulator, its } = yield* startRest()
      yield* its.executeJson("lbs", getScore("warm"), Score)
      const tokens = Context.get(simulator, Counters)
      expect(yield* tokens.total({ outcome: "issued" })).toBe(1)
      yield* Context.get(simulator, RestFaults).set("lbs", { script: [{ kind: "error", status: 401 }] })
      expect(yield* its.executeJson("lbs", getScore("a"), Score)).toMatchObject({ id: "a" })
      expect(yield* tokens.total({ outcome: "issued" })).toBe(2)
      const rest = Context.get(simulator, RestCounters)
      expect(yield* rest.total({ apiId: "lbs", outcome: "fault:401" })).toBe(1)
      expect(yield* rest.total({ apiId: "lbs" })).toBe(3) // warm-up, the 401, exactly one retry

      // Two 401s in a row: one retry only, then Unauthorized.
      yield* Context.get(simulator, RestFaults).set("lbs", {
        script: [
          { kind: "error", status: 401 },
          { kind: "error", status: 401 }
        ]
      })
      const error = yield* Effect.flip(its.execute("lbs", getScore("b")))
      expect(error._tag).toBe("Unauthorized")
      expect(yield* rest.total({ apiId: "lbs", outcome: "fault:401" })).toBe(3)
      expect(yield* rest.total({ apiId: "lbs" })).toBe(5)
    })
  )

  it.scopedLive("503, 503, ok: a GET is retried and succeeds", () =>
    Effect.gen(function* () {
      const { simulator, its } = yield* startRest({ config: { ITS_HTTP_BACKOFF_BASE: "20 millis" } })
      yield* Context.get(simulator, RestFaults).set("lbs", {
        script: [{ kind: "error", status: 503 }, { kind: "error", status: 503 }, { kind: "ok" }]
      })
      expect(yield* its.executeJson("lbs", getScore("a"), Score)).toMatchObject({ id: "a" })
      const rest = Context.get(simulator, RestCounters)
      expect(yield* rest.total({ apiId: "lbs", outcome: "fault:503" })).toBe(2)
      expect(yield* rest.total({ apiId: "lbs", outcome: "passed" })).toBe(1)
    })
  )

  it.scopedLive("429 with Retry-After: 1 waits at least a second, then succeeds", () =>
    Effect.gen(function* () {
      const { simulator, its } = yield* startRest()
      yield* its.execute("lbs", getScore("warm")) // the token is fetched before the clock starts
      yield* Context.get(simulator, RestFaults).set("lbs", { script: [{ kind: "error", status: 429, retryAfter: 1 }] })
      const { result, elapsed } = yield* timed(its.executeJson("lbs", getScore("a"), Score))
      expect(result.id).toBe("a")
      expect(elapsed).toBeGreaterThanOrEqual(1000)
      expect(yield* Context.get(simulator, RestCounters).total({ apiId: "lbs", outcome: "fault:429" })).toBe(1)
    })
  )

  it.scopedLive("a POST is not retried on 503", () =>
    Effect.gen(function* () {
      const { simulator, its } = yield* startRest({ config: { ITS_HTTP_BACKOFF_BASE: "20 millis" } })
      yield* Context.get(simulator, RestFaults).set("lbs", { script: [{ kind: "error", status: 503 }] })
      const error = yield* Effect.flip(its.execute("lbs", HttpClientRequest.post("/v1/score")))
      expect(error).toMatchObject({ _tag: "UpstreamUnavailable", status: 503, attempts: 1 })
      const rest = Context.get(simulator, RestCounters)
      expect(yield* rest.total({ apiId: "lbs" })).toBe(1)
      // The same POST explicitly marked idempotent is retried.
      yield* Context.get(simulator, RestFaults).set("lbs", { script: [{ kind: "error", status: 503 }] })
      const posted = yield* its.executeJson("lbs", HttpClientRequest.post("/v1/score"), Score, { idempotent: true })
      expect(posted.id).toBe("posted")
      expect(yield* rest.total({ apiId: "lbs" })).toBe(3)
    })
  )

  it.scopedLive("the simulator's rate limit: 429 surfaces for a POST, GETs wait out Retry-After and succeed", () =>
    Effect.gen(function* () {
      const { simulator, its } = yield* startRest({
        sim: { rateLimits: { lbs: [{ limit: 2, intervalMs: 60_000 }] } },
        config: { ITS_RATE_LIMITS: "off" }
      })
      const rest = Context.get(simulator, RestCounters)
      yield* Effect.all([its.execute("lbs", getScore("a")), its.execute("lbs", getScore("b"))], {
        concurrency: "unbounded"
      })
      // The bucket is empty: a POST is not retried, the 429 surfaces with its Retry-After.
      const error = yield* Effect.flip(its.execute("lbs", HttpClientRequest.post("/v1/score")))
      expect(error).toMatchObject({ _tag: "RateLimited", retryAfterMillis: 30_000 })
      // 2 per second (buckets refill): two GETs pass, two get 429 + Retry-After: 1 and are retried after it.
      yield* Context.get(simulator, RestRateLimiter).set({ lbs: [{ limit: 2, intervalMs: 1000 }] })
      const { elapsed } = yield* timed(
        Effect.all(
          ["c", "d", "e", "f"].map((id) => its.executeJson("lbs", getScore(id), Score)),
          { concurrency: "unbounded" }
        )
      )
      expect(elapsed).toBeGreaterThanOrEqual(1000)
      expect(yield* rest.total({ apiId: "lbs", outcome: "passed" })).toBe(6)
      expect(yield* rest.total({ apiId: "lbs", outcome: "rate_limited" })).toBeGreaterThanOrEqual(3)
    })
  )

  it.scopedLive("client-side pacing below the simulator's limit: no 429 at all", () =>
    Effect.gen(function* () {
      const { simulator, its } = yield* startRest({
        sim: { rateLimits: { lbs: [{ limit: 2, intervalMs: 1000 }] } },
        config: { ITS_RATE_LIMIT_LBS: "2/1500 millis" }
      })
      const { elapsed } = yield* timed(
        Effect.all(
          ["a", "b", "c", "d"].map((id) => its.executeJson("lbs", getScore(id), Score)),
          { concurrency: "unbounded" }
        )
      )
      expect(elapsed).toBeGreaterThanOrEqual(1000) // paced: 2 at once, then one every 750 ms
      const rest = Context.get(simulator, RestCounters)
      expect(yield* rest.total({ apiId: "lbs", outcome: "passed" })).toBe(4)
      expect(yield* rest.total({ apiId: "lbs", outcome: "rate_limited" })).toBe(0)
    })
  )
})

describe("@its/transport against the simulator: DataPlane", () => {
  it.scopedLive("a request pairs with its echo reply", () =>
    Effect.gen(function* () {
      const { simulator, dataPlane } = yield* startDataPlane()
      const message = envelope({ stake: 10 })
      const reply = yield* dataPlane.request(message)
      expect(reply).toMatchObject({ correlationId: message.correlationId, operation: "ticket-placement" })
      expect(reply.content).toEqual({ type: "ticket-reply", echo: message.content })
      expect(yield* Context.get(simulator, DataPlaneCounters).received("ticket-placement")).toBe(1)
      expect(yield* Context.get(simulator, Counters).total({ audience: DataPlaneAudience })).toBe(1)
    })
  )

  it.scopedLive("1 000 concurrent requests with out-of-order replies all pair correctly", () =>
    Effect.gen(function* () {
      const { simulator, dataPlane } = yield* startDataPlane()
      yield* dataPlane.awaitConnected
      yield* Context.get(simulator, DataPlaneFaults).set({ outOfOrder: 8 }) // 1 000 = 125 × 8: none stays held
      const messages = Array.from({ length: 1000 }, () => envelope())
      const replies = yield* Effect.all(
        messages.map((message) => dataPlane.request(message)),
        { concurrency: "unbounded" }
      )
      replies.forEach((reply, i) => {
        const message = messages[i]
        expect(reply.correlationId).toBe(message?.correlationId)
        expect(contentOf(reply).echo.ticketId).toBe(message?.content.ticketId)
      })
      const stats = yield* dataPlane.stats
      expect(stats).toMatchObject({ sent: 1000, replies: 1000, unmatchedReplies: 0, inFlight: 0 })
      const counts = yield* Context.get(simulator, DataPlaneCounters).snapshot
      expect(counts.faults["out-of-order"]).toBeGreaterThan(0)
    })
  )

  it.scopedLive("dropAfter: in-flight requests fail with ConnectionLost, the next ones succeed after reconnect", () =>
    Effect.gen(function* () {
      const { dataPlane } = yield* startDataPlane({
        sim: { dataPlaneFaults: { dropAfter: 3, latencyMs: 200 } },
        config: { ITS_WS_RECONNECT_BASE: "20 millis" }
      })
      yield* dataPlane.awaitConnected
      // Three are handled (replies after 200 ms), the fourth destroys the socket first.
      const outcomes = yield* Effect.all(
        Array.from({ length: 4 }, () => Effect.flip(dataPlane.request(envelope()))),
        { concurrency: "unbounded" }
      )
      for (const error of outcomes) expect(error._tag).toBe("ConnectionLost")
      const next = yield* Effect.all(
        Array.from({ length: 3 }, () => dataPlane.request(envelope())),
        { concurrency: "unbounded" }
      )
      expect(next.map((reply) => contentOf(reply).type)).toEqual(["ticket-reply", "ticket-reply", "ticket-reply"])
      const stats = yield* dataPlane.stats
      expect(stats.connectionLost).toBe(4)
      expect(stats.drops).toBeGreaterThanOrEqual(1)
      expect(stats.connects).toBeGreaterThanOrEqual(2)
      expect(stats.replies).toBe(3)
    })
  )

  it.scopedLive("a message over 128 000 bytes is rejected before sending", () =>
    Effect.gen(function* () {
      const { simulator, dataPlane } = yield* startDataPlane()
      yield* dataPlane.request(envelope())
      const counters = Context.get(simulator, DataPlaneCounters)
      const before = yield* counters.snapshot
      const error = yield* Effect.flip(dataPlane.request(envelope({ note: "x".repeat(128_000) })))
      expect(error).toMatchObject({ _tag: "MessageTooLarge", limit: 128_000 })
      expect(error._tag === "MessageTooLarge" && error.bytes > 128_000).toBe(true)
      const stats = yield* dataPlane.stats
      expect(stats).toMatchObject({ sent: 1, rejected: 1 })
      expect(yield* counters.snapshot).toEqual(before)
    })
  )

  it.scopedLive("an upgrade refused for the wrong audience is a typed failure, not a hang", () =>
    Effect.gen(function* () {
      const { simulator, dataPlane } = yield* startDataPlane({ config: { ITS_WS_AUDIENCE: RestAudience } })
      // Once the first upgrade has been refused (a cold start, e.g. this test run alone, can take longer than the
      // request's timeout), a request fails with that refusal as its detail.
      yield* dataPlane.stats.pipe(
        Effect.repeat({ until: (stats) => stats.connectFailures >= 1, schedule: Schedule.spaced("20 millis") })
      )
      const error = yield* Effect.flip(dataPlane.request(envelope(), { timeout: "1 second" }))
      expect(error).toMatchObject({ _tag: "ReplyTimeout", sent: false })
      expect(error._tag === "ReplyTimeout" ? error.detail : "").toContain("403")
      const stats = yield* dataPlane.stats
      expect(stats.connected).toBe(false)
      expect(stats.connects).toBe(0)
      expect(stats.connectFailures).toBeGreaterThanOrEqual(1)
      const counts = yield* Context.get(simulator, DataPlaneCounters).snapshot
      expect(counts.connectionsRefused["403"]).toBeGreaterThanOrEqual(1)
      expect(counts.connectionsOpened).toBe(0)
    })
  )
})
