import { describe, expect, it } from "@effect/vitest"
import { AccessToken, TokenProvider, type TokenProviderShape } from "@its/auth"
import { SqlClient } from "@effect/sql"
import { Context, Effect, Fiber, Layer, Option, Redacted, TestClock } from "effect"
import { OutboxStore } from "../../src/outbox/Store.ts"
import { SharedTokenProvider, TokenStore, tokenCipher } from "../../src/tokens/TokenStore.ts"
import { type Backend, backends } from "../outbox/support.ts"

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
const secret = Redacted.make("test-token-store-key-0123456789abcdef")
const storeOn = (db: Backend, key: Option.Option<Redacted.Redacted<string>> = Option.some(secret)) =>
  Layer.mergeAll(TokenStore.layerWith(key), OutboxStore.layer).pipe(Layer.provideMerge(db.sql()), Layer.orDie)

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

          // The stored token reached its refresh point (still usable): an instance without a token in memory renews
          // and stores it. (Newer than "one-1" by issuedAt, so it replaces it; the fetch below is later still.)
          const now = Date.now()
          const saved = yield* Effect.flatMap(TokenStore, (s) => s.save(token("aud", "stale", now + 1, now - 1))).pipe(
            Effect.provide(b)
          )
          expect(saved).toBe(true)
          yield* Effect.sleep("5 millis")
          const three = fetching("three")
          const c = yield* Layer.build(provider(three))
          expect(yield* get(c)).toBe("three-1")
          // Instances a and b still hold "one-1" in memory, before its refresh point: the database is not consulted.
          expect(yield* get(b)).toBe("one-1")
          expect(yield* get(a)).toBe("one-1")
          expect([one.fetches, two.fetches, three.fetches]).toEqual([1, 0, 1])

          // invalidate drops it from memory (and from the store if it is the stored one): the next get reads the
          // store again and finds the newer "three-1"; invalidating that one too makes the next get fetch.
          yield* Effect.flatMap(TokenProvider, (p) => Effect.flatMap(p.get("aud"), p.invalidate)).pipe(
            Effect.provide(a)
          )
          expect(yield* get(a)).toBe("three-1")
          yield* Effect.flatMap(TokenProvider, (p) => Effect.flatMap(p.get("aud"), p.invalidate)).pipe(
            Effect.provide(a)
          )
          expect(yield* get(a)).toBe("one-2")
          expect(one.fetches).toBe(2)
        })
    )
  })
}

/** A wrapped provider whose IdP call takes `millis` (so that instances asking together overlap), counting calls. */
const slowIdp = (label: string, millis = 300) => {
  let fetches = 0
  const shape: TokenProviderShape = {
    get: (audience = "default") =>
      Effect.sleep(millis).pipe(
        Effect.zipRight(
          Effect.sync(() => {
            fetches += 1
            return token(audience, `${label}-${fetches}`, Date.now())
          })
        )
      ),
    invalidate: () => Effect.succeed(true)
  }
  return {
    shape,
    get fetches() {
      return fetches
    }
  }
}

for (const backend of backends) {
  describe.skipIf(backend.skip)(`one refresher per shared token on ${backend.name}`, () => {
    it.scopedLive("instances asking together make one IdP call; the others reuse its token", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        // Each instance: its own connection and its own wrapped provider (IdP client).
        const instances = (label: string) =>
          Effect.forEach([1, 2, 3], (n) =>
            Effect.map(Layer.build(storeOn(db)), (ctx) => {
              const idp = slowIdp(`${label}${n}`)
              return { idp, provider: SharedTokenProvider.make(idp.shape, Context.get(ctx, TokenStore)) }
            })
          )
        const fetches = (group: ReadonlyArray<{ readonly idp: ReturnType<typeof slowIdp> }>) =>
          group.reduce((sum, i) => sum + i.idp.fetches, 0)

        // Nothing stored: one instance gets the refresh lease and asks; the others wait for its token.
        const first = yield* instances("a")
        const tokens = yield* Effect.forEach(first, (i) => i.provider.get("aud"), { concurrency: "unbounded" })
        expect(fetches(first)).toBe(1)
        expect(new Set(tokens.map(AccessToken.bearer)).size).toBe(1)

        // The stored token reached its refresh point but is still usable: one instance refreshes, the others serve
        // the stored one meanwhile.
        const now = Date.now()
        const store = Context.get(yield* Layer.build(storeOn(db)), TokenStore)
        expect(yield* store.save(token("aud", "stale", now + 1, now - 1))).toBe(true)
        const second = yield* instances("b")
        const renewed = yield* Effect.forEach(second, (i) => i.provider.get("aud"), { concurrency: "unbounded" })
        expect(fetches(second)).toBe(1)
        expect(renewed.map(AccessToken.bearer).filter((b) => b === "stale")).toHaveLength(2)
        // The lease was given back: the refreshed token is what everyone reads next.
        expect(yield* Effect.map(store.load("aud"), (t) => AccessToken.bearer(Option.getOrThrow(t)))).toMatch(/^b\d-1$/)
      })
    )
  })
}

