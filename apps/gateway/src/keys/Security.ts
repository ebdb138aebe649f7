/**
 * Who is calling: the consumer an API key belongs to, with its scopes. Keys travel in `Authorization: Bearer <key>`
 * or `X-Api-Key`; `Authentication` (an `HttpApiMiddleware`) resolves them through `ApiKeys` and checks the route's
 * scope from the one scope table (`Scopes.ts`) before the handler runs (`Authentication.ts`).
 */
import { HttpApiMiddleware, HttpApiSecurity } from "@effect/platform"
import { Context, Option, Schema } from "effect"
import { Forbidden, TooManyRequests, Unauthorized } from "../problems/Problem.ts"

/** `ops`: `/metrics` and the per-check details of `/readyz` (for monitoring; grants nothing else). */
export const Scope = Schema.Literal("tickets:write", "tickets:read", "scores:read", "admin", "ops")
export type Scope = typeof Scope.Type
export const allScopes: ReadonlyArray<Scope> = Scope.literals

export interface ConsumerInfo {
  readonly name: string
  readonly scopes: ReadonlySet<Scope>
}

/** The authenticated consumer of the current request (its scope for the route already checked). */
export class Consumer extends Context.Tag("@its/gateway/Consumer")<Consumer, ConsumerInfo>() {}

export class Authentication extends HttpApiMiddleware.Tag<Authentication>()("@its/gateway/Authentication", {
  provides: Consumer,
  failure: Schema.Union(Unauthorized, Forbidden, TooManyRequests),
  security: {
    bearer: HttpApiSecurity.bearer,
    apiKey: HttpApiSecurity.apiKey({ in: "header", key: "X-Api-Key" })
  }
}) {}

/**
 * The key a request presents: `Authorization: Bearer <key>` (scheme case-insensitive), else `X-Api-Key`. The one
 * place a key is read from headers (the middleware's fallback and `/readyz`'s optional identification).
 */
export const presentedKey = (headers: Readonly<Record<string, string | undefined>>): Option.Option<string> => {
  const auth = headers.authorization
  if (auth !== undefined && /^bearer /i.test(auth)) return Option.some(auth.slice(7).trim())
  return Option.fromNullable(headers["x-api-key"])
}
