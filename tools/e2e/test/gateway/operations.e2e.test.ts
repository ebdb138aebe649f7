/**
 * The operations files that ship with the gateway match what it exports: every metric the alert rules
 * (`deploy/prometheus/alerts.yaml`) and the Grafana dashboard (`deploy/grafana/its-gateway.json`) reference is in a
 * `/metrics` scrape of a gateway that served some traffic (a lookup twice, a placement, an inform, a dead letter),
 * and that scrape and the rules pass `promtool check` (installed by the set-up; skipped only where it cannot be,
 * never in CI).
 */
import { execFileSync, spawnSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { bookmaker, informJson, keys, ticketJson, useGateway } from "./support.ts"

const root = join(import.meta.dirname, "../../../..")
const alertsFile = join(root, "deploy/prometheus/alerts.yaml")
const dashboardFile = join(root, "deploy/grafana/its-gateway.json")

const gw = useGateway()

/** Metric names in PromQL text: our prefixes; histogram series suffixes map to the family. */
const metricNames = (promql: string): Set<string> =>
  new Set([...promql.matchAll(/\b(?:its|effect)_[a-z0-9_]+\b/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, "")))

const dashboardExpressions = (): string => {
  const dashboard = JSON.parse(readFileSync(dashboardFile, "utf8"))
  return dashboard.panels
    .flatMap((panel: { targets?: Array<{ expr: string }> }) => (panel.targets ?? []).map((t) => t.expr))
    .join("\n")
}

/** Families (`# TYPE name type`) of a scrape. */
const families = (scrape: string) => new Set([...scrape.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1] as string))

const promtool = (() => {
  const installed = spawnSync("bash", [join(root, "tools/scripts/apt-install.sh"), "promtool", "prometheus"], {
    stdio: "inherit"
  })
  if (installed.status === 0) return "promtool"
  if (process.env.CI) throw new Error("promtool is missing and could not be installed (tools/scripts/apt-install.sh)")
  console.warn("SKIP promtool checks: promtool is missing and cannot be installed here (Debian package prometheus)")
  return undefined
})()

let scrape = ""

beforeAll(async () => {
  const lookup = `/v1/scores/lbs?bookmaker=${bookmaker}&customer=cust-000011`
  await gw.get(lookup, keys["scores:read"])
  await gw.get(lookup, keys["scores:read"])
  await gw.post("/v1/tickets/placement", ticketJson())
  await gw.post("/v1/tickets/inform?wait=true", informJson())
  await gw.run(gw.dataPlaneFaults.set({ script: [{ kind: "error-reply", code: -500, message: "down" }] }))
  await gw.post("/v1/tickets/inform?wait=true", informJson())
  await gw.run(gw.dataPlaneFaults.clear)
  const reply = await gw.get("/metrics", keys.ops)
  expect(reply.status, reply.text).toBe(200)
  scrape = reply.text
}, 60_000)

describe("alerts and dashboard", () => {
  it("every metric they reference is exported by the gateway", () => {
    const referenced = new Set([
      ...metricNames(readFileSync(alertsFile, "utf8")),
      ...metricNames(dashboardExpressions())
    ])
    expect(referenced.size).toBeGreaterThan(10)
    const exported = families(scrape)
    expect([...referenced].filter((name) => !exported.has(name))).toEqual([])
  })

  it("the name check would catch a metric that is not exported", () => {
    expect(metricNames('rate(its_gateway_no_such_total[5m]) + its_x_bucket{le="1"}')).toEqual(
      new Set(["its_gateway_no_such_total", "its_x"])
    )
    expect(families(scrape).has("its_gateway_no_such_total")).toBe(false)
  })

  it("the state gauges are current at scrape time", () => {
    expect(scrape).toMatch(/^its_gateway_dataplane_connected 1$/m)
    expect(scrape).toMatch(/^its_auth_token_seconds_to_expiry\{audience="[^"]+"\} [1-9]/m)
    expect(scrape).toMatch(/^its_gateway_outbox_dead_letters 1$/m)
  })

  it.skipIf(promtool === undefined)("promtool: the rules and the scrape pass", () => {
    const rules = execFileSync("promtool", ["check", "rules", alertsFile], { encoding: "utf8" })
    expect(rules).toContain("SUCCESS")
    const metrics = spawnSync("promtool", ["check", "metrics"], { input: scrape, encoding: "utf8" })
    expect(`${metrics.stdout}${metrics.stderr}`).toBe("")
    expect(metrics.status).toBe(0)
  })
})
