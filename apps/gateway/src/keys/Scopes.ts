/**
 * The one scope table: the scope each endpoint needs, by group (a `default` and per-endpoint exceptions; `public`:
 * no key). `Routes.ts` derives the route table from it and `GatewayApi` (checking that every group is listed), and
 * `Authentication` checks it before any handler runs, so handlers never check scopes themselves.
 */
import type { Scope } from "./Security.ts"

export type ScopeRule = Scope | "public"

export interface GroupScopes {
  readonly default: ScopeRule
  readonly [endpoint: string]: ScopeRule
}

export const endpointScopes = {
  tickets: { default: "tickets:write", informStatus: "tickets:read" },
  ticketReplies: { default: "tickets:read" },
  accountInforms: { default: "tickets:write" },
  scores: { default: "scores:read" },
  profiles: { default: "scores:read" },
  admin: { default: "admin" },
  // `/healthz` and the `/readyz` verdict are public; `/metrics` needs `ops`.
  ops: { default: "public", metrics: "ops" }
} as const satisfies Readonly<Record<string, GroupScopes>>

/** The scope of an endpoint of a group listed in the table. */
export const scopeOfEndpoint = (group: keyof typeof endpointScopes, endpoint: string): ScopeRule => {
  const scopes: GroupScopes = endpointScopes[group]
  return scopes[endpoint] ?? scopes.default
}
