/**
 * `TokenProvider`: one cached OAuth2 token per audience (stack.md §7.3).
 *
 * - `get` serves the current token until its hard expiry; with none, it starts (or joins) the one in-flight
 *   request for that audience, so any number of concurrent callers cause exactly one token request.
 * - A background fiber per audience (scoped to the layer) refreshes at the policy's refresh point and keeps
 *   retrying until the hard expiry; meanwhile callers keep getting the current token, and a failing refresh
 *   never evicts it.
 * - With no usable token and a fresh failure, `get` fails at once with that typed error for
 *   `failureCooldown` (or the IdP's `Retry-After`, when longer), instead of every caller waiting on a dead endpoint.
 * - A caller waits at most `maxWait` (default 15 s) for a fetch in flight, retries included; a silent IdP then
 *   answers it with `TokenTimeout` while the fetch goes on for later callers.
 * - `invalidate(audience, token)` drops exactly that token, for a transport's single retry after a 401.
 */
import type { HttpClient } from "@effect/platform"
import {
  Cause,
  Clock,
  type ConfigError,
  Context,
  Deferred,
  Duration,
  Effect,
  Exit,
  Layer,
  Metric,
  Option,
  Ref,
  Schedule,
  type Scope
} from "effect"
import { AccessToken } from "./AccessToken.ts"
import { AuthConfig, type AuthOptions } from "./AuthConfig.ts"
import { tokenRefreshes, tokenSecondsToExpiry } from "./AuthMetrics.ts"
import { backoff } from "./Retry.ts"
import { requestToken } from "./TokenEndpoint.ts"
import { isRetryable, type TokenError, TokenTimeout } from "./TokenErrors.ts"

export interface TokenProviderShape {
  /** A token for `audience` (default: the configured audience) that is not within the hard margin of expiry. */
  readonly get: (audience?: string) => Effect.Effect<AccessToken, TokenError>
  /** Drops `token` if it is still the current one for its audience; `false` when it was already replaced. */
  readonly invalidate: (token: AccessToken) => Effect.Effect<boolean>
}

export class TokenProvider extends Context.Tag("@its/auth/TokenProvider")<TokenProvider, TokenProviderShape>() {
  /** `AuthConfig` read from the environment (`ITS_CLIENT_ID`, `ITS_CLIENT_SECRET`, …); needs an `HttpClient`. */
  static readonly layer: Layer.Layer<TokenProvider, ConfigError.ConfigError, HttpClient.HttpClient> = Layer.scoped(
    TokenProvider,
    Effect.suspend(() => make)
  ).pipe(Layer.provide(AuthConfig.layer))

  /** With explicit settings (credentials required, the rest defaulted); its refresher fibers live with the layer. */
  static readonly layerWith = (settings: AuthOptions): Layer.Layer<TokenProvider, never, HttpClient.HttpClient> =>
    Layer.scoped(
      TokenProvider,
      Effect.suspend(() => make)
    ).pipe(Layer.provide(AuthConfig.layerWith(settings)))

  /** A provider that always returns the given tokens (per audience); for tests of code that needs a token. */
  static readonly layerTest = (tokens: Record<string, string>): Layer.Layer<TokenProvider> =>
    Layer.succeed(TokenProvider, {
      get: (audience) => {
        const key = audience ?? Object.keys(tokens)[0] ?? ""
        const value = tokens[key]
        return value === undefined
          ? Effect.dieMessage(`TokenProvider.layerTest has no token for audience "${key}"`)
          : Effect.succeed(AccessToken.unexpiring(key, value))
      },
      invalidate: () => Effect.succeed(false)
    })
}

interface Slot {
  readonly current: Option.Option<AccessToken>
  readonly inflight: Option.Option<Deferred.Deferred<AccessToken, TokenError>>
  readonly failure: Option.Option<{ readonly error: TokenError; readonly until: number }>
}

const emptySlot: Slot = { current: Option.none(), inflight: Option.none(), failure: Option.none() }

