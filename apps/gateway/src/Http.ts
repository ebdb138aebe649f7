/**
 * The gateway's HTTP layer: `GatewayApi` implemented by the handler groups, API-key authentication, one API-wide
 * middleware (request id, body limit, problem+json for every failure, metrics, a JSON log line per request),
 * `/openapi.json` and `/docs` (Scalar, inlined: works offline). `HttpLive` serves it on Node (HTTP or HTTPS).
 */
import type { Server } from "node:http"
import { readFileSync } from "node:fs"
import { randomUUID } from "node:crypto"
import {
  HttpApi,
  HttpApiBuilder,
  HttpApiScalar,
  HttpIncomingMessage,
  HttpServer,
  HttpServerRequest,
  HttpServerResponse
} from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { createNodeServer } from "@its/transport/node-server"
import { Cause, Clock, Duration, Effect, Layer, Option, Redacted } from "effect"
import { GatewayApi } from "./Api.ts"
import { ProblemPagesLive } from "./api/ProblemPages.ts"
import { ApiKeys } from "./ApiKeys.ts"
import { type Problem, problem, type Unauthorized } from "./api/Problem.ts"
import { Authentication, type Scope, scopeOfEndpoint } from "./api/Security.ts"
import { GatewayConfig } from "./GatewayConfig.ts"
import { guardBody, isBodyRejected, mediaTypeRefusal, tooLarge as bodyTooLarge } from "./http/Body.ts"
import { toProblem } from "./http/Errors.ts"
import { AdminHttp, OpsHttp } from "./http/OpsHttp.ts"
import { ProfilesHttp } from "./http/ProfilesHttp.ts"
import { ScoresHttp } from "./http/ScoresHttp.ts"
import { TicketsHttp } from "./http/TicketsHttp.ts"
import { LateRepliesHttp } from "./http/LateRepliesHttp.ts"
import { AccountInformsHttp } from "./http/AccountInformsHttp.ts"
import { recordRequest } from "./observability/HttpMetrics.ts"

/**
 * API-key authentication and the route's scope, checked before the body is read (a consumer without the scope
 * gets 403, not a validation error about a body it may not send). Bearer and X-Api-Key are alternatives: when
 * both schemes fail, the answer is about the key that was actually sent.
 */
export const AuthenticationLive = Layer.effect(
  Authentication,
  Effect.gen(function* () {
    const keys = yield* ApiKeys
    const authorize = (key: Redacted.Redacted<string>) =>
      Effect.gen(function* () {
        const consumer = yield* keys.authenticate(key)
        const request = yield* HttpServerRequest.HttpServerRequest
        // Fails closed: a route or method this table does not know (or a path that does not decode) is denied.
        const scope = scopeOfRoute(request.method, pathOf(request.url))
        if (scope === undefined)
          return yield* Effect.fail(
            problem(403, "Unknown operation", {
              detail: "no scope is defined for this route"
            }) as unknown as Unauthorized
          )
        if (scope !== "public" && !consumer.scopes.has(scope))
          return yield* Effect.fail(
            problem(403, "Missing scope", {
              detail: `this operation needs the scope ${scope}`
            }) as unknown as Unauthorized
          )
        return consumer
      })
    return {
      bearer: authorize,
      apiKey: (key) =>
        Redacted.value(key) !== ""
          ? authorize(key)
          : Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
              authorize(Redacted.make(bearerOf(request.headers.authorization)))
            )
    }
  })
)

/**
 * The path of a request target, percent-decoded per segment as the router decodes it (so `/v1/%61dmin/…` is matched
 * as `/v1/admin/…`); `undefined` when it does not decode. Not `new URL(…)`, which reads `//host/…` as a host.
 */
export const pathOf = (target: string): string | undefined => {
  const raw = target.split("?", 1)[0] ?? "/"
  try {
    return raw
      .split("/")
      .map((segment) => decodeURIComponent(segment))
      .join("/")
  } catch {
    return undefined
  }
}

const bearerOf = (header: string | undefined): string =>
  header !== undefined && /^bearer /i.test(header) ? header.slice(7).trim() : ""

/** Route templates of every endpoint (for low-cardinality metric labels) with the scope each needs. */
const routeTemplates: ReadonlyArray<{
  readonly template: string
  readonly method: string
  readonly pattern: RegExp
  readonly scope: Scope | "public"
}> = (() => {
  const routes: Array<{ template: string; method: string; scope: Scope | "public" }> = [
    { template: "/openapi.json", method: "GET", scope: "public" },
    { template: "/docs", method: "GET", scope: "public" }
  ]
  HttpApi.reflect(GatewayApi, {
    onGroup: () => {},
    onEndpoint: ({ group, endpoint }) =>
      routes.push({
        template: endpoint.path,
        method: endpoint.method,
        scope: scopeOfEndpoint(group.identifier, endpoint.name) ?? "public"
      })
  })
  return routes.map((route) => ({
    ...route,
    pattern: new RegExp(`^${route.template.replaceAll(/:[A-Za-z]+/g, "[^/]+")}$`)
  }))
})()

