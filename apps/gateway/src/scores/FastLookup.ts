/**
 * The fast path of the cached score lookups (`GET /v1/scores/{lbs,bot,marker,sccf,ccf}`), in front of the HttpApi
 * router. A cache hit is a few microseconds of work; the router's fiber, middleware and security stack around it cost
 * far more (see the profile in `tools/bench/README.md`). This handler answers only the requests it can answer exactly
 * as the router would, synchronously, and hands every other request to the router untouched:
 *
 * - the exact path, `GET`, no body, no tracing (with `OTEL_EXPORTER_OTLP_ENDPOINT` set every request goes through the
 *   router, which makes the spans);
 * - one key, as `Authorization: Bearer <key>` or `X-Api-Key` (not both), that `ApiKeys` knows and whose consumer has
 *   `scores:read`;
 * - query parameters that the endpoint's own Schema (`scores/Api.ts`) decodes.
 *
 * Only then is the key's rate limit taken (`ApiKeys.authenticate`, once, as the router does): a 429 is answered here
 * with the router's problem body. A hit (every account fresh in the cache, `ScoreCache.freshHit`) is answered
 * synchronously; anything else runs the router handler's own call (`ScoreCache`, which asks ITS for what it lacks)
 * as one fiber, under the same deadline (`GATEWAY_REQUEST_DEADLINE`), interrupted if the client goes away, its
 * errors mapped by the same `orProblem`. The body is the endpoint's success Schema encoded, with the same request id
 * header, request metrics and access log line as `GatewayMiddleware`. `GatewayApi` stays the one definition of the route
 * (OpenAPI, docs, client); `test/scores/FastLookup.test.ts` checks both paths answer byte for byte the same.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http"
import { AllSubBookmakers, type ScoreScope } from "@its/models"
import {
  Cause,
  Config,
  type ConfigError,
  Context,
  Effect,
  Either,
  Exit,
  FiberId,
  Layer,
  Metric,
  Option,
  Redacted,
  Runtime
} from "effect"
import { GatewayConfig } from "../GatewayConfig.ts"
import { ApiKeys } from "../keys/ApiKeys.ts"
import { AccessLog } from "../observability/AccessLog.ts"
import { recordRequest } from "../observability/HttpMetrics.ts"
import { requestIdOf } from "../observability/RequestId.ts"
import { orProblem } from "../problems/DomainErrors.ts"
import { type Problem, problem, problemBody } from "../problems/Problem.ts"
import { deadlineExceeded } from "../server/Middleware.ts"
import { type FastRoute, fastRoutes, type LookupParams, paramsOf } from "./FastRoutes.ts"
import { ScoreCache, type ScoreKey } from "./ScoreCache.ts"
import { toScoreLookupResponse } from "./ScoreLookupResponse.ts"

/** Requests answered by the fast path (the rest of the request metrics are the same as the router's). */
export const fastLookups = Metric.counter("its_gateway_fast_lookups_total", {
  description: "Score lookups answered by the fast path in front of the router (cache hits and misses)",
  incremental: true
})

/** Answers a request and returns true, or returns false and leaves it to the router. */
export type FastHandler = (request: IncomingMessage, response: ServerResponse) => boolean

/** Handlers that see each request before the router (`server/NodeServer.ts` installs them with `serveFirst`). */
export class FastRoutes extends Context.Tag("@its/gateway/FastRoutes")<
  FastRoutes,
  { readonly handle: Option.Option<FastHandler> }
>() {}

/** A query string's decoded parameters and the cache keys they ask for (decoding is pure: same text, same result). */
interface Parsed {
  readonly params: LookupParams
  readonly keys: ReadonlyArray<ScoreKey>
}
/** Bounded: cleared when full, so arbitrary query strings cannot grow it. */
const parsedLimit = 4_096

