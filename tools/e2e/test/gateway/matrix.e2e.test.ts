/**
 * The scope × route matrix. Routes are enumerated from `GatewayApi` with `HttpApi.reflect`, so a new route cannot be
 * forgotten; the scope each needs comes from the rule written down here (README "API" table), not from the
 * gateway's own table, so a route guarded by the wrong scope fails.
 */
import { HttpApi } from "@effect/platform"
import { GatewayApi } from "@its/gateway"
import { describe, expect, it } from "vitest"
import { allScopes, expectNoSecretsInFile, expectProblem, keys, type ScopeName, useGateway } from "./support.ts"

const gw = useGateway()

interface Route {
  readonly group: string
  readonly name: string
  readonly method: string
  readonly template: string
  readonly scope: ScopeName | undefined
}

/** README: tickets:write for ticket operations, tickets:read for an inform's status, admin, ops for /metrics. */
const expectedScope = (group: string, name: string): ScopeName | undefined => {
  if (group === "tickets") return name === "informStatus" ? "tickets:read" : "tickets:write"
  if (group === "ticketReplies") return "tickets:read"
  if (group === "accountInforms") return "tickets:write"
  if (group === "admin") return "admin"
  if (group === "ops") return name === "metrics" ? "ops" : undefined
  if (group === "scores" || group === "profiles") return "scores:read"
  throw new Error(`group ${group} is not in the scope rule of this test: add it`)
}

const routes: Array<Route> = []
HttpApi.reflect(GatewayApi, {
  onGroup: () => {},
  onEndpoint: ({ group, endpoint }) =>
    routes.push({
      group: group.identifier,
      name: endpoint.name,
      method: endpoint.method,
      template: endpoint.path,
      scope: expectedScope(group.identifier, endpoint.name)
    })
})

const pathOf = (template: string) =>
  template.replaceAll(/:([A-Za-z]+)/g, (_, name: string) =>
    name === "bookmaker" ? "9999" : name === "subBookmaker" ? "1" : name === "account" ? "cust-000001" : "x1"
  )

const send = (route: Route, auth: { key?: string; apiKey?: string } = {}) =>
  gw.call(pathOf(route.template), {
    method: route.method,
    ...(route.method === "GET" || route.method === "HEAD" ? {} : { body: "{}" }),
    ...auth
  })

describe("routes of GatewayApi", () => {
  it("are all enumerated (every route of the README) and all in the OpenAPI document", async () => {
    expect(routes.length).toBeGreaterThanOrEqual(30)
    const names = new Set(routes.map((r) => `${r.method} ${r.template}`))
    for (const route of [
      "POST /v1/tickets/placement",
      "POST /v1/tickets/inform",
      "GET /v1/tickets/inform/:id",
      "POST /v1/tickets/ltd",
      "POST /v1/accounts/informs",
      "GET /v1/scores/ccf/range",
      "GET /v1/accounts",
      "GET /v1/rg/profile/:bookmaker/:subBookmaker/:account",
      "POST /v1/admin/outbox/:id/requeue",
      "GET /metrics"
    ])
      expect(names, route).toContain(route)
    const doc = (await gw.get("/openapi.json")).json
    for (const route of routes) {
      const path = route.template.replaceAll(/:([A-Za-z]+)/g, "{$1}")
      expect(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${path} in OpenAPI`).toBeDefined()
    }
  })
})

describe("scope × route", () => {
  for (const route of routes) {
    const label = `${route.method} ${route.template}`
    if (route.scope === undefined) {
      it(`${label}: no key needed`, async () => {
        const reply = await send(route)
        expect([401, 403]).not.toContain(reply.status)
        expect(reply.status).toBeLessThan(400)
      })
      continue
    }
    it(`${label}: 401 without/with a bad key, 403 without ${route.scope}, neither with it`, async () => {
      expectProblem(await send(route), 401)
      expectProblem(await send(route, { key: "no-such-key-0123456789" }), 401)
      expectProblem(await send(route, { apiKey: "no-such-key-0123456789" }), 401)
      for (const scope of allScopes) {
        // Bearer and X-Api-Key alike.
        for (const auth of [{ key: keys[scope] }, { apiKey: keys[scope] }]) {
          const reply = await send(route, auth)
          if (scope === route.scope) {
            expect(
              [401, 403],
              `${label} with ${scope} ${JSON.stringify(Object.keys(auth))}: ${reply.text}`
            ).not.toContain(reply.status)
          } else {
            const problem = expectProblem(reply, 403)
            expect(problem.detail, `${label} with ${scope}`).toContain(route.scope)
          }
        }
      }
      const all = await send(route, { key: keys.all })
      expect([401, 403], `${label} with every scope`).not.toContain(all.status)
    })
  }
})

describe("secrets", () => {
  it("no response carried the client secret, a token or an API key", async ({ task }) => {
    await expectNoSecretsInFile(gw, task, routes.length * 5)
  })
})