for (const backend of backends) {
  describe.skipIf(backend.skip)(`TokenStore security on ${backend.name}`, () => {
    it.scopedLive("tokens are encrypted at rest (AES-GCM, audience-bound); another key reads none", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        const ctx = yield* Layer.build(storeOn(db))
        const store = yield* Effect.provide(TokenStore, ctx)
        expect(yield* store.save(token("aud", "very-secret-token", 1_000))).toBe(true)
        const rows = yield* Effect.provide(
          Effect.flatMap(SqlClient.SqlClient, (sql) => sql<{ token: string }>`SELECT token FROM its_tokens`),
          ctx
        )
        expect(rows[0]?.token).toMatch(/^v1:/)
        expect(rows[0]?.token).not.toContain("very-secret-token")
        const other = yield* Effect.provide(
          TokenStore,
          yield* Layer.build(storeOn(db, Option.some(Redacted.make("another-key-another-key-another-key"))))
        )
        expect(yield* other.load("aud")).toEqual(Option.none())
        // Bound to its audience: a sealed value moved to another audience does not open.
        const cipher = tokenCipher(secret)
        expect(cipher.open(cipher.seal("x", "aud"), "other")).toBeUndefined()
      })
    )

    it.scopedLive("without a key nothing is shared: the wrapped provider is used as is", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        const one = fetching("one")
        const ctx = yield* Layer.build(
          SharedTokenProvider.layer.pipe(Layer.provide(one.layer), Layer.provideMerge(storeOn(db, Option.none())))
        )
        const provider = yield* Effect.provide(TokenProvider, ctx)
        expect(AccessToken.bearer(yield* provider.get("aud"))).toBe("one-1")
        expect(AccessToken.bearer(yield* provider.get("aud"))).toBe("one-2")
        const store = yield* Effect.provide(TokenStore, ctx)
        expect(store.shared).toBe(false)
      })
    )
  })
}

describe("SharedTokenProvider", () => {
  it.effect("serves the token held in memory without reading the store; a stalled store read is bounded", () =>
    Effect.gen(function* () {
      let loads = 0
      const stalled = {
        shared: true,
        load: () => Effect.sync(() => loads++).pipe(Effect.zipRight(Effect.never)),
        save: () => Effect.never,
        remove: () => Effect.succeed(false),
        acquireRefresh: () => Effect.never,
        releaseRefresh: () => Effect.void
      }
      const one = fetching("one")
      const inner = yield* Effect.provide(TokenProvider, one.layer)
      const provider = SharedTokenProvider.make(inner, stalled, "50 millis")
      const first = yield* provider.get("aud").pipe(Effect.fork)
      // The read, the refresh lease and the save each wait at most 50 ms.
      yield* TestClock.adjust("50 millis")
      yield* TestClock.adjust("50 millis")
      yield* TestClock.adjust("50 millis")
      expect(AccessToken.bearer(yield* Fiber.join(first))).toBe("one-1")
      expect(loads).toBe(1)
      // Held in memory, before its refresh point: no store read at all.
      expect(AccessToken.bearer(yield* provider.get("aud"))).toBe("one-1")
      expect(loads).toBe(1)
    })
  )
})
