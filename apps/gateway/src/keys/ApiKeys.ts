/**
 * Consumers and their API keys. Keys come from `GATEWAY_API_KEYS_FILE` (a JSON file) or `GATEWAY_API_KEYS` (the
 * same JSON inline); a plaintext `key` is hashed when loaded and only SHA-256 hashes are kept. API keys are long
 * random strings, so a fast hash is enough (no password stretching); comparison is constant-time over every key.
 * With no keys configured it refuses to start (the demo key of `pnpm start` lives in `dev/Development.ts`).
 * Each key may carry a rate limit, enforced per consumer by `@effect/experimental`'s `RateLimiter` (token bucket on
 * `Clock` time, an in-memory store per instance): 429 with `Retry-After`.
 */
import { createHash, timingSafeEqual } from "node:crypto"
import { readFileSync } from "node:fs"
import { RateLimiter } from "@effect/experimental"
import { describeParseError } from "@its/auth"
import { Config, ConfigError, Context, Duration, Effect, Either, Layer, Option, Redacted, Schema } from "effect"
import { problem, type TooManyRequests, type Unauthorized } from "../problems/Problem.ts"
import { type ConsumerInfo, Scope } from "./Security.ts"

const RateLimit = Schema.Struct({
  requests: Schema.Int.pipe(Schema.positive()),
  perSeconds: Schema.Number.pipe(Schema.positive())
})

const KeyEntry = Schema.Struct({
  consumer: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(100)),
  /** Hex SHA-256 of the key (preferred: the file then holds no secret)… */
  sha256: Schema.optional(Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/))),
  /** …or the key itself (at least 16 characters). */
  key: Schema.optional(Schema.Redacted(Schema.String.pipe(Schema.minLength(16)))),
  scopes: Schema.Array(Scope).pipe(Schema.minItems(1)),
  rateLimit: Schema.optional(RateLimit)
}).pipe(
  Schema.filter(
    (entry) => (entry.sha256 === undefined) !== (entry.key === undefined) || "give exactly one of sha256 and key"
  )
)

export const ApiKeysFile = Schema.Struct({ keys: Schema.Array(KeyEntry) }).annotations({
  parseOptions: { onExcessProperty: "error", errors: "all" }
})
export type ApiKeysFile = typeof ApiKeysFile.Encoded

interface StoredKey {
  readonly hash: Buffer
  readonly consumer: ConsumerInfo
  readonly rateLimit: Option.Option<{ readonly requests: number; readonly perSeconds: number }>
}

export const sha256 = (key: string): Buffer => createHash("sha256").update(key, "utf8").digest()

export interface ApiKeysShape {
  /** The consumer of a presented key; 401 when unknown, 429 when over its rate limit. */
  readonly authenticate: (key: Redacted.Redacted<string>) => Effect.Effect<ConsumerInfo, Unauthorized | TooManyRequests>
  /** The consumer without touching the rate limit (e.g. readiness details), or none. */
  readonly identify: (key: Redacted.Redacted<string>) => Option.Option<ConsumerInfo>
  /**
   * `authenticate` for a key that has no rate limit, as a plain call (the fast lookups run no fiber per request):
   * undefined when the key is unknown or rate-limited, and then `authenticate` decides.
   */
  readonly authenticateUnlimited: (key: Redacted.Redacted<string>) => ConsumerInfo | undefined
  readonly consumers: ReadonlyArray<string>
}

/** The keys of a keys file, each consumer's rate limit on its own in-memory token buckets. */
export const makeApiKeys = (file: typeof ApiKeysFile.Type): Effect.Effect<ApiKeysShape> =>
  Effect.map(Effect.provide(RateLimiter.make, RateLimiter.layerStoreMemory), (limiter) => keysWith(file, limiter))

