/**
 * `/docs` in a real browser: headless Chromium (Debian's `chromium`, installed by the set-up like PostgreSQL) driven
 * by `playwright-core` against an in-process gateway. The page loads with no console error and no request outside
 * the gateway's origin (it works offline); Scalar's search finds the placement operation; a problem-type link opens
 * its page; screenshots of `/docs` and of the Grafana dashboard's layout (rendered from its JSON) are written to
 * `test-results/browser/` and are not blank. Skips with a message only where no browser can be installed; with
 * `CI` set it fails instead.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { type Browser, chromium, type Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { useGateway } from "../gateway/support.ts"
import { dashboardHtml } from "./dashboard.ts"
import { decodePng } from "./png.ts"

const root = join(import.meta.dirname, "../../../..")
const output = join(import.meta.dirname, "../../test-results/browser")
const executablePath = "/usr/bin/chromium"

const browserAvailable = (() => {
  const installed = spawnSync("bash", [join(root, "tools/scripts/apt-install.sh"), "chromium", "chromium"], {
    stdio: "inherit"
  })
  if (installed.status === 0 && existsSync(executablePath)) return true
  if (process.env.CI) throw new Error("chromium is missing and could not be installed (tools/scripts/apt-install.sh)")
  console.warn("SKIP browser tests: chromium is missing and cannot be installed here (Debian package chromium)")
  return false
})()

const gw = useGateway()
let browser: Browser | undefined

beforeAll(async () => {
  if (!browserAvailable) return
  mkdirSync(output, { recursive: true })
  browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] })
}, 60_000)

afterAll(async () => {
  await browser?.close()
})

interface Watched {
  readonly page: Page
  readonly errors: Array<string>
  readonly foreign: Array<string>
}

/** A page that records console errors, uncaught exceptions and every request outside the gateway's origin. */
const watchedPage = async (): Promise<Watched> => {
  const page = await (browser as Browser).newPage({ viewport: { width: 1400, height: 900 } })
  const errors: Array<string> = []
  const foreign: Array<string> = []
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${message.text()} (${message.location().url})`)
  })
  page.on("pageerror", (error) => errors.push(error.message))
  page.on("response", (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`)
  })
  page.on("request", (request) => {
    const url = request.url()
    if (new URL(url).origin !== gw.base && !url.startsWith("data:") && !url.startsWith("blob:")) foreign.push(url)
  })
  return { page, errors, foreign }
}

/** A screenshot that is a real picture: many distinct colours, not one flat colour. */
const expectNotBlank = (png: Buffer) => {
  const decoded = decodePng(png)
  expect(decoded.width).toBeGreaterThan(500)
  expect(decoded.colours).toBeGreaterThan(50)
}

describe.skipIf(!browserAvailable)("API docs in Chromium", () => {
  it("/docs renders offline, search finds the placement, a problem link opens its page", async () => {
    const { page, errors, foreign } = await watchedPage()
    await page.goto(`${gw.base}/docs`, { waitUntil: "networkidle" })
    await expect.poll(() => page.getByText("Place a ticket").first().isVisible(), { timeout: 15_000 }).toBe(true)
    await expect.poll(() => page.getByText("Getting started").first().isVisible()).toBe(true)
    const docsPng = await page.screenshot({ path: join(output, "docs.png") })
    expectNotBlank(docsPng)

    // Scalar's search (the sidebar's search button, also Ctrl+K).
    await page.locator('button:has-text("Search") >> visible=true').first().click()
    const search = page.locator('input:not([type="checkbox"]) >> visible=true').first()
    await search.waitFor({ state: "visible", timeout: 10_000 })
    await search.fill("placement")
    const hit = page.locator('[role="option"] >> visible=true', { hasText: "Place a ticket" }).first()
    await hit.waitFor({ state: "visible", timeout: 10_000 })
    await page.screenshot({ path: join(output, "docs-search.png") })
    await page.keyboard.press("Escape")

    // A problem-type link of the description opens its page.
    await page.goto(`${gw.base}/docs`, { waitUntil: "networkidle" })
    const link = page.locator('a[href="/docs/problems/ticket-outcome-unknown"]').first()
    await link.waitFor({ state: "attached", timeout: 15_000 })
    await link.scrollIntoViewIfNeeded()
    await Promise.all([page.waitForURL("**/docs/problems/ticket-outcome-unknown"), link.click()])
    await expect.poll(() => page.locator("h1").textContent()).toBe("Ticket outcome unknown")
    expect(await page.locator("body").textContent()).toContain("Do NOT resend blindly")
    expectNotBlank(await page.screenshot({ path: join(output, "problem-ticket-outcome-unknown.png") }))

    expect(errors).toEqual([])
    expect(foreign).toEqual([])
    await page.close()
  }, 90_000)

  it("renders the Grafana dashboard's layout from its JSON", async () => {
    const dashboard = JSON.parse(readFileSync(join(root, "deploy/grafana/its-gateway.json"), "utf8"))
    const { page, errors, foreign } = await watchedPage()
    await page.setContent(dashboardHtml(dashboard))
    for (const panel of dashboard.panels)
      expect(await page.getByText(panel.title, { exact: true }).first().isVisible(), panel.title).toBe(true)
    expectNotBlank(await page.screenshot({ path: join(output, "grafana-its-gateway.png"), fullPage: true }))
    expect(errors).toEqual([])
    expect(foreign).toEqual([])
    await page.close()
  }, 60_000)
})
