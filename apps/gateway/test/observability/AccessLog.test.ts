import { afterEach, describe, expect, it, vi } from "@effect/vitest"
import { ConfigProvider, Effect, HashMap, Logger, LogLevel } from "effect"
import { AccessLog } from "../../src/observability/AccessLog.ts"
import { batchedJsonLogger, writeLine } from "../../src/observability/Logging.ts"

const entry = { requestId: "r-1", method: "GET", route: "/v1/scores/lbs", status: 200, durationMs: 3 }

/** Builds `AccessLog.layer` under `env`, with a logger that keeps what it is given. */
const accessLogUnder = (env: Record<string, string>, level = LogLevel.Info) => {
  const seen: Array<{ message: unknown; level: string; annotations: Record<string, unknown> }> = []
  const capture = Logger.make(({ message, logLevel, annotations }) => {
    seen.push({ message, level: logLevel.label, annotations: Object.fromEntries(HashMap.toEntries(annotations)) })
  })
  const build = Effect.gen(function* () {
    const log = yield* AccessLog
    log.write(entry)
    return seen
  }).pipe(
    Effect.provide(AccessLog.layer),
    Effect.provide(Logger.replace(Logger.defaultLogger, capture)),
    Logger.withMinimumLogLevel(level),
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
  )
  return build
}

describe("AccessLog", () => {
  it.effect("writes one Info line per request through the process's loggers, without a fiber", () =>
    Effect.gen(function* () {
      const seen = yield* accessLogUnder({})
      expect(seen).toEqual([{ message: ["request"], level: "INFO", annotations: entry }])
    })
  )

  it.effect("GATEWAY_ACCESS_LOG=false turns it off", () =>
    Effect.gen(function* () {
      expect(yield* accessLogUnder({ GATEWAY_ACCESS_LOG: "false" })).toEqual([])
    })
  )

  it.effect("a minimum level above Info turns it off", () =>
    Effect.gen(function* () {
      expect(yield* accessLogUnder({}, LogLevel.Warning)).toEqual([])
    })
  )

  it.effect("a bad GATEWAY_ACCESS_LOG is a configuration error naming the key", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(accessLogUnder({ GATEWAY_ACCESS_LOG: "sometimes" }))
      expect(String(error)).toContain("GATEWAY_ACCESS_LOG")
    })
  )
})

describe("batched JSON logs", () => {
  afterEach(() => vi.restoreAllMocks())

  it("lines of one event-loop turn go out in one write, in order", async () => {
    const writes: Array<string> = []
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk))
      return true
    })
    writeLine('{"a":1}')
    writeLine('{"b":2}')
    expect(writes).toEqual([])
    await new Promise((resolve) => setImmediate(resolve))
    expect(writes).toEqual(['{"a":1}\n{"b":2}\n'])
  })

  it.effect("the logger writes Effect's JSON line format", () =>
    Effect.gen(function* () {
      const writes: Array<string> = []
      vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
        writes.push(String(chunk))
        return true
      })
      yield* Effect.logInfo("hello").pipe(
        Effect.annotateLogs({ k: "v" }),
        Effect.provide(Logger.replace(Logger.defaultLogger, batchedJsonLogger))
      )
      yield* Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))
      const line = JSON.parse(writes.join("").trim()) as Record<string, unknown>
      expect(line).toMatchObject({ message: "hello", logLevel: "INFO", annotations: { k: "v" } })
    })
  )
})
