import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Option, Redacted } from "effect"
import { DocumentedRateLimitRules, ItsAudiences, SimulatorConfig } from "../src/index.ts"

const fromEnv = (env: Record<string, string>) =>
  Effect.provide(SimulatorConfig, SimulatorConfig.layer).pipe(
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
  )

/** The rendered ConfigError of a failing load. */
const configError = (env: Record<string, string>) => Effect.map(Effect.flip(fromEnv(env)), String)

describe("SimulatorConfig.layer", () => {
  it.effect("has defaults for every key", () =>
    Effect.gen(function* () {
      const config = yield* fromEnv({})
      expect(config).toMatchObject({
        host: "127.0.0.1",
        port: 4010,
        tokenTtl: 600,
        tokenTtlByAudience: { "mbs-dp-non-prod-wss": 300, "mbs-dp-production-wss": 300 },
        faults: {}
      })
      expect(Option.isNone(config.issuer)).toBe(true)
      expect(config.clients).toHaveLength(1)
      const [client] = config.clients
      expect(client?.clientId).toBe("its-sim-client")
      expect(client && Redacted.value(client.clientSecret)).toBe("its-sim-secret")
      expect(client?.audiences).toEqual([...ItsAudiences])
    })
  )

  it.effect("reads SIM_HOST, SIM_PORT, SIM_ISSUER, SIM_TOKEN_TTL, SIM_CLIENTS and SIM_FAULTS", () =>
    Effect.gen(function* () {
      const config = yield* fromEnv({
        SIM_HOST: "0.0.0.0",
        SIM_PORT: "0",
        SIM_ISSUER: "https://auth.sim/",
        SIM_TOKEN_TTL: "90",
        SIM_TOKEN_TTL_BY_AUDIENCE: '{"a":5}',
        SIM_CLIENTS: '[{"clientId":"c1","clientSecret":"top-secret","audiences":["a","b"]}]',
        SIM_FAULTS: '{"latencyMs":50,"script":[429,{"kind":"error","status":503,"retryAfter":2},"drop"],"always":"ok"}'
      })
      expect(config).toMatchObject({
        host: "0.0.0.0",
        port: 0,
        issuer: Option.some("https://auth.sim/"),
        tokenTtl: 90,
        tokenTtlByAudience: { a: 5 },
        faults: {
          latencyMs: 50,
          script: [{ kind: "error", status: 429 }, { kind: "error", status: 503, retryAfter: 2 }, { kind: "drop" }],
          always: { kind: "ok" }
        }
      })
      const secret = config.clients[0]?.clientSecret
      expect(secret && Redacted.value(secret)).toBe("top-secret")
      expect(String(secret)).toBe("<redacted>")
    })
  )

  it.effect("names the key on bad JSON, without echoing secrets", () =>
    Effect.gen(function* () {
      const clients = yield* configError({ SIM_CLIENTS: '[{"clientId":"c1","clientSecret":"hunter2",' })
      expect(clients).toContain("SIM_CLIENTS")
      expect(clients).toContain("not valid JSON")
      expect(clients).not.toContain("hunter2")

      const faults = yield* configError({ SIM_FAULTS: "{latencyMs: 5}" })
      expect(faults).toContain("SIM_FAULTS")
      expect(faults).toContain("not valid JSON")
    })
  )

  it.effect("names the key and the path when the JSON has the wrong shape", () =>
    Effect.gen(function* () {
      const clients = yield* configError({ SIM_CLIENTS: '[{"clientId":"c1","clientSecret":"hunter2"}]' })
      expect(clients).toContain("SIM_CLIENTS")
      expect(clients).toContain("$[0].audiences: is missing")
      expect(clients).not.toContain("hunter2")

      const notAnArray = yield* configError({ SIM_CLIENTS: '{"clientId":"c1","clientSecret":"hunter2"}' })
      expect(notAnArray).toContain("SIM_CLIENTS")
      expect(notAnArray).not.toContain("hunter2")

      const faults = yield* configError({ SIM_FAULTS: '{"script":[200]}' })
      expect(faults).toContain("SIM_FAULTS")
      expect(faults).toContain("$.script[0]")
    })
  )

  it.effect("reads the data-plane and REST keys; rate limits are off by default", () =>
    Effect.gen(function* () {
      const byDefault = yield* fromEnv({})
      expect(byDefault).toMatchObject({
        restAudiences: ["mts-insight-tech-non-prod", "mts-insight-tech"],
        dataPlaneAudiences: ["mbs-dp-non-prod-wss", "mbs-dp-production-wss"],
        dataPlaneFaults: {},
        restFaults: {},
        rateLimits: {}
      })

      const config = yield* fromEnv({
        SIM_REST_AUDIENCES: "a1,a2",
        SIM_DP_AUDIENCES: "dp1",
        SIM_DP_FAULTS:
          '{"latencyMs":{"minMs":5,"maxMs":10},"script":["no-reply"],"dropAfter":3,"upgrade":{"script":[503]}}',
        SIM_REST_FAULTS: '{"lbs":{"always":429}}',
        SIM_RATE_LIMITS: '{"lbs":[{"limit":2,"intervalMs":1000,"method":"GET"}]}'
      })
      expect(config).toMatchObject({
        restAudiences: ["a1", "a2"],
        dataPlaneAudiences: ["dp1"],
        dataPlaneFaults: {
          latencyMs: { minMs: 5, maxMs: 10 },
          script: [{ kind: "no-reply" }],
          dropAfter: 3,
          upgrade: { script: [{ kind: "error", status: 503 }] }
        },
        restFaults: { lbs: { always: { kind: "error", status: 429 } } },
        rateLimits: { lbs: [{ limit: 2, intervalMs: 1000, method: "GET" }] }
      })

      expect((yield* fromEnv({ SIM_RATE_LIMITS: "documented" })).rateLimits).toEqual(DocumentedRateLimitRules)
      expect((yield* fromEnv({ SIM_RATE_LIMITS: "off" })).rateLimits).toEqual({})
      expect(yield* configError({ SIM_RATE_LIMITS: "fast" })).toContain("SIM_RATE_LIMITS")
      expect(yield* configError({ SIM_RATE_LIMITS: '{"lbs":[{"limit":0,"intervalMs":1}]}' })).toContain(
        "$.lbs[0].limit"
      )
      expect(yield* configError({ SIM_DP_FAULTS: '{"outOfOrder":1}' })).toContain("SIM_DP_FAULTS")
      expect(yield* configError({ SIM_REST_FAULTS: '{"lbs":{"script":[200]}}' })).toContain("SIM_REST_FAULTS")
    })
  )

  it.effect("validates SIM_PORT and SIM_TOKEN_TTL", () =>
    Effect.gen(function* () {
      expect(yield* configError({ SIM_PORT: "70000" })).toContain("SIM_PORT")
      expect(yield* configError({ SIM_PORT: "http" })).toContain("SIM_PORT")
      expect(yield* configError({ SIM_TOKEN_TTL: "0" })).toContain("SIM_TOKEN_TTL")
    })
  )
})

describe("SimulatorConfig.make", () => {
  it.effect("decodes plain values with the same defaults", () =>
    Effect.gen(function* () {
      const config = yield* SimulatorConfig.make({
        port: 0,
        clients: [{ clientId: "c", clientSecret: "s", audiences: ["a"] }],
        faults: { always: 503 }
      })
      expect(config.host).toBe("127.0.0.1")
      expect(config.tokenTtl).toBe(600)
      expect(config.faults).toEqual({ always: { kind: "error", status: 503 } })
      expect(Redacted.isRedacted(config.clients[0]?.clientSecret)).toBe(true)
      expect(Effect.runSync(Effect.either(SimulatorConfig.make({ port: -1 })))._tag).toBe("Left")
    })
  )
})
