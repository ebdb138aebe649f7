/**
 * The `type` URI of a problem+json answer resolves on the gateway to an HTML page (cause, what to do, an example),
 * for every problem type of the catalogue; an unknown type is a 404 page.
 */
import { describe, expect, it } from "vitest"
import { problemSlug, problemTypes } from "../../../../apps/gateway/src/problems/ProblemTypes.ts"
import { bookmaker, expectProblem, keys, useGateway } from "./support.ts"

const gw = useGateway()

describe("problem pages", () => {
  it("the type of real problems resolves to its page", async () => {
    const answers = [
      expectProblem(await gw.get(`/v1/scores/lbs?bookmaker=${bookmaker}&customer=cust-000001`), 401),
      expectProblem(await gw.get(`/v1/scores/lbs?bookmaker=${bookmaker}`, keys["scores:read"]), 400),
      expectProblem(await gw.post("/v1/tickets/placement", { type: "ticket" }, keys["scores:read"]), 403)
    ]
    for (const problem of answers) {
      const page = await gw.get(problem.type)
      expect(page.status, problem.type).toBe(200)
      expect(page.headers.get("content-type")).toContain("text/html")
      expect(page.text).toContain(`<h1>${problem.title}</h1>`)
      expect(page.text).toContain("What to do")
    }
  })

  it("every catalogued type has a page, listed on the index; an unknown type is 404", async () => {
    const index = await gw.get("/docs/problems")
    expect(index.status).toBe(200)
    for (const type of problemTypes) {
      const path = `/docs/problems/${problemSlug(type.title)}`
      expect(index.text).toContain(`href="${path}"`)
      const page = await gw.get(path)
      expect(page.status, path).toBe(200)
      expect(page.text).toContain(`HTTP ${type.status}`)
    }
    const unknown = await gw.get("/docs/problems/no-such-problem")
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get("content-type")).toContain("text/html")
  })
})
