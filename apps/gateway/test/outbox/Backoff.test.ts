import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Duration, Effect, Layer, Option, Redacted } from "effect"
import { retryDelayMillis } from "../../src/outbox/Backoff.ts"
import { OutboxConfig } from "../../src/outbox/OutboxConfig.ts"

describe("retryDelayMillis", () => {
  const policy = { baseMillis: 1000, maxMillis: 60_000 }

  it("doubles per attempt within [step/2, step] and is capped", () => {
    const steps = [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]
    steps.forEach((step, i) => {
      expect(retryDelayMillis(i + 1, policy, 0)).toBe(step / 2)
      expect(retryDelayMillis(i + 1, policy, 0.999_999)).toBe(step)
      expect(retryDelayMillis(i + 1, policy, 0.5)).toBe((step * 3) / 4)
    })
    expect(retryDelayMillis(10_000, policy, 1)).toBe(60_000) // no overflow for huge attempt counts
  })
})

describe("OutboxConfig.layer", () => {
  const load = (env: Record<string, string>) =>
    Effect.flatMap(OutboxConfig, Effect.succeed).pipe(
      Effect.provide(OutboxConfig.layer),
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
    )

  it.effect("has defaults, reads every key and keeps DATABASE_URL redacted", () =>
    Effect.gen(function* () {
      const defaults = yield* load({})
      expect(defaults).toMatchObject({ dataDir: ".its-data", maxAttempts: 500, concurrency: 4 })
      expect(Option.isNone(defaults.databaseUrl)).toBe(true)
      expect(Duration.toMillis(defaults.waitMax)).toBe(10_000)
      expect(Duration.toMillis(defaults.pollInterval)).toBe(1000)

      const set = yield* load({
        ITS_DATA_DIR: "/var/lib/its",
        DATABASE_URL: "postgres://u:secret@db/its",
        OUTBOX_MAX_ATTEMPTS: "3",
        OUTBOX_RETRY_BASE_MS: "250",
        OUTBOX_RETRY_MAX_MS: "9000",
        OUTBOX_LEASE_MS: "30000",
        OUTBOX_POLL_MS: "20",
        OUTBOX_WAIT_MAX_MS: "2500",
        OUTBOX_CONCURRENCY: "2"
      })
      expect(set.dataDir).toBe("/var/lib/its")
      expect(set.maxAttempts).toBe(3)
      expect(set.concurrency).toBe(2)
      expect([set.retryBase, set.retryMax, set.lease, set.pollInterval, set.waitMax].map(Duration.toMillis)).toEqual([
        250, 9000, 30_000, 20, 2500
      ])
      const url = Option.getOrThrow(set.databaseUrl)
      expect(Redacted.value(url)).toBe("postgres://u:secret@db/its")
      expect(String(url)).not.toContain("secret")
      expect(JSON.stringify(set)).not.toContain("secret")
    })
  )

  it.effect("rejects a non-positive value, naming the key", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(load({ OUTBOX_MAX_ATTEMPTS: "0" }))
      expect(String(error)).toContain("OUTBOX_MAX_ATTEMPTS")
    })
  )

  it("OutboxConfig.layerWith overrides the defaults; OutboxConfig.layer reads the environment", () => {
    const settings = Effect.runSync(Effect.provide(OutboxConfig, OutboxConfig.layerWith({ maxAttempts: 2 })))
    expect(settings.maxAttempts).toBe(2)
    expect(Layer.isLayer(OutboxConfig.layer)).toBe(true)
  })
})
