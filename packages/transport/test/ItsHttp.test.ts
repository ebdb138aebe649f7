// Over ~350 lines: one scenario per ItsHttp rule (auth, retries, pacing, decoding), all on the shared setup() fixture.
import { HttpApi, HttpApiClient, HttpApiEndpoint, HttpApiGroup, HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { AccessToken, TokenProvider } from "@its/auth"
import { Context, Duration, Effect, Exit, Fiber, Layer, Option, Redacted, Ref, Schema, TestClock } from "effect"
import { DocumentedRateLimits } from "../src/Assumptions.ts"
import { ItsEnvironment } from "../src/ItsEnvironment.ts"
import { ItsHttp, type ItsHttpSettings, noRateLimits } from "../src/ItsHttp.ts"
import { makeScriptedHttp, type ScriptedReply as Reply } from "../src/testing.ts"

/** A token provider handing out `tok-<generation>`; `invalidate` bumps the generation and is counted. */
const makeCountingTokens = Effect.gen(function* () {
  const generation = yield* Ref.make(1)
  const invalidations = yield* Ref.make(0)
  const token = (n: number, audience: string) =>
    AccessToken.make({
      audience,
      value: Redacted.make(`tok-${n}`),
      tokenType: "Bearer",
      issuedAt: 0,
      lifetimeMillis: 600_000,
      refreshAt: Number.MAX_SAFE_INTEGER,
      hardExpiresAt: Number.MAX_SAFE_INTEGER,
      expiresAt: Number.MAX_SAFE_INTEGER
    })
  const layer = Layer.succeed(TokenProvider, {
    get: (audience) => Effect.map(Ref.get(generation), (n) => token(n, audience ?? "default")),
    invalidate: () =>
      Effect.as(
        Effect.zipRight(
          Ref.update(generation, (n) => n + 1),
          Ref.update(invalidations, (n) => n + 1)
        ),
        true
      )
  })
  return { layer, invalidations: Ref.get(invalidations) }
})

const setup = (
  script: (n: number, request: HttpClientRequest.HttpClientRequest) => Reply,
  settings: Partial<ItsHttpSettings> = {},
  env = ItsEnvironment.make()
) =>
  Effect.gen(function* () {
    const fake = makeScriptedHttp(script)
    const tokens = yield* makeCountingTokens
    const context = yield* Layer.build(
      ItsHttp.layerWith({ rateLimits: noRateLimits, ...settings }).pipe(
        Layer.provide([Layer.succeed(ItsEnvironment, env), tokens.layer, fake.layer])
      )
    )
    return { its: Context.get(context, ItsHttp), fake, invalidations: tokens.invalidations }
  })

const get = (path: string) => HttpClientRequest.get(path)
const ok: Reply = { status: 200, body: { ok: true } }

describe("ItsHttp: URL, headers", () => {
  it.scoped("prefixes the environment base URL and the API base path, sends bearer and a request id", () =>
    Effect.gen(function* () {
      const { its, fake } = yield* setup(() => ok)
      yield* its.execute(
        "lbs",
        get("/v1/bookmakers/7/sub-bookmakers/*/source").pipe(HttpClientRequest.setUrlParam("customer", "a,b"))
      )
      yield* its.execute("bot", get("v1/x"))
      const [first, second] = yield* fake.requests
      expect(first?.url).toBe("http://127.0.0.1:4010/api/lbs/v1/bookmakers/7/sub-bookmakers/*/source?customer=a%2Cb")
      expect(second?.url).toBe("http://127.0.0.1:4010/api/bscore/v1/x")
      expect(first?.headers.authorization).toBe("Bearer tok-1")
      expect(first?.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/)
      expect(second?.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/)
      expect(first?.headers["x-request-id"]).not.toBe(second?.headers["x-request-id"])
      expect(first?.headers["x-api-key"]).toBeUndefined()
    })
  )

  it.scoped("sends x-api-key only for the API it is configured for", () =>
    Effect.gen(function* () {
      const base = ItsEnvironment.make()
      const env = ItsEnvironment.make({
        apis: { ...base.apis, rg: { ...base.apis.rg, apiKey: Option.some(Redacted.make("rg-key")) } }
      })
      const { its, fake } = yield* setup(() => ok, {}, env)
      yield* its.execute("rg", get("/v1/Operator/x"))
      yield* its.execute("lbs", get("/v1/x"))
      const [rg, lbs] = yield* fake.requests
      expect(rg?.headers["x-api-key"]).toBe("rg-key")
      expect(lbs?.headers["x-api-key"]).toBeUndefined()
    })
  )

  it.scoped("keeps the same request id across retries of one call", () =>
    Effect.gen(function* () {
      const { its, fake } = yield* setup((n) => (n === 1 ? { status: 503 } : ok))
      const fiber = yield* Effect.fork(its.execute("lbs", get("/v1/x")))
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.join(fiber)
      const [a, b] = yield* fake.requests
      expect(a?.headers["x-request-id"]).toBe(b?.headers["x-request-id"])
    })
  )

  it.scoped("rejects an absolute URL instead of sending the token elsewhere", () =>
    Effect.gen(function* () {
      const { its, fake } = yield* setup(() => ok)
      const exit = yield* Effect.exit(its.execute("lbs", get("https://example.com/v1/x")))
      expect(Exit.isFailure(exit)).toBe(true)
      expect(yield* fake.count).toBe(0)
    })
  )
})

describe("ItsHttp: 401 / 403", () => {
  it.scoped("401 → invalidate → exactly one retry with the fresh token", () =>
    Effect.gen(function* () {
      const { its, fake, invalidations } = yield* setup((n) => (n === 1 ? { status: 401 } : ok))
      const response = yield* its.execute("lbs", get("/v1/x"))
      expect(response.status).toBe(200)
      const requests = yield* fake.requests
      expect(requests.map((r) => r.headers.authorization)).toEqual(["Bearer tok-1", "Bearer tok-2"])
      expect(yield* invalidations).toBe(1)
    })
  )

  it.scoped("a second 401 is Unauthorized, after exactly two requests (also for a non-idempotent POST)", () =>
    Effect.gen(function* () {
      const { its, fake, invalidations } = yield* setup(() => ({ status: 401, body: { message: "Unauthorized" } }))
      const error = yield* Effect.flip(its.execute("ltd", HttpClientRequest.post("/v1/bookmakers/1/ticket")))
      expect(error._tag).toBe("Unauthorized")
      expect(error.message).toContain("401")
      expect(yield* fake.count).toBe(2)
      expect(yield* invalidations).toBe(1)
    })
  )

  it.scoped("403 → Forbidden, never retried", () =>
    Effect.gen(function* () {
      const { its, fake } = yield* setup(() => ({ status: 403, body: { message: "denied" } }))
      const error = yield* Effect.flip(its.execute("account", get("/v1/bookmakers/1")))
      expect(error._tag).toBe("Forbidden")
      if (error._tag === "Forbidden") expect(error.excerpt).toContain("denied")
      expect(yield* fake.count).toBe(1)
    })
  )
})

describe("ItsHttp: retries", () => {
  it.scoped("429 with Retry-After (seconds) waits exactly that long under TestClock", () =>
    Effect.gen(function* () {
      const { its, fake } = yield* setup((n) => (n === 1 ? { status: 429, headers: { "retry-after": "20" } } : ok))
      const fiber = yield* Effect.fork(its.execute("lbs", get("/v1/x")))
      yield* TestClock.adjust("19 seconds")
      expect(yield* fake.count).toBe(1)
      yield* TestClock.adjust("1 second")
      const response = yield* Fiber.join(fiber)
      expect(response.status).toBe(200)
      const [first, second] = yield* fake.requests
      expect((second?.at ?? 0) - (first?.at ?? 0)).toBe(20_000)
    })
  )

  it.scoped("503 with Retry-After as an HTTP date is honoured", () =>
    Effect.gen(function* () {
      // TestClock starts at epoch 0; 00:00:30 GMT is 30 s away.
      const { its, fake } = yield* setup((n) =>
        n === 1 ? { status: 503, headers: { "retry-after": "Thu, 01 Jan 1970 00:00:30 GMT" } } : ok
      )
      const fiber = yield* Effect.fork(its.execute("lbs", get("/v1/x")))
      yield* TestClock.adjust("29 seconds")
      expect(yield* fake.count).toBe(1)
      yield* TestClock.adjust("1 second")
      expect((yield* Fiber.join(fiber)).status).toBe(200)
      expect(yield* fake.count).toBe(2)
    })
  )

  it.scoped("a Retry-After beyond maxRetryAfter fails at once with RateLimited carrying it", () =>
    Effect.gen(function* () {
      const { its, fake } = yield* setup(() => ({ status: 429, headers: { "retry-after": "3600" } }))
      const error = yield* Effect.flip(its.execute("lbs", get("/v1/x")))
      expect(error._tag).toBe("RateLimited")
      if (error._tag === "RateLimited") expect(error.retryAfterMillis).toBe(3_600_000)
      expect(yield* fake.count).toBe(1)
    })
  )

  it.scoped("network errors, 408 and 5xx are retried with bounded attempts", () =>
    Effect.gen(function* () {
      const statuses: ReadonlyArray<Reply> = [{ drop: true }, { status: 408 }, { status: 502 }, ok]
      const { its, fake } = yield* setup((n) => statuses[n - 1] ?? ok)
      const fiber = yield* Effect.fork(its.execute("lbs", get("/v1/x")))
      yield* TestClock.adjust("1 minute")
      expect((yield* Fiber.join(fiber)).status).toBe(200)
      expect(yield* fake.count).toBe(4)
    })
  )

  it.scoped("gives up after the configured retries with UpstreamUnavailable", () =>
    Effect.gen(function* () {
      const { its, fake } = yield* setup(() => ({ status: 500, body: "boom" }), { retries: 2 })
      const fiber = yield* Effect.fork(Effect.flip(its.execute("lbs", get("/v1/x"))))
      yield* TestClock.adjust("1 minute")
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("UpstreamUnavailable")
      if (error._tag === "UpstreamUnavailable") {
        expect(error.status).toBe(500)
        expect(error.attempts).toBe(3)
      }
      expect(yield* fake.count).toBe(3)
    })
  )

  it.scoped("a non-idempotent POST is not retried", () =>
    Effect.gen(function* () {
      const { its, fake } = yield* setup((n) => (n === 1 ? { status: 503 } : ok))
      const fiber = yield* Effect.fork(Effect.flip(its.execute("ltd", HttpClientRequest.post("/v1/ticket"))))
      yield* TestClock.adjust("1 minute")
      expect((yield* Fiber.join(fiber))._tag).toBe("UpstreamUnavailable")
      expect(yield* fake.count).toBe(1)
    })
  )

  it.scoped("a POST marked safe (fetch endpoint) is retried", () =>
    Effect.gen(function* () {
      const { its, fake } = yield* setup((n) => (n === 1 ? { status: 503 } : n === 2 ? { drop: true } : ok))
      const fiber = yield* Effect.fork(
        its.execute("event", HttpClientRequest.post("/v1/bookmakers/1/fetch"), { idempotent: true })
      )
      yield* TestClock.adjust("1 minute")
      expect((yield* Fiber.join(fiber)).status).toBe(200)
      expect(yield* fake.count).toBe(3)
    })
  )

  it.scoped("no response within the timeout → Timeout (after its retries)", () =>
    Effect.gen(function* () {
      const { its, fake } = yield* setup(() => ({ ...ok, latency: "1 minute" }), {
        requestTimeout: Duration.seconds(2),
        retries: 1
      })
      const fiber = yield* Effect.fork(Effect.flip(its.execute("lbs", get("/v1/x"))))
      yield* TestClock.adjust("2 seconds")
      expect(yield* fake.count).toBe(1)
      yield* TestClock.adjust("10 seconds")
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("Timeout")
      if (error._tag === "Timeout") {
        expect(error.timeoutMillis).toBe(2000)
        expect(error.attempts).toBe(2)
      }
      expect(yield* fake.count).toBe(2)
    })
  )
})

describe("ItsHttp: statuses and decoding", () => {
  const Scores = Schema.Struct({ items: Schema.Array(Schema.Struct({ id: Schema.String, lbs: Schema.String })) })

  it.scoped("executeJson decodes with a Schema", () =>
    Effect.gen(function* () {
      const { its, fake } = yield* setup(() => ({ body: { items: [{ id: "c1", lbs: "0.42" }], extra: 1 } }))
      const scores = yield* its.executeJson("lbs", get("/v1/x"), Scores)
      expect(scores.items[0]?.lbs).toBe("0.42")
      expect((yield* fake.requests)[0]?.headers.accept).toBe("application/json")
    })
  )

  it.scoped("DecodeFailed names the JSON path and has a body excerpt, never headers", () =>
    Effect.gen(function* () {
      const { its } = yield* setup(() => ({
        body: {
          items: [
            { id: "c1", lbs: "0.1" },
            { id: "c2", lbs: 0.9 }
          ]
        }
      }))
      const error = yield* Effect.flip(its.executeJson("lbs", get("/v1/x?customer=secret-customer"), Scores))
      expect(error._tag).toBe("DecodeFailed")
      if (error._tag !== "DecodeFailed") return
      expect(error.problems.join()).toContain("$.items[1].lbs")
      expect(error.excerpt).toContain('{"items":[{"id":"c1"')
      const printed = `${error.message} ${JSON.stringify(error)}`
      expect(printed).toContain("$.items[1].lbs")
      expect(printed).not.toMatch(/tok-1|Bearer|authorization|x-request-id|content-type/i)
      expect(printed).not.toContain("secret-customer")
      expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/)
    })
  )

  it.scoped("a body that is not JSON is DecodeFailed at $", () =>
    Effect.gen(function* () {
      const { its } = yield* setup(() => ({ body: "<html>gateway</html>" }))
      const error = yield* Effect.flip(its.executeJson("lbs", get("/v1/x"), Scores))
      expect(error._tag).toBe("DecodeFailed")
      if (error._tag === "DecodeFailed") {
        expect(error.problems).toEqual(["$: not valid JSON"])
        expect(error.excerpt).toBe("<html>gateway</html>")
      }
    })
  )

  it.scoped("execute: a status the caller did not expect is UnexpectedStatus; send returns it", () =>
    Effect.gen(function* () {
      const { its } = yield* setup(() => ({ status: 404, body: { errorMessage: "no such account" } }))
      const error = yield* Effect.flip(its.execute("account", get("/v1/bookmakers/1")))
      expect(error._tag).toBe("UnexpectedStatus")
      if (error._tag === "UnexpectedStatus") {
        expect(error.status).toBe(404)
        expect(error.excerpt).toContain("no such account")
      }
      const response = yield* its.send("account", get("/v1/bookmakers/1"))
      expect(response.status).toBe(404)
    })
  )
})

