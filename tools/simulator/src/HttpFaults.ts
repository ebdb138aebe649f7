/**
 * A token-endpoint-style `FaultStep` rendered for the simulated REST APIs and the data-plane upgrade, which answer
 * API-Gateway-style `{ "message": … }` bodies instead of Auth0's `{ error, error_description }`.
 */
import { type HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { NodeHttpServerRequest } from "@effect/platform-node"
import { Effect } from "effect"
import type { FaultStep } from "./FaultPlan.ts"

export type FaultOutcome = `fault:${number}` | "dropped" | "malformed"

export type NonOkStep = Exclude<FaultStep, { kind: "ok" }>

const reasons: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Endpoint request timed out"
}

/** API Gateway's reason phrase for `status` (`Simulated <status> fault` for the others). */
export const reasonOf = (status: number) => reasons[status] ?? `Simulated ${status} fault`

export const messageResponse = (status: number, message: string, headers: Record<string, string> = {}) =>
  HttpServerResponse.unsafeJson({ message }, { status, headers })

export const faultOutcome = (step: NonOkStep): FaultOutcome =>
  step.kind === "error" ? `fault:${step.status}` : step.kind === "drop" ? "dropped" : "malformed"

export interface FaultRendering {
  /** The body and headers of an `error` step (`retryAfter` is added as `Retry-After` here). */
  readonly error: (
    step: Extract<NonOkStep, { kind: "error" }>,
    headers: Record<string, string>
  ) => Effect.Effect<HttpServerResponse.HttpServerResponse>
  /** The JSON of a `malformed-json` step without a body of its own. */
  readonly malformedJson: unknown
  readonly headers?: Record<string, string>
}

/** API-Gateway style: `{ message }` with `error_description`, else `error`, else the reason phrase. */
export const gatewayRendering: FaultRendering = {
  error: (step, headers) =>
    Effect.succeed(
      messageResponse(step.status, step.error_description ?? step.error ?? reasonOf(step.status), headers)
    ),
  malformedJson: { unexpected: true }
}

/**
 * The response for a non-`ok` step: `error` → `status` with the rendering's body and `Retry-After`; `drop` destroys
 * the TCP socket (the fiber is then interrupted by the client abort); `malformed` → 200 HTML; `malformed-json` → 200
 * with the step's JSON. One implementation for the token endpoint (Auth0 bodies) and the REST APIs (gateway bodies).
 */
export const faultResponse = (
  request: HttpServerRequest.HttpServerRequest,
  step: NonOkStep,
  rendering: FaultRendering = gatewayRendering
): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
  const headers = rendering.headers ?? {}
  switch (step.kind) {
    case "error":
      return rendering.error(
        step,
        step.retryAfter === undefined ? headers : { ...headers, "retry-after": String(step.retryAfter) }
      )
    case "drop":
      return Effect.zipRight(
        Effect.sync(() => NodeHttpServerRequest.toIncomingMessage(request).socket.destroy()),
        Effect.never
      )
    case "malformed":
      return Effect.succeed(
        HttpServerResponse.text(step.body ?? "<html><body><h1>502 Bad Gateway</h1></body></html>", {
          contentType: "text/html",
          headers
        })
      )
    case "malformed-json":
      return Effect.succeed(HttpServerResponse.unsafeJson(step.body ?? rendering.malformedJson, { headers }))
  }
}
