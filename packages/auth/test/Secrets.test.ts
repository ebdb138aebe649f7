import { describe, expect, it } from "@effect/vitest"
import { Cause, ConfigProvider, Context, Effect, Exit, Fiber, Layer, Logger, Redacted } from "effect"
import { AuthConfig, TokenProvider } from "../src/index.ts"
import { makeFakeIdp, type Reply } from "./FakeIdp.ts"
import { advance } from "./TestTime.ts"

const SECRET = "sup3r-s3cret-value"
const TOKEN = "eyJ-very-secret-access-token"

/** Everything a failure path produces, as text: log lines (with annotations), errors, causes. */
const capture = () => {
  const lines: Array<string> = []
  const logger = Logger.make(({ message, annotations, cause }) => {
    lines.push(JSON.stringify({ message, annotations: Object.fromEntries(annotations), cause: Cause.pretty(cause) }))
  })
  return { lines, layer: Logger.add(logger) }
}

const leaks = (texts: ReadonlyArray<string>) => texts.filter((t) => t.includes(SECRET) || t.includes(TOKEN))

describe("secrets never leak", () => {
  it.scoped("through logs and errors when the endpoint fails in every way", () => {
    const logs = capture()
    return Effect.gen(function* () {
      let n = 0
      const replies: ReadonlyArray<Reply> = [
        { body: { access_token: TOKEN, expires_in: 600, token_type: "Bearer" } },
        { status: 500, body: { error: "server_error", error_description: "boom" } },
        { status: 429, headers: { "retry-after": "1" } },
        { drop: true },
        { body: { access_token: TOKEN, expires_in: -1, token_type: "Bearer" } },
        { body: { access_token: 12345, expires_in: 600, token_type: "Bearer" } },
        { body: `{"access_token":"${TOKEN}"` },
        { status: 401, body: { error: "invalid_client", error_description: "Unauthorized" } }
      ]
      const idp = yield* makeFakeIdp(() => replies[Math.min(n++, replies.length - 1)]!)
      const tokensLayer = TokenProvider.layerWith({ clientId: "c", clientSecret: Redacted.make(SECRET), retries: 0 })
      const ctx = yield* Layer.build(tokensLayer.pipe(Layer.provide(idp.layer)))
      const provider = Context.get(ctx, TokenProvider)
      const token = yield* provider.get()
      expect(Redacted.value(token.value)).toBe(TOKEN) // the real value is there, only hidden
      const outputs = [
        String(token),
        JSON.stringify(token),
        `${token.value}`,
        JSON.stringify(AuthConfig.make({ clientId: "c", clientSecret: Redacted.make(SECRET) }))
      ]
      // Let the refresher fail through every reply kind, logging each failure.
      yield* advance("10 minutes")
      const pending = yield* Effect.fork(Effect.exit(provider.get()))
      yield* advance("10 seconds") // the refresher may have an attempt in flight, which this caller joins
      const failed = yield* Fiber.join(pending)
      expect(Exit.isFailure(failed)).toBe(true)
      if (Exit.isFailure(failed)) {
        const error = Cause.squash(failed.cause) as Error
        outputs.push(Cause.pretty(failed.cause), String(error), JSON.stringify(error), error.message)
      }
      expect(n).toBeGreaterThanOrEqual(replies.length)
      expect(logs.lines.length).toBeGreaterThan(3)
      expect(leaks([...outputs, ...logs.lines])).toEqual([])
      // Sanity: the capture itself works (the test could fail).
      expect(logs.lines.some((l) => l.includes("TokenResponseMalformed"))).toBe(true)
    }).pipe(Effect.provide(logs.layer))
  })

  it.effect("the config's secret is redacted and a missing key is named", () =>
    Effect.gen(function* () {
      const provider = ConfigProvider.fromMap(new Map([["ITS_CLIENT_ID", "id"]]))
      const exit = yield* Effect.exit(
        Effect.provide(AuthConfig, AuthConfig.layer).pipe(Effect.withConfigProvider(provider))
      )
      expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("ITS_CLIENT_SECRET")
    })
  )
})

describe("logs captured while riding through an outage", () => {
  it.scoped("name the audience and the error, not the secret", () => {
    const logs = capture()
    return Effect.gen(function* () {
      let healthy = true
      const idp = yield* makeFakeIdp((n) =>
        healthy ? { body: { access_token: `${TOKEN}-${n}`, expires_in: 600, token_type: "Bearer" } } : { status: 503 }
      )
      const tokensLayer = TokenProvider.layerWith({ clientId: "c", clientSecret: Redacted.make(SECRET) })
      const ctx = yield* Layer.build(tokensLayer.pipe(Layer.provide(idp.layer)))
      yield* Context.get(ctx, TokenProvider).get()
      healthy = false
      const waiting = yield* Effect.fork(advance("9 minutes"))
      yield* Fiber.join(waiting)
      const warnings = logs.lines.filter((l) => l.includes("refresh failed"))
      expect(warnings.length).toBeGreaterThan(0)
      expect(warnings[0]).toContain("mts-insight-tech-non-prod")
      expect(warnings[0]).toContain("TokenEndpointUnavailable")
      expect(leaks(logs.lines)).toEqual([])
    }).pipe(Effect.provide(logs.layer))
  })
})
