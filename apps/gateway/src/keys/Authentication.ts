/**
 * `Authentication`'s implementation: the API key (Bearer or X-Api-Key) → its consumer (`ApiKeys`: 401, or 429 over
 * its rate limit), then the route's scope from the route table (403), before the body is read (a consumer without
 * the scope gets 403, not a validation error about a body it may not send). When both schemes fail, the answer is
 * about the key that was actually sent.
 */
import { HttpServerRequest } from "@effect/platform"
import { Effect, Layer, Option, Redacted } from "effect"
import { problem } from "../problems/Problem.ts"
import { ApiKeys } from "./ApiKeys.ts"
import { pathOf, scopeOfRoute } from "./Routes.ts"
import { Authentication, presentedKey } from "./Security.ts"

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
          return yield* problem(403, "Unknown operation", { detail: "no scope is defined for this route" })
        if (scope !== "public" && !consumer.scopes.has(scope))
          return yield* problem(403, "Missing scope", { detail: `this operation needs the scope ${scope}` })
        return consumer
      })
    return {
      bearer: authorize,
      apiKey: (key) =>
        Redacted.value(key) !== ""
          ? authorize(key)
          : Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
              authorize(Redacted.make(Option.getOrElse(presentedKey(request.headers), () => "")))
            )
    }
  })
)