const keysWith = (file: typeof ApiKeysFile.Type, limiter: RateLimiter.RateLimiter): ApiKeysShape => {
  const stored: ReadonlyArray<StoredKey> = file.keys.map((entry) => ({
    hash: entry.sha256 !== undefined ? Buffer.from(entry.sha256, "hex") : sha256(Redacted.value(entry.key!)),
    consumer: { name: entry.consumer, scopes: new Set(entry.scopes) },
    rateLimit: Option.fromNullable(entry.rateLimit)
  }))
  /** One request of a consumer against its limit: a token, or the seconds until the next one. */
  const take = (name: string, limit: { readonly requests: number; readonly perSeconds: number }) =>
    limiter
      .consume({
        algorithm: "token-bucket",
        onExceeded: "fail",
        window: Duration.seconds(limit.perSeconds),
        limit: limit.requests,
        key: name
      })
      .pipe(
        Effect.as(Option.none<number>()),
        Effect.catchTag("RateLimiterError", (error) =>
          error.reason === "Exceeded"
            ? Effect.succeed(Option.some(Math.max(1, Math.ceil(Duration.toMillis(error.retryAfter) / 1000))))
            : // The in-memory store does not fail.
              Effect.die(error)
        )
      )
  const find = (key: Redacted.Redacted<string>): Option.Option<StoredKey> => {
    const presented = sha256(Redacted.value(key))
    let found: StoredKey | undefined
    // Every stored hash is compared, so timing does not tell which (or whether a) key matched.
    for (const entry of stored) if (timingSafeEqual(entry.hash, presented) && found === undefined) found = entry
    return Option.fromNullable(found)
  }
  return {
    authenticate: (key) =>
      Effect.gen(function* () {
        if (Redacted.value(key).length === 0)
          return yield* Effect.fail(
            problem(401, "Missing API key", {
              detail: "send the key as `Authorization: Bearer <key>` or `X-Api-Key: <key>`"
            })
          )
        const entry = find(key)
        if (Option.isNone(entry)) return yield* Effect.fail(problem(401, "Invalid API key"))
        const { consumer, rateLimit } = entry.value
        if (Option.isSome(rateLimit)) {
          const wait = yield* take(consumer.name, rateLimit.value)
          if (Option.isSome(wait))
            return yield* Effect.fail(
              problem(429, "Rate limit exceeded", {
                detail: `consumer ${consumer.name} is limited to ${rateLimit.value.requests} requests per ${rateLimit.value.perSeconds} s`,
                retryAfterSeconds: wait.value
              })
            )
        }
        return consumer
      }),
    identify: (key) => Option.map(find(key), (entry) => entry.consumer),
    authenticateUnlimited: (key) => {
      const entry = Option.getOrUndefined(find(key))
      return entry !== undefined && Option.isNone(entry.rateLimit) ? entry.consumer : undefined
    },
    consumers: [...new Set(stored.map((entry) => entry.consumer.name))]
  }
}

export class ApiKeys extends Context.Tag("@its/gateway/ApiKeys")<ApiKeys, ApiKeysShape>() {
  /** The keys of a parsed keys file. */
  static layerWith(file: typeof ApiKeysFile.Type): Layer.Layer<ApiKeys> {
    return Layer.effect(ApiKeys, makeApiKeys(file))
  }

  /** From `GATEWAY_API_KEYS_FILE` / `GATEWAY_API_KEYS`; fails when neither is set. */
  static readonly layer: Layer.Layer<ApiKeys, ConfigError.ConfigError> = Layer.effect(
    ApiKeys,
    Effect.gen(function* () {
      const path = yield* Config.option(Config.nonEmptyString("GATEWAY_API_KEYS_FILE"))
      const inline = yield* Config.option(Config.redacted("GATEWAY_API_KEYS"))
      const source = Option.isSome(path)
        ? Either.try({
            try: () => ({ from: "GATEWAY_API_KEYS_FILE", text: readFileSync(path.value, "utf8") }),
            catch: (e) => ConfigError.InvalidData(["GATEWAY_API_KEYS_FILE"], `cannot read ${path.value}: ${e}`)
          })
        : Option.isSome(inline)
          ? Either.right({ from: "GATEWAY_API_KEYS", text: Redacted.value(inline.value) })
          : undefined
      if (source !== undefined) {
        const { from, text } = yield* source
        return yield* makeApiKeys(yield* parseKeysFile(from, text))
      }
      // No demo key here: it exists only in the development composition (`dev/Development.ts`).
      return yield* Effect.fail(
        ConfigError.MissingData(
          ["GATEWAY_API_KEYS_FILE"],
          "no API keys configured: set GATEWAY_API_KEYS_FILE (or GATEWAY_API_KEYS); demo keys exist only in the development composition (pnpm start)"
        )
      )
    })
  )
}

/** Parses the keys JSON, naming the JSON path of every problem (never echoing a key). */
export const parseKeysFile = (from: string, text: string) =>
  Effect.gen(function* () {
    const json = yield* Effect.try({
      try: () => JSON.parse(text) as unknown,
      catch: () => ConfigError.InvalidData([from], `${from} is not valid JSON`)
    })
    return yield* Schema.decodeUnknown(ApiKeysFile)(json).pipe(
      Effect.mapError((error) => {
        const secrets = keysIn(json)
        const redact = (message: string) =>
          secrets.reduce((text, secret) => text.replaceAll(secret, "<redacted>"), message)
        const issues = describeParseError(error).join("; ")
        return ConfigError.InvalidData([from], redact(`invalid API keys in ${from}: ${issues}`))
      })
    )
  })

/** Every `key` string in the parsed file, so error messages can never echo one (a too-short key included). */
const keysIn = (json: unknown): ReadonlyArray<string> => {
  const found: Array<string> = []
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk)
    else if (typeof value === "object" && value !== null)
      for (const [name, inner] of Object.entries(value)) {
        if (name === "key" && typeof inner === "string" && inner.length > 0) found.push(inner)
        else walk(inner)
      }
  }
  walk(json)
  return found
}
