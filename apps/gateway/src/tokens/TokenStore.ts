/**
 * `TokenStore`: the current OAuth2 token per audience, kept in the outbox's database so that several gateway
 * instances and restarts reuse a valid token instead of each asking the IdP (which has quotas).
 *
 * `SharedTokenProvider.layer` wraps `@its/auth`'s `TokenProvider`: `get(audience)` serves the token it holds in
 * memory while that is before its refresh point, then the stored one (the read is bounded by `loadTimeout`, so a
 * stalled database never blocks an ITS call), and only otherwise asks the wrapped provider (which fetches or
 * refreshes), storing what it returns when that is newer. One instance refreshes: asking the wrapped provider needs
 * the audience's refresh lease (`its_token_refresh`, `refreshLease` long); the others keep serving the stored token
 * while it is still usable, or (none usable) re-read the store at jittered intervals for the holder's new token, at
 * most `refreshLease`, before asking themselves. Limits (the hook belongs in `@its/auth`): a wrapped provider that
 * has fetched once keeps its own background refresh. A failing store never fails `get` (it falls back to the
 * wrapped provider). `get()` without an audience is passed through unchanged.
 *
 * Tokens are stored encrypted (AES-256-GCM, the key derived with SHA-256 from `GATEWAY_TOKEN_STORE_KEY`, at least
 * 32 characters; the audience is the additional authenticated data, so a row cannot be moved to another audience).
 * Without a key nothing is shared: the store is disabled and the wrapped provider is used as is (the gateway says so
 * at start). A row that does not decrypt (another key, an old clear-text row) counts as none. Tokens are never
 * logged; `AccessToken.value` stays `Redacted` once loaded.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto"
import { SqlClient, type SqlError } from "@effect/sql"
import { AccessToken, TokenProvider, type TokenProviderShape } from "@its/auth"
import { Clock, Config, Context, Duration, Effect, Layer, Option, Random, Redacted, Schema } from "effect"
import { OutboxStoreError } from "../outbox/OutboxEntry.ts"

export interface TokenStoreShape {
  /** False without `GATEWAY_TOKEN_STORE_KEY`: nothing is stored or loaded. */
  readonly shared: boolean
  /** The stored token for `audience`, if any and still decodable (whatever its expiry). */
  readonly load: (audience: string) => Effect.Effect<Option.Option<AccessToken>, OutboxStoreError>
  /** Stores `token` unless a newer one (by `issuedAt`) is already stored; true when written. */
  readonly save: (token: AccessToken) => Effect.Effect<boolean, OutboxStoreError>
  /** Removes `token` if it is still the stored one for its audience (after a 401). */
  readonly remove: (token: AccessToken) => Effect.Effect<boolean, OutboxStoreError>
  /**
   * Takes the refresh lease of `audience` for `holder` until `now + ttlMillis` unless another holder's lease is still
   * running: true when `holder` may ask the IdP. One statement (insert or conditional update), so two instances
   * never both get it.
   */
  readonly acquireRefresh: (
    audience: string,
    holder: string,
    now: number,
    ttlMillis: number
  ) => Effect.Effect<boolean, OutboxStoreError>
  /** Gives the refresh lease back (after the new token is stored). */
  readonly releaseRefresh: (audience: string, holder: string) => Effect.Effect<void, OutboxStoreError>
}

const encodeToken = Schema.encode(AccessToken)
const decodeToken = Schema.decodeUnknown(AccessToken)

const storeError = (operation: string) => (error: SqlError.SqlError) =>
  new OutboxStoreError({ operation, message: error.message })

/** AES-256-GCM with a key derived from the configured secret; `v1:` + base64(iv ‖ tag ‖ ciphertext). */
export const tokenCipher = (secret: Redacted.Redacted<string>) => {
  const key = createHash("sha256").update(Redacted.value(secret), "utf8").digest()
  return {
    seal: (plain: string, aad: string): string => {
      const iv = randomBytes(12)
      const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from(aad, "utf8"))
      const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()])
      return `v1:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64")}`
    },
    /** The plain text, or undefined when the text was not sealed with this key for this `aad`. */
    open: (text: string, aad: string): string | undefined => {
      if (!text.startsWith("v1:")) return undefined
      try {
        const raw = Buffer.from(text.slice(3), "base64")
        const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12)).setAAD(Buffer.from(aad, "utf8"))
        decipher.setAuthTag(raw.subarray(12, 28))
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8")
      } catch {
        return undefined
      }
    }
  }
}

/** A store that shares nothing (no key configured). */
export const disabledTokenStore: TokenStoreShape = {
  shared: false,
  load: () => Effect.succeed(Option.none()),
  save: () => Effect.succeed(false),
  remove: () => Effect.succeed(false),
  acquireRefresh: () => Effect.succeed(true),
  releaseRefresh: () => Effect.void
}

