/**
 * The production entry's start-up checks over a `ConfigProvider.fromMap` (no process): a complete production
 * configuration passes, and removing or weakening one setting refuses with that setting named in one line.
 */
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Exit } from "effect"
import { isLoopback, StartupRefused, startupChecks } from "../src/StartupChecks.ts"

const complete: Record<string, string> = {
  ITS_ENV: "integration",
  ITS_CLIENT_ID: "client",
  ITS_CLIENT_SECRET: "secret-value-1234",
  ITS_OPERATOR_ID: "4711",
  GATEWAY_API_KEYS_FILE: "/etc/its/keys.json",
  HOST: "127.0.0.1"
}

const check = (env: Record<string, string | undefined>) => {
  const map = new Map<string, string>()
  for (const [k, v] of Object.entries({ ...complete, ...env })) if (v !== undefined) map.set(k, v)
  return Effect.exit(startupChecks.pipe(Effect.withConfigProvider(ConfigProvider.fromMap(map))))
}

/** The refusal's setting and line, or fails the test when the checks passed. */
const refusal = (env: Record<string, string | undefined>) =>
  Effect.map(check(env), (exit) => {
    if (Exit.isSuccess(exit)) throw new Error(`expected a refusal for ${JSON.stringify(env)}`)
    const error = exit.cause._tag === "Fail" ? exit.cause.error : undefined
    expect(error).toBeInstanceOf(StartupRefused)
    const refused = error as StartupRefused
    expect(refused.line).not.toContain("\n")
    expect(refused.line.startsWith(`gateway refused to start: ${refused.setting}: `)).toBe(true)
    return refused
  })

describe("startupChecks", () => {
  it.effect("a complete production configuration passes (TLS off loopback, https URLs, plain URLs in local)", () =>
    Effect.gen(function* () {
      expect(Exit.isSuccess(yield* check({}))).toBe(true)
      expect(Exit.isSuccess(yield* check({ GATEWAY_API_KEYS_FILE: undefined, GATEWAY_API_KEYS: "{}" }))).toBe(true)
      expect(
        Exit.isSuccess(yield* check({ HOST: "0.0.0.0", TLS_CERT_FILE: "/tls/cert.pem", TLS_KEY_FILE: "/tls/key.pem" }))
      ).toBe(true)
      expect(Exit.isSuccess(yield* check({ HOST: "0.0.0.0", GATEWAY_ALLOW_PLAINTEXT: "true" }))).toBe(true)
      expect(Exit.isSuccess(yield* check({ ITS_API_URL: "https://its.example", ITS_WS_URL: "wss://dp.example" }))).toBe(
        true
      )
      // `local` pointing at a simulator process (loopback or a compose service name) may use plain URLs.
      expect(Exit.isSuccess(yield* check({ ITS_ENV: "local", ITS_API_URL: "http://127.0.0.1:4010" }))).toBe(true)
      expect(Exit.isSuccess(yield* check({ ITS_ENV: "local", ITS_API_URL: "http://simulator:4010" }))).toBe(true)
    })
  )

  it.effect("refuses when ITS_ENV is not set explicitly (or empty)", () =>
    Effect.gen(function* () {
      expect((yield* refusal({ ITS_ENV: undefined })).setting).toBe("ITS_ENV")
      expect((yield* refusal({ ITS_ENV: " " })).setting).toBe("ITS_ENV")
    })
  )

  it.effect("refuses each missing credential by name", () =>
    Effect.gen(function* () {
      for (const name of ["ITS_CLIENT_ID", "ITS_CLIENT_SECRET", "ITS_OPERATOR_ID"]) {
        expect((yield* refusal({ [name]: undefined })).setting).toBe(name)
        // Also in `local`: the production entry has no simulator defaults.
        expect((yield* refusal({ [name]: undefined, ITS_ENV: "local" })).setting).toBe(name)
      }
    })
  )

  it.effect("refuses without API keys (no demo key in production)", () =>
    Effect.gen(function* () {
      const refused = yield* refusal({ GATEWAY_API_KEYS_FILE: undefined })
      expect(refused.setting).toBe("GATEWAY_API_KEYS_FILE")
      expect(refused.line).toContain("GATEWAY_API_KEYS")
    })
  )

  it.effect("refuses a non-loopback bind without TLS unless GATEWAY_ALLOW_PLAINTEXT=true", () =>
    Effect.gen(function* () {
      for (const host of ["0.0.0.0", "::", "10.1.2.3", "gateway.internal"]) {
        const refused = yield* refusal({ HOST: host })
        expect(refused.setting).toBe("HOST")
        expect(refused.line).toContain("TLS_CERT_FILE")
        expect(refused.line).toContain("GATEWAY_ALLOW_PLAINTEXT=true")
      }
      // Half a TLS configuration is none; "yes" is not "true".
      expect((yield* refusal({ HOST: "0.0.0.0", TLS_CERT_FILE: "/tls/cert.pem" })).setting).toBe("HOST")
      expect((yield* refusal({ HOST: "0.0.0.0", GATEWAY_ALLOW_PLAINTEXT: "yes" })).setting).toBe("HOST")
    })
  )

  it.effect("refuses http:/ws: ITS URLs outside local, naming the key", () =>
    Effect.gen(function* () {
      const cases: Array<[string, string]> = [
        ["ITS_API_URL", "http://its.example"],
        ["ITS_TOKEN_URL", "http://auth.example/oauth/token"],
        ["ITS_WS_URL", "ws://dp.example"],
        ["ITS_API_URL_RG", "HTTP://rg.example"]
      ]
      for (const env of ["integration", "production"])
        for (const [name, url] of cases) {
          const refused = yield* refusal({ ITS_ENV: env, [name]: url })
          expect(refused.setting).toBe(name)
          expect(refused.line).toContain("ITS_ENV=local")
          // The URL itself is not echoed (it could carry credentials).
          expect(refused.line).not.toContain(url.split("//")[1])
        }
    })
  )

  it("isLoopback: 127.0.0.0/8, ::1 and localhost only", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST"])
      expect(isLoopback(host)).toBe(true)
    for (const host of ["0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "127.0.0.1.example", "localhost.example"])
      expect(isLoopback(host)).toBe(false)
  })
})
