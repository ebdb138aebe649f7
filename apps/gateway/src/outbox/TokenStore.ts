/**
 * `TokenStore`: the current OAuth2 token per audience, kept in the outbox's database so that several gateway
 * instances and restarts reuse a valid token instead of each asking the IdP (which has quotas).
 *
 * `SharedTokenProvider.layer` wraps `@its/auth`'s `TokenProvider`: `get(audience)` serves the stored token while it
 * is before its refresh point, and only otherwise asks the wrapped provider (which fetches or refreshes), storing
 * what it returns when that is newer. Limits (the hook belongs in `@its/auth`): a wrapped provider that has fetched
 * once keeps its own background refresh, so instances that did fetch still refresh on their own schedule; the
 * store saves fetches, it does not elect one refresher. A failing store never fails `get` (it falls back to the
 * wrapped provider). `get()` without an audience is passed through unchanged.
 *
 * The token is stored in clear (it is a short-lived bearer token): the database is as sensitive as the gateway's
 * own memory. It is never logged; `AccessToken.value` stays `Redacted` once loaded.
 */
import { SqlClient, type SqlError } from "@effect/sql"
import { AccessToken, TokenProvider, type TokenProviderShape } from "@its/auth"
import { Clock, Context, Effect, Layer, Option, Schema } from "effect"
import { OutboxStoreError } from "./OutboxEntry.ts"

export interface TokenStoreShape {
  /** The stored token for `audience`, if any and still decodable (whatever its expiry). */
  readonly load: (audience: string) => Effect.Effect<Option.Option<AccessToken>, OutboxStoreError>
  /** Stores `token` unless a newer one (by `issuedAt`) is already stored; true when written. */
  readonly save: (token: AccessToken) => Effect.Effect<boolean, OutboxStoreError>
  /** Removes `token` if it is still the stored one for its audience (after a 401). */
  readonly remove: (token: AccessToken) => Effect.Effect<boolean, OutboxStoreError>
}

const encodeToken = Schema.encode(AccessToken)
const decodeToken = Schema.decodeUnknown(AccessToken)

const storeError = (operation: string) => (error: SqlError.SqlError) =>
  new OutboxStoreError({ operation, message: error.message })

export const makeTokenStore: Effect.Effect<TokenStoreShape, never, SqlClient.SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient

  const load = (audience: string) =>
    sql<{ token: string }>`SELECT token FROM its_tokens WHERE audience = ${audience}`.pipe(
      Effect.mapError(storeError("load token")),
      Effect.flatMap((rows) =>
        rows[0] === undefined
          ? Effect.succeed(Option.none<AccessToken>())
          : Effect.try(() => JSON.parse(rows[0]?.token ?? "null") as unknown).pipe(
              Effect.flatMap(decodeToken),
              Effect.option // an undecodable row is as good as none: the wrapped provider fetches a new one
            )
      )
    )

  const save = (token: AccessToken) =>
    Effect.gen(function* () {
      // Encoding unwraps the Redacted value into the JSON text stored.
      const json = JSON.stringify(yield* Effect.orDie(encodeToken(token)))
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

  return { load, save, remove } satisfies TokenStoreShape
})

export class TokenStore extends Context.Tag("@its/gateway/TokenStore")<TokenStore, TokenStoreShape>() {
  /** On the outbox's `SqlClient` (the table is created by the outbox store's migration: provide `OutboxStoreLive`). */
  static readonly layer: Layer.Layer<TokenStore, never, SqlClient.SqlClient> = Layer.effect(TokenStore, makeTokenStore)
}

/** `TokenProvider` backed by the shared `TokenStore`; see the module comment. */
export const makeSharedTokenProvider = (inner: TokenProviderShape, store: TokenStoreShape): TokenProviderShape => ({
  get: (audience) =>
    audience === undefined
      ? inner.get()
      : Effect.gen(function* () {
          const now = yield* Clock.currentTimeMillis
          const stored = yield* store.load(audience).pipe(
            Effect.tapError((e) =>
              Effect.logWarning("token store unavailable").pipe(Effect.annotateLogs({ error: e.message }))
            ),
            Effect.orElseSucceed(() => Option.none<AccessToken>())
          )
          if (Option.isSome(stored) && now < stored.value.refreshAt) return stored.value
          const token = yield* inner.get(audience)
          // Another instance may have stored a newer one meanwhile: serve the newest usable token.
          if (Option.isSome(stored) && stored.value.issuedAt > token.issuedAt && stored.value.isUsableAt(now))
            return stored.value
          yield* store.save(token).pipe(Effect.ignore)
          return token
        }).pipe(Effect.withSpan("SharedTokenProvider.get", { attributes: { "its.audience": audience } })),
  invalidate: (token) => Effect.zipRight(store.remove(token).pipe(Effect.ignore), inner.invalidate(token))
})

export const SharedTokenProvider = {
  /**
   * Replaces `TokenProvider` with the shared one. Needs the wrapped `TokenProvider` (e.g. `TokenProvider.fromEnv`)
   * and `TokenStore`: `SharedTokenProvider.layer.pipe(Layer.provide(TokenProvider.fromEnv), Layer.provide(TokenStore.layer))`.
   */
  layer: Layer.effect(
    TokenProvider,
    Effect.zipWith(TokenProvider, TokenStore, (inner, store) => TokenProvider.of(makeSharedTokenProvider(inner, store)))
  ) as Layer.Layer<TokenProvider, never, TokenProvider | TokenStore>
} as const