const retryAfterOf = (error: TokenError) =>
  error._tag === "TokenEndpointUnavailable" && error.retryAfterMillis !== undefined
    ? Option.some(Duration.millis(error.retryAfterMillis))
    : Option.none()

const make = Effect.gen(function* () {
  const settings = yield* AuthConfig
  const context = yield* Effect.context<AuthConfig | HttpClient.HttpClient>()
  const scope = yield* Effect.scope
  const slots = new Map<string, Ref.Ref<Slot>>()

  // A caller waits for these retries; a Retry-After beyond `maxRetryAfter` fails instead of hanging.
  const onDemand: Schedule.Schedule<unknown, TokenError> = backoff({
    base: settings.backoffBase,
    cap: settings.backoffCap,
    times: settings.retries,
    while: (e) =>
      isRetryable(e) &&
      Duration.lessThanOrEqualTo(
        Option.getOrElse(retryAfterOf(e), () => Duration.zero),
        settings.maxRetryAfter
      ),
    retryAfter: retryAfterOf
  })
  // The refresher retries everything (a rotated secret may be fixed meanwhile), bounded by the hard expiry, and
  // waits at least the failure cooldown between attempts, so callers meanwhile fail fast instead of queueing.
  const background: Schedule.Schedule<unknown, TokenError> = backoff({
    base: settings.backoffBase,
    cap: settings.backoffCap,
    while: () => true,
    retryAfter: retryAfterOf
  }).pipe(Schedule.modifyDelay((_, delay) => Duration.max(delay, settings.failureCooldown)))

  const usable = (slot: Ref.Ref<Slot>) =>
    Effect.zipWith(Ref.get(slot), Clock.currentTimeMillis, (s, now) =>
      Option.filter(s.current, (t) => t.isUsableAt(now))
    )

  const setGauge = (token: AccessToken) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Metric.set(
        Metric.tagged(tokenSecondsToExpiry, "audience", token.audience),
        Math.max(0, (token.hardExpiresAt - now) / 1000)
      )
    )

  /** Record the outcome of the single in-flight request, then release its waiters. */
  const settle = (
    slot: Ref.Ref<Slot>,
    deferred: Deferred.Deferred<AccessToken, TokenError>,
    exit: Exit.Exit<AccessToken, TokenError>
  ) =>
    Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      yield* Ref.update(slot, (s) =>
        Exit.match(exit, {
          onSuccess: (token): Slot => ({
            current: Option.some(token),
            inflight: Option.none(),
            failure: Option.none()
          }),
          onFailure: (cause): Slot => ({
            ...s,
            inflight: Option.none(),
            failure: Option.map(Cause.failureOption(cause), (error) => ({
              error,
              // The IdP said when to come back: nobody asks again before that.
              until:
                now +
                Math.max(
                  Duration.toMillis(settings.failureCooldown),
                  Option.match(retryAfterOf(error), { onNone: () => 0, onSome: Duration.toMillis })
                )
            }))
          })
        })
      )
      if (Exit.isSuccess(exit)) yield* setGauge(exit.value)
      yield* Deferred.done(deferred, exit)
    }).pipe(Effect.uninterruptible)

  /** Join the in-flight request for this audience, or start it. The request runs in the layer's scope, so an
   *  interrupted caller never cancels it for the others. */
  const fetchShared = (audience: string, slot: Ref.Ref<Slot>) =>
    Effect.gen(function* () {
      const fresh = yield* Deferred.make<AccessToken, TokenError>()
      const [deferred, start] = yield* Ref.modify(
        slot,
        (s): [readonly [Deferred.Deferred<AccessToken, TokenError>, boolean], Slot] =>
          Option.isSome(s.inflight)
            ? [[s.inflight.value, false], s]
            : [[fresh, true], { ...s, inflight: Option.some(fresh) }]
      )
      if (start) {
        yield* requestToken(audience).pipe(
          Effect.retry(onDemand),
          Effect.provide(context),
          Effect.exit,
          Effect.flatMap((exit) => settle(slot, deferred, exit)),
          Effect.forkIn(scope)
        )
      }
      return yield* Deferred.await(deferred)
    })

  const logFailure = (audience: string, what: string) => (error: TokenError) =>
    Effect.logWarning(what).pipe(Effect.annotateLogs({ audience, error: error._tag, detail: error.message }))

  /** One refresh cycle: have a token, sleep to its refresh point, refresh until its hard expiry. */
  const refreshCycle = (audience: string, slot: Ref.Ref<Slot>) =>
    Effect.gen(function* () {
      const token = yield* usable(slot).pipe(
        Effect.flatMap(Option.match({ onSome: Effect.succeed, onNone: () => fetchShared(audience, slot) })),
        Effect.tapError(logFailure(audience, "ITS token fetch failed; retrying")),
        Effect.retry(background)
      )
      yield* setGauge(token)
      yield* Effect.sleep(Duration.millis(Math.max(0, token.refreshAt - (yield* Clock.currentTimeMillis))))
      const current = (yield* Ref.get(slot)).current
      // Replaced (a fetch after invalidate) or dropped meanwhile: start over with whatever is current.
      if (Option.isNone(current) || !AccessToken.same(current.value, token)) return
      const remaining = Math.max(0, token.hardExpiresAt - (yield* Clock.currentTimeMillis))
      const refreshed = (m: Metric.Metric.Counter<number>, result: string) =>
        Metric.increment(Metric.tagged(Metric.tagged(m, "audience", audience), "result", result))
      yield* fetchShared(audience, slot).pipe(
        Effect.tapError(logFailure(audience, "ITS token refresh failed; serving the current token until hard expiry")),
        Effect.retry(background),
        Effect.timeout(Duration.millis(remaining)),
        Effect.matchEffect({
          onSuccess: () => refreshed(tokenRefreshes, "ok"),
          onFailure: () =>
            refreshed(tokenRefreshes, "failed").pipe(
              Effect.zipRight(Effect.logError("ITS token reached its hard expiry without a successful refresh")),
              Effect.annotateLogs({ audience })
            )
        })
      )
    }).pipe(Effect.withSpan("TokenProvider.refresh", { attributes: { audience } }))

  const slotOf = (audience: string) =>
    Effect.suspend(() => {
      const existing = slots.get(audience)
      if (existing !== undefined) return Effect.succeed(existing)
      const slot = Ref.unsafeMake(emptySlot)
      slots.set(audience, slot)
      return Effect.as(Effect.forkIn(Effect.forever(refreshCycle(audience, slot)), scope), slot)
    })

  // The cached path is deliberately span-free and allocation-light: it runs on every ITS call.
  const get = (audience: string = settings.audience): Effect.Effect<AccessToken, TokenError> =>
    Effect.gen(function* () {
      const slot = yield* slotOf(audience)
      const now = yield* Clock.currentTimeMillis
      const s = yield* Ref.get(slot)
      if (Option.isSome(s.current) && s.current.value.isUsableAt(now)) return s.current.value
      if (Option.isNone(s.inflight) && Option.isSome(s.failure) && now < s.failure.value.until) {
        return yield* Effect.fail(s.failure.value.error)
      }
      return yield* fetchShared(audience, slot).pipe(
        Effect.timeoutFail({
          duration: settings.maxWait,
          onTimeout: () => new TokenTimeout({ audience, timeoutMillis: Duration.toMillis(settings.maxWait) })
        }),
        Effect.withSpan("TokenProvider.fetch", { attributes: { audience } })
      )
    })

  const invalidate = (token: AccessToken) =>
    Effect.suspend(() => {
      const slot = slots.get(token.audience)
      if (slot === undefined) return Effect.succeed(false)
      return Ref.modify(slot, (s) =>
        Option.isSome(s.current) && AccessToken.same(s.current.value, token)
          ? [true, { ...s, current: Option.none() }]
          : [false, s]
      )
    }).pipe(Effect.withSpan("TokenProvider.invalidate", { attributes: { audience: token.audience } }))

  return TokenProvider.of({ get, invalidate })
}) satisfies Effect.Effect<TokenProviderShape, never, AuthConfig | HttpClient.HttpClient | Scope.Scope>
