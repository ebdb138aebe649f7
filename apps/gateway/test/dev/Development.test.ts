/**
 * The development composition's decisions (no process): the embedded simulator and the demo key only for `local`
 * (explicit or defaulted) without `ITS_API_URL`, the demo key only without configured keys and only on loopback;
 * the demo key file is created once and reused.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Exit, Redacted } from "effect"
import { demoKeyIn, developmentPlan } from "../../src/dev/Development.ts"

const plan = (env: Record<string, string>) =>
  Effect.exit(developmentPlan.pipe(Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))))

describe("developmentPlan", () => {
  it.effect("embeds the simulator with a demo key for local (explicit or defaulted) without ITS_API_URL", () =>
    Effect.gen(function* () {
      expect(yield* plan({})).toEqual(Exit.succeed({ _tag: "Embedded", demoKey: true }))
      expect(yield* plan({ ITS_ENV: "local", HOST: "::1" })).toEqual(Exit.succeed({ _tag: "Embedded", demoKey: true }))
      expect(yield* plan({ GATEWAY_API_KEYS_FILE: "keys.json" })).toEqual(
        Exit.succeed({ _tag: "Embedded", demoKey: false })
      )
    })
  )

  it.effect(
    "ITS_API_URL pointing elsewhere (ITS_ENV defaulted) or another ITS_ENV: the production path, no demo key",
    () =>
      Effect.gen(function* () {
        for (const env of [
          { ITS_API_URL: "https://api.insighttechservices.sportradar.com" },
          { ITS_ENV: "local", ITS_API_URL: "http://127.0.0.1:4010" },
          { ITS_ENV: "integration" },
          { ITS_ENV: "production", HOST: "0.0.0.0" }
        ])
          expect(yield* plan(env)).toEqual(Exit.succeed({ _tag: "Production" }))
      })
  )

  it.effect("refuses a demo key on a non-loopback bind, naming HOST", () =>
    Effect.gen(function* () {
      const exit = yield* plan({ HOST: "0.0.0.0" })
      expect(Exit.isFailure(exit)).toBe(true)
      expect(String(exit)).toContain("HOST")
      expect(yield* plan({ HOST: "0.0.0.0", GATEWAY_API_KEYS: "{}" })).toEqual(
        Exit.succeed({ _tag: "Embedded", demoKey: false })
      )
    })
  )
})

describe("demoKeyIn", () => {
  it("creates one key (mode 0600) and reuses it on restart", () => {
    const dir = mkdtempSync(join(tmpdir(), "its-gw-demo-"))
    try {
      const first = demoKeyIn(join(dir, "data"))
      const second = demoKeyIn(join(dir, "data"))
      expect(Redacted.value(first)).toMatch(/^its_demo_[\w-]{32}$/)
      expect(Redacted.value(second)).toBe(Redacted.value(first))
      expect(statSync(join(dir, "data", "demo-api-key")).mode & 0o777).toBe(0o600)
      expect(readFileSync(join(dir, "data", "demo-api-key"), "utf8").trim()).toBe(Redacted.value(first))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
