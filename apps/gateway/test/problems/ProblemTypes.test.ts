/**
 * The problem-type catalogue is complete: every title the gateway's sources pass to `problem(status, "Title", …)`
 * has a page (so every `type` URI resolves), with the same status; the pages carry cause, action and an example body.
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { problemIndexPage, problemPage } from "../../src/problems/ProblemPages.ts"
import { problemSlug, problemTypeOf, problemTypes } from "../../src/problems/ProblemTypes.ts"

const sources = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : []
  })

/** `problem(404, "Inform not found"` (possibly across lines) in the sources. */
const usedTitles = () =>
  sources(join(import.meta.dirname, "../../src")).flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(/\bproblem\(\s*(\d{3}),\s*"([^"]+)"/g)].map((m) => ({
      file: file.slice(file.indexOf("src/")),
      status: Number(m[1]),
      title: m[2] as string
    }))
  )

describe("problem types", () => {
  it("every title used in the sources has a page with the same status", () => {
    const used = usedTitles()
    expect(used.length).toBeGreaterThan(20)
    const missing = used.filter(({ title, status }) => problemTypeOf(problemSlug(title))?.status !== status)
    expect(missing, "add them to src/problems/ProblemTypes.ts").toEqual([])
  })

  it("slugs are unique and each page has the cause, what to do and an example body", () => {
    const slugs = problemTypes.map((p) => problemSlug(p.title))
    expect(new Set(slugs).size).toBe(slugs.length)
    for (const type of problemTypes) {
      const html = problemPage(type)
      expect(html).toContain("<h2>Cause</h2>")
      expect(html).toContain("<h2>What to do</h2>")
      expect(html).toContain(`&quot;status&quot;: ${type.status}`)
      expect(html).toContain(`/docs/problems/${problemSlug(type.title)}`)
      expect(problemIndexPage()).toContain(`href="/docs/problems/${problemSlug(type.title)}"`)
    }
  })

  it("escapes HTML in the catalogue's texts", () => {
    const html = problemPage({ status: 400, title: "<x>", cause: "a <b>", action: "`c`", example: {} })
    expect(html).toContain("&lt;x&gt;")
    expect(html).not.toContain("<b>")
    expect(html).toContain("<code>c</code>")
  })
})