describe("ItsHttp: rate limits", () => {
  it.scoped("Tournament GET is paced at the documented 1/min under TestClock; POST has its own limiter", () =>
    Effect.gen(function* () {
      const { its, fake } = yield* setup(() => ok, { rateLimits: DocumentedRateLimits })
      const fiber = yield* Effect.fork(
        Effect.all(
          Array.from({ length: 3 }, () => its.execute("tournament", get("/v1/x"))),
          { concurrency: "unbounded" }
        )
      )
      yield* TestClock.adjust("1 second")
      expect(yield* fake.count).toBe(1)
      // POST has its own 15/min bucket: not blocked by the exhausted GET bucket.
      yield* its.execute("tournament", HttpClientRequest.post("/v1/y"))
      expect(yield* fake.count).toBe(2)
      yield* TestClock.adjust("59 seconds")
      expect(yield* fake.count).toBe(3)
      yield* TestClock.adjust("1 minute")
      yield* Fiber.join(fiber)
      const gets = (yield* fake.requests).filter((r) => r.method === "GET").map((r) => r.at)
      expect(gets).toEqual([0, 60_000, 120_000])
    })
  )

  it.scoped("Bot's composed limits (10/s, 500/min, 200 000/day) let 10 go at once, then pace", () =>
    Effect.gen(function* () {
      const { its, fake } = yield* setup(() => ok, { rateLimits: DocumentedRateLimits })
      const fiber = yield* Effect.fork(
        Effect.all(
          Array.from({ length: 12 }, () => its.execute("bot", get("/v1/x"))),
          { concurrency: "unbounded" }
        )
      )
      yield* TestClock.adjust("1 millis")
      expect(yield* fake.count).toBe(10)
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      const times = (yield* fake.requests).map((r) => r.at)
      expect(times.filter((t) => t === 0)).toHaveLength(10)
      expect(Math.max(...times)).toBeGreaterThanOrEqual(100)
    })
  )

  it.scoped("an API without a documented limit is not paced", () =>
    Effect.gen(function* () {
      const { its, fake } = yield* setup(() => ok, { rateLimits: DocumentedRateLimits })
      yield* Effect.all(
        Array.from({ length: 50 }, () => its.execute("marker", get("/v1/x"))),
        { concurrency: "unbounded" }
      )
      expect(yield* fake.count).toBe(50)
    })
  )
})