/** The scope of a route ("public": none needed); `undefined` for a route or method that is not in the table. */
export const scopeOfRoute = (method: string, pathname: string | undefined): Scope | "public" | undefined => {
  if (pathname === undefined) return undefined
  const asMethod = method === "HEAD" ? "GET" : method
  return routeTemplates.find((route) => route.method === asMethod && route.pattern.test(pathname))?.scope
}

export const routeOf = (pathname: string | undefined): string =>
  pathname === undefined
    ? "unmatched"
    : (routeTemplates.find(({ pattern }) => pattern.test(pathname))?.template ?? "unmatched")

const requestIdOf = (headers: Readonly<Record<string, string | undefined>>): string => {
  const given = headers["x-request-id"]
  return given !== undefined && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID()
}

export const problemResponse = (p: Problem, requestId: string) =>
  HttpServerResponse.unsafeJson(
    { ...p, requestId },
    {
      status: p.status,
      contentType: "application/problem+json",
      headers: p.retryAfterSeconds === undefined ? {} : { "retry-after": String(p.retryAfterSeconds) }
    }
  )

/** Body limits, request id, deadline, problem+json, metrics and the access log, around every route. */
export const GatewayMiddleware = HttpApiBuilder.middleware(
  Effect.gen(function* () {
    const { maxBodyBytes, maxJsonDepth, requestDeadline } = yield* GatewayConfig
    // An over-limit body is still read (and discarded) up to this, so the 413 is not lost to a reset connection.
    const limits = { maxBytes: maxBodyBytes, maxDepth: maxJsonDepth, drainBytes: Math.max(4 * maxBodyBytes, 1 << 20) }
    const deadlineProblem = problem(504, "Request deadline exceeded", {
      detail: `the gateway answers every request within ${Duration.format(requestDeadline)}`
    })
    return (app) =>
      Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest
        const start = yield* Clock.currentTimeMillis
        const requestId = requestIdOf(request.headers)
        const route = routeOf(pathOf(request.url))
        const length = Number(request.headers["content-length"] ?? "0")
        const tooLarge = bodyTooLarge(maxBodyBytes)
        // Every body of this API is JSON: another media type (a multipart body would reach the platform's multipart
        // reader, which never completes on some inputs) is refused up front, and the body is read by `guardBody`.
        const refusal = length > maxBodyBytes ? tooLarge : mediaTypeRefusal(request.method, request.headers)
        let closeConnection = false
        const response = yield* (refusal === undefined ? app : Effect.fail(refusal)).pipe(
          Effect.provideService(HttpServerRequest.HttpServerRequest, guardBody(request, limits)),
          HttpIncomingMessage.withMaxBodySize(Option.some(maxBodyBytes)),
          Effect.timeoutFail({ duration: requestDeadline, onTimeout: () => deadlineProblem }),
          Effect.catchAll((error) =>
            Effect.succeed(
              problemResponse(
                isBodyRejected(error)
                  ? error.problem
                  : isBodyTooLarge(error)
                    ? tooLarge
                    : isUnreadableBody(error)
                      ? unreadable
                      : toProblem(error),
                requestId
              )
            )
          ),
          Effect.catchAllDefect((defect) => {
            // A body that cannot be read or parsed surfaces as a defect of the request decoding: the client's fault.
            if (isBodyRejected(defect)) {
              closeConnection = defect.close
              return Effect.succeed(problemResponse(defect.problem, requestId))
            }
            return isUnreadableBody(defect)
              ? Effect.succeed(problemResponse(isBodyTooLarge(defect) ? tooLarge : unreadable, requestId))
              : isUnionDiscriminatorCrash(defect)
                ? Effect.succeed(problemResponse(discriminatorProblem, requestId))
                : Effect.logError("unhandled defect", Cause.pretty(Cause.die(defect))).pipe(
                    Effect.as(problemResponse(problem(500, "Internal error"), requestId))
                  )
          })
        )
        const end = yield* Clock.currentTimeMillis
        recordRequest(route, request.method, response.status, end - start)
        yield* Effect.logInfo("request").pipe(
          Effect.annotateLogs({
            requestId,
            method: request.method,
            route,
            status: response.status,
            durationMs: end - start
          })
        )
        const withId = HttpServerResponse.setHeader(response, "x-request-id", requestId)
        return closeConnection ? HttpServerResponse.setHeader(withId, "connection", "close") : withId
      })
  })
)

