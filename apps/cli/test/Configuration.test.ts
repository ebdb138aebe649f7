/**
 * Where the gateway API key comes from (issue 14): `--api-key`, `--api-key-file`, `ITS_GATEWAY_API_KEY`,
 * `ITS_GATEWAY_API_KEY_FILE`; and a credentials file sets only known `ITS_*` keys, never a value spanning lines.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Either, Option, Redacted } from "effect"
import { afterAll } from "vitest"
import { checkCredentialsValues, configProvider, resolveGateway } from "../src/Configuration.ts"
import type { GlobalValues } from "../src/Globals.ts"

const dir = mkdtempSync(join(tmpdir(), "its-cli-globals-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const globals = (overrides: Partial<GlobalValues> = {}): GlobalValues => ({
  json: false,
  verbose: false,
  env: Option.none(),
  viaGateway: Option.some("http://127.0.0.1:1"),
  apiKey: Option.none(),
  apiKeyFile: Option.none(),
  ...overrides
})

const keyOf = (values: GlobalValues, env: Record<string, string> = {}) =>
  resolveGateway(values).pipe(
    Effect.map((resolved) => Option.map(resolved.apiKey, Redacted.value)),
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
  )

describe("resolveGateway: the API key", () => {
  it.effect("--api-key, then --api-key-file, then ITS_GATEWAY_API_KEY, then ITS_GATEWAY_API_KEY_FILE", () =>
    Effect.gen(function* () {
      const file = join(dir, "key")
      writeFileSync(file, "key-from-file-0123456789\nsecond line ignored\n", { mode: 0o600 })
      const envFile = join(dir, "env-key")
      writeFileSync(envFile, "key-from-env-file-0123456789\n", { mode: 0o600 })
      const argv = Option.some(Redacted.make("key-from-argv"))
      expect(yield* keyOf(globals({ apiKey: argv, apiKeyFile: Option.some(file) }))).toEqual(
        Option.some("key-from-argv")
      )
      expect(yield* keyOf(globals({ apiKeyFile: Option.some(file) }), { ITS_GATEWAY_API_KEY: "env" })).toEqual(
        Option.some("key-from-file-0123456789")
      )
      expect(yield* keyOf(globals(), { ITS_GATEWAY_API_KEY: "key-from-env" })).toEqual(Option.some("key-from-env"))
      expect(yield* keyOf(globals(), { ITS_GATEWAY_API_KEY_FILE: envFile })).toEqual(
        Option.some("key-from-env-file-0123456789")
      )
      expect(yield* keyOf(globals())).toEqual(Option.none())
    })
  )

  it.effect("an unreadable or empty key file is an input error that does not print the file", () =>
    Effect.gen(function* () {
      const empty = join(dir, "empty")
      writeFileSync(empty, "\n")
      const missing = yield* Effect.either(keyOf(globals({ apiKeyFile: Option.some(join(dir, "nope")) })))
      expect(Either.isLeft(missing) && missing.left.message).toContain("cannot read the API key file")
      const blank = yield* Effect.either(keyOf(globals({ apiKeyFile: Option.some(empty) })))
      expect(Either.isLeft(blank) && blank.left.message).toContain("is empty")
    })
  )
})

describe("ITS_CREDENTIALS_FILE", () => {
  it("allows only known keys and single-line values", () => {
    expect(checkCredentialsValues({ ITS_CLIENT_ID: "a", ITS_CLIENT_SECRET: "b", ITS_ENV: "integration" })).toBe(
      undefined
    )
    expect(checkCredentialsValues({ NODE_OPTIONS: "--require /tmp/x.js" })).toContain("NODE_OPTIONS")
    expect(checkCredentialsValues({ ITS_CLIENT_SECRET: "a\nITS_API_URL=http://evil" })).toContain("spans lines")
  })

  it.effect("a file with an unknown key or a quoted newline is refused when loaded", () =>
    Effect.gen(function* () {
      const previous = process.env.ITS_CREDENTIALS_FILE
      try {
        for (const [name, text, problem] of [
          ["unknown", "ITS_CLIENT_ID=a\nHTTPS_PROXY=http://127.0.0.1:9\n", "HTTPS_PROXY"],
          ["newline", 'ITS_CLIENT_SECRET="a\\nb"\n', "spans lines"]
        ] as const) {
          const file = join(dir, name)
          writeFileSync(file, text, { mode: 0o600 })
          process.env.ITS_CREDENTIALS_FILE = file
          const result = yield* Effect.either(configProvider(Option.none()))
          expect(Either.isLeft(result) && result.left.message).toContain(problem)
        }
        const good = join(dir, "good")
        writeFileSync(good, "ITS_CLIENT_ID='abc'\n", { mode: 0o600 })
        process.env.ITS_CREDENTIALS_FILE = good
        expect(Either.isRight(yield* Effect.either(configProvider(Option.none())))).toBe(true)
      } finally {
        if (previous === undefined) delete process.env.ITS_CREDENTIALS_FILE
        else process.env.ITS_CREDENTIALS_FILE = previous
      }
    })
  )
})
