/** `GATEWAY_MAX_BODY_BYTES` must leave room for the envelope under the data plane's cap (issue 14). */
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Either } from "effect"
import { gatewayConfig, maxAllowedBodyBytes } from "../src/GatewayConfig.ts"

const load = (env: Record<string, string>) =>
  Effect.either(Effect.withConfigProvider(gatewayConfig, ConfigProvider.fromMap(new Map(Object.entries(env)))))

describe("gatewayConfig", () => {
  it.effect("GATEWAY_MAX_BODY_BYTES: > 0 and at most 128 000 less the envelope", () =>
    Effect.gen(function* () {
      expect(maxAllowedBodyBytes).toBe(126_000)
      const defaults = yield* load({})
      expect(Either.isRight(defaults) && defaults.right.maxBodyBytes).toBe(126_000)
      for (const bad of ["0", "-1", "128000", "126001"]) {
        const result = yield* load({ GATEWAY_MAX_BODY_BYTES: bad })
        expect(Either.isLeft(result), bad).toBe(true)
        if (Either.isLeft(result)) expect(String(result.left)).toContain("GATEWAY_MAX_BODY_BYTES")
      }
      const ok = yield* load({ GATEWAY_MAX_BODY_BYTES: "64000" })
      expect(Either.isRight(ok) && ok.right.maxBodyBytes).toBe(64_000)
    })
  )

  it.effect("server limits have defaults and are read from the environment", () =>
    Effect.gen(function* () {
      const result = yield* load({ GATEWAY_MAX_CONNECTIONS: "7", GATEWAY_REQUEST_DEADLINE: "3 seconds" })
      expect(Either.isRight(result) && result.right.maxConnections).toBe(7)
      expect(Either.isLeft(yield* load({ GATEWAY_MAX_CONNECTIONS: "0" }))).toBe(true)
      expect(Either.isLeft(yield* load({ GATEWAY_MAX_JSON_DEPTH: "0" }))).toBe(true)
    })
  )
})
