/**
 * The fast lookup path (`scores/FastLookup.ts`) answers exactly as the HttpApi router does: two gateways on one
 * simulator, one with `GATEWAY_FAST_LOOKUPS=true` (the default) and one with it off, get the same requests, and their
 * responses must match in status, headers (less `date`, and a 200's length) and body (less the answers' age,
 * which depends on when each gateway fetched). `its_gateway_fast_lookups_total` shows which requests took the fast
 * path, so the test also proves the fast path served them: cache hits, misses, uncached models and upstream errors.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { HttpServer } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { RestFaults, Simulator, SimulatorInfo } from "@its/simulator"
import { ConfigProvider, Context, Effect, Layer, Logger, LogLevel, Metric } from "effect"
import { GatewayLive } from "../../src/Gateway.ts"
import { fastLookups } from "../../src/scores/FastLookup.ts"

const keys = {
  scores: "fast-path-key-scores-0123456789",
  ops: "fast-path-key-ops-only-0123456789",
  limited: "fast-path-key-limited-0123456789"
}

const apiKeys = JSON.stringify({
  keys: [
    { consumer: "scores", key: keys.scores, scopes: ["scores:read"] },
    { consumer: "ops", key: keys.ops, scopes: ["ops"] },
    { consumer: "limited", key: keys.limited, scopes: ["scores:read"], rateLimit: { requests: 2, perSeconds: 3600 } }
  ]
})

interface Answer {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: unknown
}

const gateway = (simulatorUrl: string, fast: boolean) =>
  Effect.gen(function* () {
    const dataDir = mkdtempSync(join(tmpdir(), "its-gw-fast-"))
    yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dataDir, { recursive: true, force: true })))
    const config = ConfigProvider.fromMap(
      new Map([
        ["ITS_ENV", "local"],
        ["ITS_API_URL", simulatorUrl],
        ["ITS_OPERATOR_ID", "9999"],
        ["ITS_BOOKMAKER_ID", "9999"],
        ["PORT", "0"],
        ["HOST", "127.0.0.1"],
        ["ITS_DATA_DIR", dataDir],
        ["GATEWAY_API_KEYS", apiKeys],
        ["GATEWAY_SHUTDOWN_TIMEOUT", "1 second"],
        ["GATEWAY_REQUEST_DEADLINE", "1 second"],
        ["GATEWAY_FAST_LOOKUPS", String(fast)]
      ])
    )
    const context = yield* Layer.build(GatewayLive).pipe(
      Effect.withConfigProvider(config),
      Logger.withMinimumLogLevel(LogLevel.Error)
    )
    const address = Context.get(context, HttpServer.HttpServer).address
    const port = address._tag === "TcpAddress" ? address.port : 0
    return async (path: string, headers: Record<string, string> = {}): Promise<Answer> => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers })
      const text = await response.text()
      const seen: Record<string, string> = {}
      response.headers.forEach((value, name) => {
        // The date, and a lookup's length (its ages are live-clock seconds with varying digits), legitimately differ.
        seen[name] = name === "date" || (name === "content-length" && response.status === 200) ? "<varies>" : value
      })
      return { status: response.status, headers: seen, body: JSON.parse(text) }
    }
  })

/** The body with every age zeroed: the one field that legitimately differs between two gateways. */
const ageless = (body: unknown): unknown =>
  JSON.parse(JSON.stringify(body), (key, value) => (key === "ageSeconds" || key === "maxAgeSeconds" ? 0 : value))

const fastCount = Effect.map(Metric.value(fastLookups), (state) => state.count)

const lbs = "/v1/scores/lbs?bookmaker=9999&customer=cust-000001,cust-000002"
const bearer = (key: string) => ({ authorization: `Bearer ${key}` })