const unreadable = problem(400, "Unreadable request body", { detail: "the body is not valid JSON" })

/**
 * Effect 3.22's Schema union decoding reads a discriminator with `String(input[name])`, which throws for a JSON
 * object whose `toString` is not a function (e.g. `{"type": {"toString": {}}}`): a defect, not a parse error.
 * Found by the gateway's fuzz test; the input is the client's fault, so it is a 400.
 */
const isUnionDiscriminatorCrash = (defect: unknown): boolean =>
  defect instanceof TypeError && defect.message === "Cannot convert object to primitive value"

const discriminatorProblem = problem(400, "Invalid request", {
  detail: "an object was sent where a type tag (a string) is expected"
})

const tagOf = (u: unknown): string | undefined =>
  typeof u === "object" && u !== null && "_tag" in u ? String((u as { _tag: unknown })._tag) : undefined

/** `@effect/platform-node` reports a body over `withMaxBodySize` as a `RequestError` caused by "maxBytes exceeded". */
const isBodyTooLarge = (error: unknown): boolean =>
  tagOf(error) === "RequestError" && /size|large|limit|maxBytes/i.test(String((error as { cause?: unknown }).cause))

/** A body that cannot be read: a request error, or a `multipart/form-data` body that does not parse (fuzz test). */
const isUnreadableBody = (error: unknown): boolean =>
  tagOf(error) === "RequestError" || tagOf(error) === "MultipartError"

/** `GatewayApi` with every handler group, docs and OpenAPI; needs the services the handlers use. */
export const ApiLive = HttpApiBuilder.api(GatewayApi).pipe(
  Layer.provide([TicketsHttp, LateRepliesHttp, AccountInformsHttp, ScoresHttp, ProfilesHttp, OpsHttp, AdminHttp]),
  Layer.provide(AuthenticationLive)
)

export const DocsLive = Layer.mergeAll(
  HttpApiBuilder.middlewareOpenApi({ path: "/openapi.json" }),
  HttpApiScalar.layer({ path: "/docs", scalar: { withDefaultFonts: false, hideTestRequestButton: false } }),
  ProblemPagesLive
)

/**
 * The Node server (HTTP, or HTTPS with `TLS_CERT_FILE`/`TLS_KEY_FILE`) on `HOST:PORT`. On shutdown it stops
 * accepting, lets in-flight requests finish, and closes what is left after `GATEWAY_SHUTDOWN_TIMEOUT`.
 */
export const NodeServerLive = Layer.unwrapScoped(
  Effect.gen(function* () {
    const settings = yield* GatewayConfig
    // Timeouts are checked at a quarter of the header timeout (at most every second), not Node's 30 s default.
    const connectionsCheckingInterval = Math.min(1_000, Math.max(50, Duration.toMillis(settings.headersTimeout) / 4))
    const server: Server = Option.match(settings.tls, {
      onNone: () => createNodeServer({ connectionsCheckingInterval }),
      onSome: ({ certFile, keyFile }) =>
        createNodeServer({
          connectionsCheckingInterval,
          tls: { cert: readFileSync(certFile), key: readFileSync(keyFile) }
        })
    })
    // Slow or idle clients cannot hold connections: the header block, the whole request and an idle keep-alive
    // connection are bounded, and so is the number of connections.
    server.headersTimeout = Duration.toMillis(settings.headersTimeout)
    server.requestTimeout = Duration.toMillis(settings.requestTimeout)
    server.keepAliveTimeout = Duration.toMillis(settings.keepAliveTimeout)
    server.maxConnections = settings.maxConnections
    const deadline = Layer.scopedDiscard(
      // Released before the server's own close (it depends on the server): while `close` waits for in-flight
      // requests, keep-alive connections that went idle are closed at once, and everything at the deadline.
      Effect.addFinalizer(() =>
        Effect.sync(() => {
          const idle = setInterval(() => server.closeIdleConnections(), 50).unref()
          server.once("close", () => clearInterval(idle))
          setTimeout(() => {
            clearInterval(idle)
            server.closeAllConnections()
          }, Duration.toMillis(settings.shutdownTimeout)).unref()
        })
      )
    )
    return Layer.provideMerge(
      deadline,
      NodeHttpServer.layer(() => server, { port: settings.port, host: settings.host })
    )
  })
)

/** Serves `ApiLive` (plus docs and the middleware) on the Node server. */
export const HttpLive = HttpApiBuilder.serve().pipe(
  Layer.provide([DocsLive, GatewayMiddleware]),
  Layer.provide(ApiLive),
  HttpServer.withLogAddress,
  Layer.provideMerge(NodeServerLive)
)
