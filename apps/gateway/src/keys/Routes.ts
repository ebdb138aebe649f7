/**
 * The route table: every endpoint of `GatewayApi` (plus `/openapi.json`, `/docs` and its script) with its template (a
 * low-cardinality metric label) and the scope it needs, read from the one scope table (`Scopes.ts`). Scope
 * resolution fails closed: a route or method the table does not know, or a path that does not decode, has none.
 */
import { HttpApi, type HttpApiGroup } from "@effect/platform"
import { GatewayApi } from "../Api.ts"
import { type GroupScopes, type ScopeRule, endpointScopes, scopeOfEndpoint } from "./Scopes.ts"

type GroupName =
  GatewayApi extends HttpApi.HttpApi<string, infer Groups, unknown, unknown>
    ? HttpApiGroup.HttpApiGroup.Name<Groups>
    : never

/** Every group of `GatewayApi` has its scopes in the table (a new group without them does not compile). */
const everyGroupListed: Readonly<Record<GroupName, GroupScopes>> = endpointScopes

const isListed = (group: string): group is keyof typeof endpointScopes => Object.hasOwn(everyGroupListed, group)

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

interface Route {
  readonly template: string
  readonly method: string
  readonly pattern: RegExp
  readonly scope: ScopeRule | undefined
}

const routes: ReadonlyArray<Route> = (() => {
  const found: Array<Omit<Route, "pattern">> = [
    { template: "/openapi.json", method: "GET", scope: "public" },
    { template: "/docs", method: "GET", scope: "public" },
    { template: "/docs/scalar.js", method: "GET", scope: "public" }
  ]
  HttpApi.reflect(GatewayApi, {
    onGroup: () => {},
    onEndpoint: ({ group, endpoint }) =>
      found.push({
        template: endpoint.path,
        method: endpoint.method,
        scope: isListed(group.identifier) ? scopeOfEndpoint(group.identifier, endpoint.name) : undefined
      })
  })
  return found.map((route) => ({
    ...route,
    pattern: new RegExp(`^${route.template.replaceAll(/:[A-Za-z]+/g, "[^/]+")}$`)
  }))
})()

/** The scope of a route ("public": none needed); `undefined` for a route or method that is not in the table. */
export const scopeOfRoute = (method: string, pathname: string | undefined): ScopeRule | undefined => {
  if (pathname === undefined) return undefined
  const asMethod = method === "HEAD" ? "GET" : method
  return routes.find((route) => route.method === asMethod && route.pattern.test(pathname))?.scope
}

/** The route template of a path (a metric label), `unmatched` when none. */
export const routeOf = (pathname: string | undefined): string =>
  pathname === undefined ? "unmatched" : (routes.find(({ pattern }) => pattern.test(pathname))?.template ?? "unmatched")