export const makeTokenStore = (
  secret: Redacted.Redacted<string>
): Effect.Effect<TokenStoreShape, never, SqlClient.SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const cipher = tokenCipher(secret)

    const load = (audience: string) =>
      sql<{ token: string }>`SELECT token FROM its_tokens WHERE audience = ${audience}`.pipe(
        Effect.mapError(storeError("load token")),
        Effect.flatMap((rows) =>
          rows[0] === undefined
            ? Effect.succeed(Option.none<AccessToken>())
            : Effect.try(() => JSON.parse(cipher.open(rows[0]?.token ?? "", audience) ?? "null") as unknown).pipe(
                Effect.flatMap(decodeToken),
                Effect.option // an undecodable row is as good as none: the wrapped provider fetches a new one
              )
        )
      )

    const save = (token: AccessToken) =>
      Effect.gen(function* () {
        // Encoding unwraps the Redacted value into the JSON text stored.
        const json = cipher.seal(JSON.stringify(yield* Effect.orDie(encodeToken(token))), token.audience)
        const now = yield* Clock.currentTimeMillis
        const rows = yield* sql<{
          audience: string
        }>`INSERT INTO its_tokens (audience, token, issued_at, hard_expires_at, updated_at)
        VALUES (${token.audience}, ${json}, ${token.issuedAt}, ${token.hardExpiresAt}, ${now})
        ON CONFLICT (audience) DO UPDATE SET token = excluded.token, issued_at = excluded.issued_at,
          hard_expires_at = excluded.hard_expires_at, updated_at = excluded.updated_at
        WHERE its_tokens.issued_at < excluded.issued_at
        RETURNING audience`.pipe(Effect.mapError(storeError("save token")))
        return rows.length > 0
      })

    const remove = (token: AccessToken) =>
      Effect.gen(function* () {
        const stored = yield* load(token.audience)
        if (Option.isNone(stored) || !AccessToken.same(stored.value, token)) return false
        const rows = yield* sql<{ audience: string }>`DELETE FROM its_tokens
        WHERE audience = ${token.audience} AND issued_at = ${stored.value.issuedAt}
        RETURNING audience`.pipe(Effect.mapError(storeError("remove token")))
        return rows.length > 0
      })

    const acquireRefresh = (audience: string, holder: string, now: number, ttlMillis: number) =>
      sql<{ holder: string }>`INSERT INTO its_token_refresh (audience, holder, until)
        VALUES (${audience}, ${holder}, ${now + ttlMillis})
        ON CONFLICT (audience) DO UPDATE SET holder = excluded.holder, until = excluded.until
        WHERE its_token_refresh.until <= ${now} OR its_token_refresh.holder = excluded.holder
        RETURNING holder`.pipe(
        Effect.map((rows) => rows.length > 0),
        Effect.mapError(storeError("acquire token refresh"))
      )

    const releaseRefresh = (audience: string, holder: string) =>
      sql`DELETE FROM its_token_refresh WHERE audience = ${audience} AND holder = ${holder}`.pipe(
        Effect.asVoid,
        Effect.mapError(storeError("release token refresh"))
      )

    return { shared: true, load, save, remove, acquireRefresh, releaseRefresh } satisfies TokenStoreShape
  })

/** `GATEWAY_TOKEN_STORE_KEY`: optional, at least 32 characters when set. */
export const tokenStoreKey = Config.option(
  Config.redacted("GATEWAY_TOKEN_STORE_KEY").pipe(
    Config.validate({
      message: "GATEWAY_TOKEN_STORE_KEY must be at least 32 characters",
      validation: (key) => Redacted.value(key).length >= 32
    })
  )
)

export class TokenStore extends Context.Tag("@its/gateway/TokenStore")<TokenStore, TokenStoreShape>() {
  /** On the outbox's `SqlClient` with this key (the table is created by the outbox store's migration). */
  static layerWith(
    secret: Option.Option<Redacted.Redacted<string>>
  ): Layer.Layer<TokenStore, never, SqlClient.SqlClient> {
    return Layer.effect(
      TokenStore,
      Option.match(secret, { onNone: () => Effect.succeed(disabledTokenStore), onSome: makeTokenStore })
    )
  }

  /** From `GATEWAY_TOKEN_STORE_KEY`; without it tokens are not shared, and a start-up warning says so. */
  static readonly layer: Layer.Layer<TokenStore, import("effect/ConfigError").ConfigError, SqlClient.SqlClient> =
    Layer.unwrapEffect(
      Effect.gen(function* () {
        const secret = yield* tokenStoreKey
        if (Option.isNone(secret))
          yield* Effect.logWarning(
            "GATEWAY_TOKEN_STORE_KEY is not set: access tokens are not shared between instances or restarts (each instance asks the IdP itself)"
          )
        return TokenStore.layerWith(secret)
      })
    )
}

