/** Scope resolution fails closed (issue 14): unknown routes and undecodable paths have no scope; HEAD is GET. */
import { describe, expect, it } from "@effect/vitest"
import { pathOf, scopeOfRoute } from "../../src/keys/Routes.ts"

describe("scopeOfRoute", () => {
  it("knows every API route, HEAD as GET", () => {
    expect(scopeOfRoute("GET", pathOf("/v1/admin/outbox/dead"))).toBe("admin")
    expect(scopeOfRoute("HEAD", pathOf("/v1/admin/outbox/dead"))).toBe("admin")
    expect(scopeOfRoute("GET", pathOf("/metrics"))).toBe("ops")
    expect(scopeOfRoute("GET", pathOf("/healthz"))).toBe("public")
    expect(scopeOfRoute("POST", pathOf("/v1/tickets/inform?wait=true"))).toBe("tickets:write")
  })

  it("percent-encoded paths are decoded before matching", () => {
    expect(pathOf("/v1/%61dmin/outbox/dead")).toBe("/v1/admin/outbox/dead")
    expect(scopeOfRoute("GET", pathOf("/v1/%61dmin/outbox/%64ead"))).toBe("admin")
  })

  it("an unknown route or method, or a path that does not decode, has no scope (denied)", () => {
    expect(scopeOfRoute("GET", pathOf("/v1/nothing"))).toBeUndefined()
    expect(scopeOfRoute("DELETE", pathOf("/v1/admin/outbox/dead"))).toBeUndefined()
    expect(pathOf("/v1/admin/%zz")).toBeUndefined()
    expect(scopeOfRoute("GET", pathOf("/v1/admin/%zz"))).toBeUndefined()
  })
})
