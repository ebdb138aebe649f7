/**
 * The gateway's HTTP layer: `GatewayApi` implemented by the handler groups, API-key authentication, one API-wide
 * middleware (request id, body limit, problem+json for every failure, metrics, a JSON log line per request),
 * `/openapi.json` and `/docs` (Scalar, inlined: works offline). `HttpLive` serves it on Node (HTTP or HTTPS).
 */
import { createServer as createHttpServer, type Server } from "node:http"
import { createServer as createHttpsServer } from "node:https"
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
import { Cause, Clock, Duration, Effect, Layer, Option, Redacted } from "effect"
import { GatewayApi } from "./Api.ts"
import { ApiKeys } from "./ApiKeys.ts"
import { type Problem, problem, type Unauthorized } from "./api/Problem.ts"
import { Authentication, type Scope, scopeOfEndpoint } from "./api/Security.ts"
import { GatewayConfig } from "./GatewayConfig.ts"
import { toProblem } from "./http/Errors.ts"
import { AdminHttp, OpsHttp } from "./http/OpsHttp.ts"
import { ProfilesHttp } from "./http/ProfilesHttp.ts"
import { ScoresHttp } from "./http/ScoresHttp.ts"
import { TicketsHttp } from "./http/TicketsHttp.ts"
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
        const scope = scopeOfRoute(request.method, pathOf(request.url))
        if (scope !== undefined && !consumer.scopes.has(scope))
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

/** The path of a request target; not `new URL(…)`, which reads `//host/…` as a host and throws on odd ones. */
const pathOf = (target: string): string => target.split("?", 1)[0] ?? "/"

const bearerOf = (header: string | undefined): string =>
  header !== undefined && /^bearer /i.test(header) ? header.slice(7).trim() : ""

/** Route templates of every endpoint (for low-cardinality metric labels) with the scope each needs. */
const routeTemplates: ReadonlyArray<{
  readonly template: string
  readonly method: string
  readonly pattern: RegExp
  readonly scope: Scope | undefined
}> = (() => {
  const routes: Array<{ template: string; method: string; scope: Scope | undefined }> = [
    { template: "/openapi.json", method: "GET", scope: undefined },
    { template: "/docs", method: "GET", scope: undefined }
  ]
  HttpApi.reflect(GatewayApi, {
    onGroup: () => {},
    onEndpoint: ({ group, endpoint }) =>
      routes.push({
        template: endpoint.path,
        method: endpoint.method,
        scope: scopeOfEndpoint(group.identifier, endpoint.name)
      })
  })
  return routes.map((route) => ({
    ...route,
    pattern: new RegExp(`^${route.template.replaceAll(/:[A-Za-z]+/g, "[^/]+")}$`)
  }))
})()

const scopeOfRoute = (method: string, pathname: string): Scope | undefined =>
  routeTemplates.find((route) => route.method === method && route.pattern.test(pathname))?.scope

export const routeOf = (pathname: string): string =>
  routeTemplates.find(({ pattern }) => pattern.test(pathname))?.template ?? "unmatched"

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

/** Body limit, request id, problem+json, metrics and the access log, around every route. */
export const GatewayMiddleware = HttpApiBuilder.middleware(
  Effect.gen(function* () {
    const { maxBodyBytes } = yield* GatewayConfig
    return (app) =>
      Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest
        const start = yield* Clock.currentTimeMillis
        const requestId = requestIdOf(request.headers)
        const route = routeOf(pathOf(request.url))
        const length = Number(request.headers["content-length"] ?? "0")
        const tooLarge = problem(413, "Request body too large", {
          detail: `request bodies are limited to ${maxBodyBytes} bytes`
        })
        // Every body of this API is JSON. A multipart body would be parsed by the platform's multipart reader,
        // which never completes on some inputs (an empty body: found by the e2e fuzz test): refused up front.
        const multipart =
          request.method !== "GET" &&
          request.method !== "HEAD" &&
          /^\s*multipart\//i.test(request.headers["content-type"] ?? "")
        const refusal = length > maxBodyBytes ? tooLarge : multipart ? notJson : undefined
        const response = yield* (refusal === undefined ? app : Effect.fail(refusal)).pipe(
          HttpIncomingMessage.withMaxBodySize(Option.some(maxBodyBytes)),
          Effect.catchAll((error) =>
            Effect.succeed(
              problemResponse(
                isBodyTooLarge(error) ? tooLarge : isUnreadableBody(error) ? unreadable : toProblem(error),
                requestId
              )
            )
          ),
          Effect.catchAllDefect((defect) =>
            // A body that cannot be read or parsed surfaces as a defect of the request decoding: the client's fault.
            isUnreadableBody(defect)
              ? Effect.succeed(problemResponse(isBodyTooLarge(defect) ? tooLarge : unreadable, requestId))
              : isUnionDiscriminatorCrash(defect)
                ? Effect.succeed(problemResponse(discriminatorProblem, requestId))
                : Effect.logError("unhandled defect", Cause.pretty(Cause.die(defect))).pipe(
                    Effect.as(problemResponse(problem(500, "Internal error"), requestId))
                  )
          )
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
        return HttpServerResponse.setHeader(response, "x-request-id", requestId)
      })
  })
)

const unreadable = problem(400, "Unreadable request body", { detail: "the body is not valid JSON" })
const notJson = problem(400, "Unsupported request body", { detail: "request bodies are application/json" })

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
  Layer.provide([TicketsHttp, ScoresHttp, ProfilesHttp, OpsHttp, AdminHttp]),
  Layer.provide(AuthenticationLive)
)

export const DocsLive = Layer.mergeAll(
  HttpApiBuilder.middlewareOpenApi({ path: "/openapi.json" }),
  HttpApiScalar.layer({ path: "/docs", scalar: { withDefaultFonts: false, hideTestRequestButton: false } })
)

/**
 * The Node server (HTTP, or HTTPS with `TLS_CERT_FILE`/`TLS_KEY_FILE`) on `HOST:PORT`. On shutdown it stops
 * accepting, lets in-flight requests finish, and closes what is left after `GATEWAY_SHUTDOWN_TIMEOUT`.
 */
export const NodeServerLive = Layer.unwrapScoped(
  Effect.gen(function* () {
    const settings = yield* GatewayConfig
    const server: Server = Option.match(settings.tls, {
      onNone: () => createHttpServer(),
      onSome: ({ certFile, keyFile }) =>
        createHttpsServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }) as unknown as Server
    })
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