/** The key the router's security would accept first, when it is unambiguous; else undefined (router decides). */
const keyOf = (headers: IncomingMessage["headers"]): string | undefined => {
  const authorization = headers.authorization
  const apiKey = headers["x-api-key"]
  if (authorization !== undefined && apiKey === undefined)
    return authorization.startsWith("Bearer ") && authorization.length > 7 ? authorization.slice(7) : undefined
  if (authorization === undefined && typeof apiKey === "string" && apiKey !== "") return apiKey
  return undefined
}

const write = (
  response: ServerResponse,
  requestId: string,
  status: number,
  contentType: string,
  body: string,
  extra?: Record<string, string>
) => {
  response.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
    ...extra,
    "x-request-id": requestId
  })
  response.end(body)
}

/** A problem as the router's middleware writes it (`problemResponse`). */
const writeProblem = (response: ServerResponse, requestId: string, failure: Problem) =>
  write(
    response,
    requestId,
    failure.status,
    "application/problem+json",
    JSON.stringify(problemBody(failure, requestId)),
    failure.retryAfterSeconds === undefined ? undefined : { "retry-after": String(failure.retryAfterSeconds) }
  )

const make = Effect.gen(function* () {
  const cache = yield* ScoreCache
  const keys = yield* ApiKeys
  const accessLog = yield* AccessLog
  const { requestDeadline } = yield* GatewayConfig
  const clock = yield* Effect.clock
  const runtime = yield* Effect.runtime<never>()
  const runSyncExit = Runtime.runSyncExit(runtime)
  const runFork = Runtime.runFork(runtime)
  const deadline = deadlineExceeded(requestDeadline)
  const parsedByTarget = new Map<string, Parsed>()

  /** Metrics and the access-log line of an answered request, as `GatewayMiddleware` records them. */
  const done = (path: string, requestId: string, status: number, start: number) => {
    const durationMs = clock.unsafeCurrentTimeMillis() - start
    recordRequest(path, "GET", status, durationMs)
    fastLookups.unsafeUpdate(1, [])
    accessLog.write({ requestId, method: "GET", route: path, status, durationMs })
  }

  /** Not every account fresh: the router handler's call, as one fiber. */
  const lookup = (
    route: FastRoute,
    scope: ScoreScope,
    params: LookupParams,
    path: string,
    requestId: string,
    start: number,
    response: ServerResponse
  ) => {
    const fiber = runFork(
      orProblem(route.lookup(cache, scope, params)).pipe(
        Effect.map((result) => JSON.stringify(route.encode(toScoreLookupResponse(result)))),
        Effect.timeoutFail({ duration: requestDeadline, onTimeout: () => deadline })
      )
    )
    const abandoned = () => {
      if (!response.writableEnded) fiber.unsafeInterruptAsFork(FiberId.none)
    }
    response.once("close", abandoned)
    fiber.addObserver((exit) => {
      response.off("close", abandoned)
      // The client went away: nothing to answer, nothing recorded (as when the router's fiber is interrupted).
      if (Exit.isInterrupted(exit) || response.destroyed) return
      if (Exit.isSuccess(exit)) {
        write(response, requestId, 200, "application/json", exit.value)
        return done(path, requestId, 200, start)
      }
      let answer: Problem | undefined = Option.getOrUndefined(Cause.failureOption(exit.cause))
      if (answer === undefined) {
        // A defect: logged and answered as the middleware does.
        Runtime.runSync(runtime)(Effect.logError("unhandled defect", Cause.pretty(exit.cause)))
        answer = problem(500, "Internal error")
      }
      writeProblem(response, requestId, answer)
      done(path, requestId, answer.status, start)
    })
  }

  const handler: FastHandler = (request, response) => {
    if (request.method !== "GET") return false
    const target = request.url ?? ""
    const q = target.indexOf("?")
    const path = q < 0 ? target : target.slice(0, q)
    const route = fastRoutes.get(path)
    if (route === undefined) return false
    const headers = request.headers
    if (headers["content-length"] !== undefined || headers["transfer-encoding"] !== undefined) return false
    const key = keyOf(headers)
    if (key === undefined) return false
    const redacted = Redacted.make(key)
    // A key without a rate limit is authenticated by a plain call; a rate-limited one through `authenticate` below.
    const unlimited = keys.authenticateUnlimited(redacted)
    const consumer = unlimited ?? Option.getOrUndefined(keys.identify(redacted))
    if (consumer === undefined || !consumer.scopes.has("scores:read")) return false
    let parsed = parsedByTarget.get(target)
    if (parsed === undefined) {
      const params = route.decode(paramsOf(q < 0 ? "" : target.slice(q + 1)))
      if (Either.isLeft(params)) return false
      if (parsedByTarget.size >= parsedLimit) parsedByTarget.clear()
      parsed = { params: params.right, keys: route.keys(params.right) }
      parsedByTarget.set(target, parsed)
    }

    // From here on the request is ours: the rate limit is taken once, as the router's security would.
    const start = clock.unsafeCurrentTimeMillis()
    const requestId = requestIdOf(headers)
    const allowed = unlimited !== undefined ? Exit.succeed(unlimited) : runSyncExit(keys.authenticate(redacted))
    if (Exit.isFailure(allowed)) {
      // `identify` accepted the key, so the only failure left is the rate limit (a problem, as the router's).
      const failure = Option.getOrUndefined(Cause.failureOption(allowed.cause))
      if (failure === undefined) throw Cause.squash(allowed.cause)
      writeProblem(response, requestId, failure)
      done(path, requestId, failure.status, start)
      return true
    }
    const scope: ScoreScope = {
      bookmaker: parsed.params.bookmaker,
      subBookmaker: parsed.params.subBookmaker ?? AllSubBookmakers
    }
    const serve = cache.freshHit(route.model, scope, parsed.keys, start)
    if (serve === undefined) {
      lookup(route, scope, parsed.params, path, requestId, start, response)
      return true
    }
    write(response, requestId, 200, "application/json", JSON.stringify(route.encode(toScoreLookupResponse(serve()))))
    done(path, requestId, 200, start)
    return true
  }
  return handler
})

