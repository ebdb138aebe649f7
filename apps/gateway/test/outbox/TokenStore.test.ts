import { describe, expect, it } from "@effect/vitest"
import { AccessToken, TokenProvider, type TokenProviderShape } from "@its/auth"
import { Effect, Layer, Option, Redacted } from "effect"
import { OutboxStore } from "../../src/outbox/Store.ts"
import { SharedTokenProvider, TokenStore } from "../../src/outbox/TokenStore.ts"
import { type Backend, backends } from "./support.ts"

const token = (audience: string, value: string, issuedAt: number, refreshAt = issuedAt + 60_000) =>
  AccessToken.make({
    audience,
    value: Redacted.make(value),
    tokenType: "Bearer",
    issuedAt,
    lifetimeMillis: 120_000,
    refreshAt,
    hardExpiresAt: issuedAt + 90_000,
    expiresAt: issuedAt + 120_000
  })

/** A wrapped provider that "fetches" a new token on every `get` and counts them. */
const fetching = (label: string) => {
  let fetches = 0
  const shape: TokenProviderShape = {
    get: (audience = "default") =>
      Effect.sync(() => {
        fetches += 1
        return token(audience, `${label}-${fetches}`, Date.now())
      }),
    invalidate: () => Effect.succeed(true)
  }
  return {
    layer: Layer.succeed(TokenProvider, shape),
    get fetches() {
      return fetches
    }
  }
}

/** One instance: its own connection to the shared database, the migrated schema, the token store. */
const storeOn = (db: Backend) =>
  Layer.merge(TokenStore.layer, OutboxStore.layer).pipe(Layer.provide(db.sql()), Layer.orDie)

for (const backend of backends) {
  describe.skipIf(backend.skip)(`TokenStore on ${backend.name}`, () => {
    it.scopedLive("stores the newest token per audience and removes only the stored one", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        yield* Effect.gen(function* () {
          const store = yield* TokenStore
          expect(yield* store.load("aud")).toEqual(Option.none())
          const first = token("aud", "secret-1", 1_000)
          expect(yield* store.save(first)).toBe(true)
          const loaded = Option.getOrThrow(yield* store.load("aud"))
          expect(AccessToken.bearer(loaded)).toBe("secret-1")
          expect(loaded).toMatchObject({ issuedAt: 1_000, refreshAt: 61_000, hardExpiresAt: 91_000 })
          expect(String(loaded.value)).not.toContain("secret")
          expect(yield* store.save(token("aud", "older", 500))).toBe(false) // older never replaces newer
          expect(yield* store.save(token("aud", "secret-2", 2_000))).toBe(true)
          expect(AccessToken.bearer(Option.getOrThrow(yield* store.load("aud")))).toBe("secret-2")
          expect(yield* store.remove(first)).toBe(false) // no longer the stored one
          expect(yield* store.remove(token("aud", "secret-2", 2_000))).toBe(true)
          expect(yield* store.load("aud")).toEqual(Option.none())
        }).pipe(Effect.provide(storeOn(db)))
      })
    )

    it.scopedLive(
      "a second instance reuses the first one's valid token; a token past its refresh point is renewed",
      () =>
        Effect.gen(function* () {
          const db = yield* backend.make
          const one = fetching("one")
          const two = fetching("two")
          const provider = (inner: ReturnType<typeof fetching>) =>
            SharedTokenProvider.layer.pipe(Layer.provide(inner.layer), Layer.provideMerge(storeOn(db)))
          const a = yield* Layer.build(provider(one))
          const b = yield* Layer.build(provider(two))
          const get = (ctx: typeof a) =>
            Effect.flatMap(TokenProvider, (p) => p.get("aud")).pipe(Effect.map(AccessToken.bearer), Effect.provide(ctx))

          expect(yield* get(a)).toBe("one-1")
          expect(yield* get(b)).toBe("one-1") // from the store: instance two never asked the IdP
          expect(yield* get(a)).toBe("one-1")
          expect([one.fetches, two.fetches]).toEqual([1, 0])

          // The stored token reached its refresh point (still usable): the next get renews and stores it.
          // (Newer than "one-1" by issuedAt, so it replaces it; the fetch below is later still.)
          const now = Date.now()
          const saved = yield* Effect.flatMap(TokenStore, (s) => s.save(token("aud", "stale", now + 1, now - 1))).pipe(
            Effect.provide(b)
          )
          expect(saved).toBe(true)
          yield* Effect.sleep("5 millis")
          expect(yield* get(b)).toBe("two-1")
          expect(yield* get(a)).toBe("two-1")
          expect([one.fetches, two.fetches]).toEqual([1, 1])

          // invalidate drops it from the store, so the next get fetches.
          const current = yield* Effect.flatMap(TokenProvider, (p) => p.get("aud")).pipe(Effect.provide(a))
          yield* Effect.flatMap(TokenProvider, (p) => p.invalidate(current)).pipe(Effect.provide(a))
          expect(yield* get(a)).toBe("one-2")
          expect(one.fetches).toBe(2)
        })
    )
  })
}
