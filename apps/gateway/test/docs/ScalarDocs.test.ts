import { OpenApi } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { GatewayApi } from "../../src/Api.ts"
import { docsPage, scalarScript } from "../../src/docs/ScalarDocs.ts"

describe("/docs", () => {
  const spec = OpenApi.fromApi(GatewayApi)

  it("the page carries the spec inline and loads Scalar from the gateway itself", () => {
    const page = docsPage(spec, "/docs/scalar.js")
    expect(page).toContain('<script src="/docs/scalar.js"></script>')
    const json = page.match(/<script id="api-reference" type="application\/json">([\s\S]*?)<\/script>/)?.[1]
    expect(JSON.parse(json ?? "null")).toEqual(JSON.parse(JSON.stringify(spec)))
    // No other origin: the docs work offline.
    expect(page).not.toMatch(/(src|href)=["']?https?:/i)
  })

  it("text from the spec cannot close the script block or inject markup", () => {
    const hostile = { ...spec, info: { ...spec.info, title: "<b>x</b>", description: "</script><script>alert(1)" } }
    const page = docsPage(hostile, "/docs/scalar.js")
    expect(page).not.toContain("</script><script>alert(1)")
    expect(page).not.toContain("<b>x</b>")
    expect(page).toContain("\\u003c/script>")
  })

  it("the script is @effect/platform's Scalar build (read from the package when running from sources)", () => {
    const script = scalarScript()
    expect(script.length).toBeGreaterThan(1_000_000)
    expect(script).toContain("@scalar/api-reference")
  })
})
