/**
 * The API-wide middleware around every route: body limits (`Body.ts`), the request id, the per-request deadline,
 * problem+json for every failure (handlers' problems as they are, the platform's request errors through
 * `problems/RequestErrors.ts`), metrics and a JSON access-log line per request.
 */
import { HttpApiBuilder, HttpIncomingMessage, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Cause, Clock, Duration, Effect, Option } from "effect"
import { GatewayConfig } from "../GatewayConfig.ts"
import { pathOf, routeOf } from "../keys/Routes.ts"
import { recordRequest } from "../observability/HttpMetrics.ts"
import { type Problem, problem, problemBody } from "../problems/Problem.ts"
import {
  discriminatorProblem,
  isBodyTooLarge,
  isUnionDiscriminatorCrash,
  isUnreadableBody,
  requestProblem,
  unexpectedProblem,
  unreadable
} from "../problems/RequestErrors.ts"
import { guardBody, isBodyRejected, mediaTypeRefusal, tooLarge as bodyTooLarge } from "./Body.ts"
import { requestIdOf } from "../observability/RequestId.ts"
import { AccessLog } from "../observability/AccessLog.ts"

/** A problem as its problem+json response (`Retry-After` where it applies). */
export const problemResponse = (p: Problem, requestId: string) =>
  HttpServerResponse.unsafeJson(problemBody(p, requestId), {
    status: p.status,
    contentType: "application/problem+json",
    headers: p.retryAfterSeconds === undefined ? {} : { "retry-after": String(p.retryAfterSeconds) }
  })

/** The 504 of a request not answered within `GATEWAY_REQUEST_DEADLINE`. */
export const deadlineExceeded = (deadline: Duration.Duration) =>
  problem(504, "Request deadline exceeded", {
    detail: `the gateway answers every request within ${Duration.format(deadline)}`
  })

/** Body limits, request id, deadline, problem+json, metrics and the access log, around every route. */
export const GatewayMiddleware = HttpApiBuilder.middleware(
  Effect.gen(function* () {
    const { maxBodyBytes, maxJsonDepth, requestDeadline } = yield* GatewayConfig
    const accessLog = yield* AccessLog
    // An over-limit body is still read (and discarded) up to this, so the 413 is not lost to a reset connection.
    const limits = { maxBytes: maxBodyBytes, maxDepth: maxJsonDepth, drainBytes: Math.max(4 * maxBodyBytes, 1 << 20) }
    const tooLarge = bodyTooLarge(maxBodyBytes)
    const deadlineProblem = deadlineExceeded(requestDeadline)
    return (app) =>
      Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest
        const start = yield* Clock.currentTimeMillis
        const requestId = requestIdOf(request.headers)
        const route = routeOf(pathOf(request.url))
        const length = Number(request.headers["content-length"] ?? "0")
        // Every body of this API is JSON: another media type (a multipart body would reach the platform's multipart
        // reader, which never completes on some inputs) is refused up front, and the body is read by `guardBody`.
        const refusal = length > maxBodyBytes ? tooLarge : mediaTypeRefusal(request.method, request.headers)
        let closeConnection = false
        const response = yield* (refusal === undefined ? app : Effect.fail(refusal)).pipe(
          Effect.provideService(HttpServerRequest.HttpServerRequest, guardBody(request, limits)),
          HttpIncomingMessage.withMaxBodySize(Option.some(maxBodyBytes)),
          Effect.timeoutFail({ duration: requestDeadline, onTimeout: () => deadlineProblem }),
          Effect.catchAll((error: unknown) => {
            if (isBodyRejected(error)) return Effect.succeed(problemResponse(error.problem, requestId))
            const known = requestProblem(error, tooLarge)
            return known !== undefined
              ? Effect.succeed(problemResponse(known, requestId))
              : Effect.succeed(problemResponse(unexpectedProblem(error), requestId))
          }),
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
        accessLog.write({ requestId, method: request.method, route, status: response.status, durationMs: end - start })
        const withId = HttpServerResponse.setHeader(response, "x-request-id", requestId)
        return closeConnection ? HttpServerResponse.setHeader(withId, "connection", "close") : withId
      })
  })
)