/** How long `get` waits for the database before asking the wrapped provider instead. */
export const tokenLoadTimeout = Duration.millis(500)

/** How long one instance may take to refresh a shared token before another may try (the refresh lease). */
export const tokenRefreshLease = Duration.seconds(5)

/** `TokenProvider` backed by the shared `TokenStore`; see the module comment. */
export const makeSharedTokenProvider = (
  inner: TokenProviderShape,
  store: TokenStoreShape,
  loadTimeout: Duration.DurationInput = tokenLoadTimeout,
  refreshLease: Duration.DurationInput = tokenRefreshLease
): TokenProviderShape => {
  if (!store.shared) return inner
  const holder = crypto.randomUUID()
  const leaseMillis = Duration.toMillis(refreshLease)
  const memory = new Map<string, AccessToken>()
  const remember = (token: AccessToken) => {
    const held = memory.get(token.audience)
    if (held === undefined || held.issuedAt <= token.issuedAt) memory.set(token.audience, token)
    return token
  }
  // Another instance holds the refresh lease: re-read the store (jittered, so waiters do not read in step) until its
  // token is there, for at most the lease.
  const awaitRefreshed = (audience: string) =>
    Effect.gen(function* () {
      const start = yield* Clock.currentTimeMillis
      for (;;) {
        yield* Effect.sleep(Duration.millis(yield* Random.nextIntBetween(50, 150)))
        const now = yield* Clock.currentTimeMillis
        const stored = yield* store.load(audience).pipe(
          Effect.timeout(loadTimeout),
          Effect.orElseSucceed(() => Option.none<AccessToken>())
        )
        if (Option.isSome(stored) && now < stored.value.refreshAt) return stored
        if (now - start >= leaseMillis) return Option.none<AccessToken>()
      }
    })

  return {
    get: (audience) =>
      audience === undefined
        ? inner.get()
        : Effect.gen(function* () {
            const now = yield* Clock.currentTimeMillis
            const held = memory.get(audience)
            if (held !== undefined && now < held.refreshAt) return held
            const stored = yield* store.load(audience).pipe(
              Effect.timeoutFail({
                duration: loadTimeout,
                onTimeout: () => new OutboxStoreError({ operation: "load token", message: "timed out" })
              }),
              Effect.tapError((e) =>
                Effect.logWarning("token store unavailable").pipe(Effect.annotateLogs({ error: e.message }))
              ),
              Effect.orElseSucceed(() => Option.none<AccessToken>())
            )
            if (Option.isSome(stored) && now < stored.value.refreshAt) return remember(stored.value)
            // Only the refresh lease's holder asks the IdP (a store that does not answer: ask anyway).
            const leader = yield* store.acquireRefresh(audience, holder, now, leaseMillis).pipe(
              Effect.timeout(loadTimeout),
              Effect.orElseSucceed(() => true)
            )
            if (!leader) {
              if (Option.isSome(stored) && stored.value.isUsableAt(now)) return stored.value
              const fresh = yield* awaitRefreshed(audience)
              if (Option.isSome(fresh)) return remember(fresh.value)
            }
            const token = yield* inner
              .get(audience)
              .pipe(
                Effect.ensuring(
                  leader
                    ? store.releaseRefresh(audience, holder).pipe(Effect.timeout(loadTimeout), Effect.ignore)
                    : Effect.void
                )
              )
            // Another instance may have stored a newer one meanwhile: serve the newest usable token.
            if (Option.isSome(stored) && stored.value.issuedAt > token.issuedAt && stored.value.isUsableAt(now))
              return remember(stored.value)
            // Bounded like the read: a slow database does not hold the caller.
            yield* store.save(token).pipe(Effect.timeout(loadTimeout), Effect.ignore)
            return remember(token)
          }).pipe(Effect.withSpan("SharedTokenProvider.get", { attributes: { "its.audience": audience } })),
    invalidate: (token) =>
      Effect.sync(() => {
        if (memory.get(token.audience) !== undefined && AccessToken.same(memory.get(token.audience)!, token))
          memory.delete(token.audience)
      }).pipe(Effect.zipRight(store.remove(token).pipe(Effect.ignore)), Effect.zipRight(inner.invalidate(token)))
  }
}

export const SharedTokenProvider = {
  make: makeSharedTokenProvider,
  /**
   * Replaces `TokenProvider` with the shared one. Needs the wrapped `TokenProvider` (e.g. `TokenProvider.layer`)
   * and `TokenStore`: `SharedTokenProvider.layer.pipe(Layer.provide(TokenProvider.layer), Layer.provide(TokenStore.layer))`.
   */
  layer: Layer.effect(
    TokenProvider,
    Effect.zipWith(TokenProvider, TokenStore, (inner, store) => TokenProvider.of(makeSharedTokenProvider(inner, store)))
  ) as Layer.Layer<TokenProvider, never, TokenProvider | TokenStore>
} as const