/** Settings: `GATEWAY_FAST_LOOKUPS` (default true) turns the fast path off; tracing turns it off too. */
export const fastLookupsEnabled = Config.all({
  enabled: Config.boolean("GATEWAY_FAST_LOOKUPS").pipe(Config.withDefault(true)),
  tracing: Config.option(Config.nonEmptyString("OTEL_EXPORTER_OTLP_ENDPOINT"))
}).pipe(Config.map(({ enabled, tracing }) => enabled && Option.isNone(tracing)))

/** The fast lookups; `handle` is none when `GATEWAY_FAST_LOOKUPS=false` or tracing is on. */
export const FastRoutesLive: Layer.Layer<
  FastRoutes,
  ConfigError.ConfigError,
  ScoreCache | ApiKeys | AccessLog | GatewayConfig
> = Layer.effect(
  FastRoutes,
  Effect.flatMap(fastLookupsEnabled, (enabled) =>
    enabled
      ? Effect.map(make, (handler) => ({ handle: Option.some(handler) }))
      : Effect.succeed({ handle: Option.none() })
  )
)

/**
 * Lets `handler` see each request before the server's `request` listeners (the platform's router): a request it
 * answers never reaches them. A handler that throws leaves the request to the router (nothing was written yet:
 * every check comes before the first write).
 */
export const serveFirst = (server: Server, handler: FastHandler): void => {
  const emit = server.emit
  server.emit = function (this: Server, event: string | symbol, ...args: Array<unknown>) {
    if (event === "request") {
      const [request, response] = args as [IncomingMessage, ServerResponse]
      try {
        if (handler(request, response)) return true
      } catch {
        if (response.headersSent) return true
      }
    }
    return emit.apply(this, [event, ...args] as Parameters<Server["emit"]>)
  } as Server["emit"]
}