describe("ItsHttp.client with HttpApiClient", () => {
  class NotFound extends Schema.TaggedError<NotFound>()("NotFound", { errorMessage: Schema.String }) {}
  const Account = Schema.Struct({ accountId: Schema.String, ccf: Schema.String })
  const AccountApi = HttpApi.make("account").add(
    HttpApiGroup.make("accounts").add(
      HttpApiEndpoint.get("one", "/v1/bookmakers/:bookmaker/accounts/:id")
        .setPath(Schema.Struct({ bookmaker: Schema.String, id: Schema.String }))
        .addSuccess(Account)
        .addError(NotFound, { status: 404 })
    )
  )

  it.scoped("drives an HttpApi definition through base URL, auth and retries", () =>
    Effect.gen(function* () {
      const { its, fake } = yield* setup((n, request) =>
        request.url.endsWith("/missing")
          ? { status: 404, body: { _tag: "NotFound", errorMessage: "no such account" } }
          : n === 1
            ? { status: 401 }
            : { body: { accountId: "a1", ccf: "1.00" } }
      )
      const api = yield* HttpApiClient.makeWith(AccountApi, { httpClient: its.client("account") })
      const account = yield* api.accounts.one({ path: { bookmaker: "7", id: "a1" } })
      expect(account).toEqual({ accountId: "a1", ccf: "1.00" })
      const missing = yield* Effect.flip(api.accounts.one({ path: { bookmaker: "7", id: "missing" } }))
      expect(missing._tag).toBe("NotFound")
      const requests = yield* fake.requests
      expect(requests[1]?.url).toBe("http://127.0.0.1:4010/api/account/v1/bookmakers/7/accounts/a1")
      expect(requests[1]?.headers.authorization).toBe("Bearer tok-2")
      expect(requests).toHaveLength(3)
    })
  )
})

describe("test layers", () => {
  it.scoped("ItsHttp.layerTest serves code under test with a static token and no pacing", () =>
    Effect.gen(function* () {
      const fake = makeScriptedHttp(() => ok)
      const its = yield* Effect.provide(ItsHttp, ItsHttp.layerTest().pipe(Layer.provide(fake.layer)))
      yield* Effect.all(
        Array.from({ length: 5 }, () => its.execute("tournament", get("/v1/x"))),
        { concurrency: "unbounded" }
      )
      const requests = yield* fake.requests
      expect(requests).toHaveLength(5)
      expect(requests[0]?.headers.authorization).toBe("Bearer test-token")
    })
  )
})
