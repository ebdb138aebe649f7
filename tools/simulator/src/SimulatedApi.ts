/**
 * The reusable pattern for the simulated ITS REST APIs. A group declares `.middleware(RestGuard)`; its handler Layer
 * is wrapped with `protect(groupLayer, { apiId })`. For every request of the group, `RestGuard` then applies, in order:
 *
 * 1. the API's scripted faults (`RestFaults`, same `FaultPlan` as the token endpoint; `{ message }` bodies);
 * 2. the bearer token: verified with `TokenIssuer.verifyAccessToken` for one of the REST audiences, including
 *    expiry at `Clock` time → 401 `{ "message": "Unauthorized" }`, a valid token for another audience → 403
 *    `{ "message": "Forbidden" }`;
 * 3. the API's rate limit (`RestRateLimiter`) → 429 `{ "message": "Too Many Requests" }` with `Retry-After`;
 *
 * and provides `RestCaller` (API id and token claims) to the handler. Every request is counted in `RestCounters`.
 *
 * ```ts
 * class LbsApi extends HttpApiGroup.make("lbs").add(…).middleware(RestGuard).prefix("/api/lbs") {}
 * const LbsHttpLive = SimulatedApi.protect(HttpApiBuilder.group(SimulatorApi, "lbs", (h) => …), { apiId: "lbs" })
 * ```
 */
import {
  HttpApiMiddleware,
  HttpApiSchema,
  HttpApiSecurity,
  HttpServerRequest,
  type HttpServerResponse
} from "@effect/platform"
import { Context, Duration, Effect, Either, Layer, Option, type Redacted, Schema } from "effect"
import { verifyBearer } from "./BearerAuth.ts"
import { SimulatorConfig } from "./Config.ts"
import { faultOutcome, faultResponse, messageResponse, reasonOf } from "./HttpFaults.ts"
import { RestCounters, type RestOutcome } from "./RestCounters.ts"
import { RestFaults } from "./RestFaults.ts"
import { RestRateLimiter } from "./RestRateLimiter.ts"
import { type AccessTokenClaims, TokenIssuer } from "./TokenIssuer.ts"

// The three refusals below document the guard in OpenAPI (and let an `HttpApiClient` decode them). The guard sends
// them as ready-made responses rather than typed failures: HttpApi encodes a failure with the first error schema of
// the whole API that accepts it, so another group's `{ message }`-shaped error listed earlier (LTD's
// `{ errorCode?, message }`) would capture it and answer with that group's status.

/** 401, body `{ "message": "Unauthorized" }` (API Gateway's shape; its-api.md §8.2). */
export class Unauthorized extends Schema.Class<Unauthorized>("Unauthorized")(
  { message: Schema.Literal("Unauthorized") },
  HttpApiSchema.annotations({ status: 401, description: "Missing, invalid or expired bearer token" })
) {}

/** 403, body `{ "message": "Forbidden" }`: a valid token for another audience. */
export class Forbidden extends Schema.Class<Forbidden>("Forbidden")(
  { message: Schema.Literal("Forbidden") },
  HttpApiSchema.annotations({ status: 403, description: "Valid token for another audience" })
) {}

/** 429, body `{ "message": "Too Many Requests" }`, with a `Retry-After` header in seconds. */
export class TooManyRequests extends Schema.Class<TooManyRequests>("TooManyRequests")(
  { message: Schema.Literal("Too Many Requests") },
  HttpApiSchema.annotations({ status: 429, description: "Rate limit exceeded; retry after `Retry-After` seconds" })
) {}

/** Who is calling, for the handlers of a guarded group. */
export class RestCaller extends Context.Tag("@its/simulator/RestCaller")<
  RestCaller,
  { readonly apiId: string; readonly claims: AccessTokenClaims }
>() {}

export class RestGuard extends HttpApiMiddleware.Tag<RestGuard>()("@its/simulator/RestGuard", {
  failure: Schema.Union(Unauthorized, Forbidden, TooManyRequests),
  provides: RestCaller,
  security: { bearer: HttpApiSecurity.bearer }
}) {}

export interface GuardOptions {
  /** Keys the fault plan, the rate limits and the counters: `lbs`, `account`, `tournament`, … */
  readonly apiId: string
  /** Accepted token audiences; default `SimulatorConfig.restAudiences`. */
  readonly audiences?: ReadonlyArray<string> | undefined
}

/** The services a guarded group needs; all are part of `Simulator.Services` (plus `SimulatorConfig`). */
export type GuardServices = SimulatorConfig | TokenIssuer | RestFaults | RestRateLimiter | RestCounters

/**
 * Ends the request with `response`. A defect that is an `HttpServerResponse` is sent as is (no error is logged); it
 * bypasses the API's error encoding.
 */
const respond = (response: HttpServerResponse.HttpServerResponse) => Effect.die(response)

export const make = Effect.fn("RestGuard.make")(function* (options: GuardOptions) {
  const config = yield* SimulatorConfig
  const issuer = yield* TokenIssuer
  const faults = yield* RestFaults
  const limiter = yield* RestRateLimiter
  const counters = yield* RestCounters
  const { apiId } = options
  const audiences = options.audiences ?? config.restAudiences
  const record = (outcome: RestOutcome) =>
    Effect.zipRight(
      counters.record({ apiId, outcome }),
      Effect.logDebug("REST request").pipe(Effect.annotateLogs({ apiId, outcome }))
    )

  const guard = Effect.fn("RestGuard.guard")(function* (bearer: Redacted.Redacted) {
    const request = yield* HttpServerRequest.HttpServerRequest

    const fault = yield* faults.next(apiId)
    if (Duration.greaterThan(fault.latency, Duration.zero)) yield* Effect.sleep(fault.latency)
    if (fault.step.kind !== "ok") {
      yield* record(faultOutcome(fault.step))
      return yield* respond(yield* faultResponse(request, fault.step))
    }

    const claims = yield* Effect.either(verifyBearer(issuer, bearer, audiences))
    if (Either.isLeft(claims)) {
      const { status } = claims.left
      yield* record(status === 403 ? "forbidden" : "unauthorized")
      return yield* respond(messageResponse(status, reasonOf(status)))
    }

    const retryAfter = yield* limiter.take(apiId, request.method)
    if (Option.isSome(retryAfter)) {
      yield* record("rate_limited")
      return yield* respond(messageResponse(429, reasonOf(429), { "retry-after": String(retryAfter.value) }))
    }

    yield* record("passed")
    return RestCaller.of({ apiId, claims: claims.right })
  })

  return RestGuard.of({ bearer: guard })
})

/** The guard for one API; provide it to that group's handler Layer (or use `protect`). */
export const layer = (options: GuardOptions): Layer.Layer<RestGuard, never, GuardServices> =>
  Layer.effect(RestGuard, make(options))

/** Wraps a group handler Layer (`HttpApiBuilder.group(…)` of a group with `.middleware(RestGuard)`) for `apiId`. */
export const protect = <A, E, R>(
  group: Layer.Layer<A, E, R>,
  options: GuardOptions
): Layer.Layer<A, E, Exclude<R, RestGuard> | GuardServices> => Layer.provide(group, layer(options))
