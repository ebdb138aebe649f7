/**
 * Who is calling: the consumer an API key belongs to, with its scopes. Keys travel in `Authorization: Bearer <key>`
 * or `X-Api-Key`; `Authentication` (an `HttpApiMiddleware`) resolves them through `ApiKeys` (see `../ApiKeys.ts`).
 */
import { HttpApiMiddleware, HttpApiSecurity } from "@effect/platform"
import { Context, Effect, Schema } from "effect"
import { type Forbidden, TooManyRequests, Unauthorized, problem } from "./Problem.ts"

/** `ops`: `/metrics` and the per-check details of `/readyz` (for monitoring; grants nothing else). */
export const Scope = Schema.Literal("tickets:write", "tickets:read", "scores:read", "admin", "ops")
export type Scope = typeof Scope.Type
export const allScopes: ReadonlyArray<Scope> = Scope.literals

export interface ConsumerInfo {
  readonly name: string
  readonly scopes: ReadonlySet<Scope>
}

/** The authenticated consumer of the current request. */
export class Consumer extends Context.Tag("@its/gateway/Consumer")<Consumer, ConsumerInfo>() {}

export class Authentication extends HttpApiMiddleware.Tag<Authentication>()("@its/gateway/Authentication", {
  provides: Consumer,
  failure: Schema.Union(Unauthorized, TooManyRequests),
  security: {
    bearer: HttpApiSecurity.bearer,
    apiKey: HttpApiSecurity.apiKey({ in: "header", key: "X-Api-Key" })
  }
}) {}

/**
 * The scope an endpoint needs, by group: the one rule, used by `Authentication` (before the body is read) and by
 * the handlers (`requireScope`). In the `ops` group only `/metrics` needs a key (scope `ops`); `/healthz` and the
 * `/readyz` verdict are public.
 */
export const scopeOfEndpoint = (group: string, endpoint: string): Scope | undefined => {
  switch (group) {
    case "tickets":
      return endpoint === "informStatus" ? "tickets:read" : "tickets:write"
    case "ticketReplies":
      return "tickets:read"
    case "accountInforms":
      return "tickets:write"
    case "admin":
      return "admin"
    case "ops":
      return endpoint === "metrics" ? "ops" : undefined
    default:
      return "scores:read"
  }
}

/** Fails with 403 unless the consumer has the scope. */
export const requireScope = (scope: Scope): Effect.Effect<ConsumerInfo, Forbidden, Consumer> =>
  Effect.flatMap(Consumer, (consumer) =>
    consumer.scopes.has(scope)
      ? Effect.succeed(consumer)
      : Effect.fail(problem(403, "Missing scope", { detail: `this operation needs the scope ${scope}` }))
  )