describe("fast score lookups", () => {
  // Live clock: the deadline case needs the simulator's latency and the gateway's deadline to run in real time.
  it.scopedLive(
    "answer like the router: hits, misses, uncached models, upstream errors, 401, 403, 400 and 429",
    () =>
      Effect.gen(function* () {
        const simulator = yield* Layer.build(Simulator.layerTest())
        const { baseUrl } = Context.get(simulator, SimulatorInfo)
        const fast = yield* gateway(baseUrl, true)
        const router = yield* gateway(baseUrl, false)
        let sequence = 0
        // One request id for both, so that problem bodies (which carry it) can be compared whole.
        const both = (path: string, headers: Record<string, string> = {}) => {
          const withId = { "x-request-id": `fast-test-${++sequence}`, ...headers }
          return Effect.promise(() => Promise.all([fast(path, withId), router(path, withId)]))
        }
        const same = ([a, b]: ReadonlyArray<Answer>) => {
          expect({ ...a, body: ageless(a?.body) }).toEqual({ ...b, body: ageless(b?.body) })
          return a!
        }

        // A miss (the fast path runs the router handler's call), then cache hits answered synchronously.
        const before = yield* fastCount
        const miss = same(yield* both(lbs, bearer(keys.scores)))
        expect((miss.body as { accounts: ReadonlyArray<{ cached: boolean }> }).accounts.some((a) => a.cached)).toBe(
          false
        )
        const hit = same(yield* both(lbs, { "x-api-key": keys.scores, "x-request-id": "req-42" }))
        expect(hit.status).toBe(200)
        expect(hit.headers["x-request-id"]).toBe("req-42")
        expect((hit.body as { accounts: ReadonlyArray<{ cached: boolean }> }).accounts.every((a) => a.cached)).toBe(
          true
        )
        same(yield* both(lbs, bearer(keys.scores)))
        expect((yield* fastCount) - before).toBe(3)
        // An entity model (customers, shops, terminals): a miss, then a hit.
        const sccf = "/v1/scores/sccf?bookmaker=9999&customer=cust-000003"
        same(yield* both(sccf, bearer(keys.scores)))
        expect(same(yield* both(sccf, bearer(keys.scores))).status).toBe(200)
        expect((yield* fastCount) - before).toBe(5)
        // CCF is not cached: every lookup asks ITS, through the fast path.
        const ccf = "/v1/scores/ccf?bookmaker=9999&customer=cust-000004&shop=shop-000001"
        expect(same(yield* both(ccf, bearer(keys.scores))).status).toBe(200)
        expect(same(yield* both(ccf, bearer(keys.scores))).status).toBe(200)
        expect((yield* fastCount) - before).toBe(7)
        // ITS refusing the request: the same problem from both (mapped by the one `orProblem`).
        const faults = Context.get(simulator, RestFaults)
        yield* faults.set("ccf", { always: { kind: "error", status: 400 } })
        const refused = same(yield* both(ccf, bearer(keys.scores)))
        expect(refused.status).toBeGreaterThanOrEqual(400)
        expect(refused.headers["content-type"]).toBe("application/problem+json")
        // ITS slower than the request deadline: the same 504 (the upstream call is interrupted on both).
        yield* faults.set("ccf", { latencyMs: 3_000 })
        const late = same(yield* both(ccf, bearer(keys.scores)))
        expect(late.status).toBe(504)
        yield* faults.clear("ccf")
        expect((yield* fastCount) - before).toBe(9)

        // Errors: no key, an unknown key, a key without the scope, a parameter that does not decode.
        expect(same(yield* both(lbs)).status).toBe(401)
        expect(same(yield* both(lbs, bearer("fast-path-key-unknown-0123456789"))).status).toBe(401)
        expect(same(yield* both(lbs, bearer(keys.ops))).status).toBe(403)
        expect(same(yield* both(lbs.replace("9999", "nine"), bearer(keys.scores))).status).toBe(400)
        // A rate-limited consumer (the cache is warm, so all three are fast-path hits on one side): two lookups take
        // the two requests it has, the third is refused with the same 429 problem.
        same(yield* both(lbs, bearer(keys.limited)))
        same(yield* both(lbs, bearer(keys.limited)))
        const limited = same(yield* both(lbs, bearer(keys.limited)))
        expect(limited.status).toBe(429)
        expect(limited.headers["content-type"]).toBe("application/problem+json")
        expect((yield* fastCount) - before).toBe(12)
      }),
    60_000
  )
})
