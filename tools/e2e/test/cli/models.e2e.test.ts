/**
 * `its scores`, `its accounts`, `its events`, `its tournaments`, `its rg` as subprocesses against a simulator started
 * here, straight to its model APIs (through the gateway: `gateway.e2e.test.ts`).
 */
import { describe, expect, it } from "vitest"
import { json, type Result } from "./cliProcess.ts"
import { useSimulatorCli } from "./simulatorCli.ts"

const { its } = useSimulatorCli()

// Independent commands of a test run concurrently (each process spends most of its time starting up).
describe("its model commands (subprocess, simulator)", () => {
  it("scores: lookups (exit 1 when a key is not found) and range scans", { timeout: 90_000 }, async () => {
    const [found, missing, range, human, badRange, noIds, bogus] = await Promise.all([
      its(["scores", "lbs", "--bookmaker", "1", "--customer", "cust-000002", "--json"]),
      its(["scores", "lbs", "--customer", "cust-000002,nobody", "--json"]),
      its(["scores", "sccf", "--range", "9..10", "--limit", "3", "--json"]),
      its(["scores", "bot", "--customer", "cust-000002,cust-000003"]),
      its(["scores", "lbs", "--range", "1..0"]),
      its(["scores", "lbs"]),
      its(["scores", "lbs", "--customer", "a", "--bogus"])
    ])
    expect(found.code).toBe(0)
    expect(json(found)).toMatchObject({
      model: "lbs",
      missing: [],
      items: [{ type: "C", item: { id: "cust-000002" } }]
    })
    expect(missing.code).toBe(1)
    expect(json(missing).missing).toEqual([{ type: "C", id: "nobody" }])
    expect(range.code).toBe(0)
    const items = json(range).items as unknown as Array<{ item: { sCcf: string } }>
    expect(items).toHaveLength(3)
    for (const { item } of items) expect(Number(item.sCcf)).toBeGreaterThanOrEqual(9)
    expect(human.stdout).toMatch(/^type\s+id\s+bscore/m)
    expect(human.stdout).not.toContain("cached")
    expect([badRange.code, noIds.code, bogus.code]).toEqual([2, 2, 2])
  })

  it("accounts list: a page, filters and sorts, --all (no progress: stderr is not a TTY)", {
    timeout: 90_000
  }, async () => {
    const [page, all, allHuman, bad] = await Promise.all([
      its(["accounts", "list", "--filter", "botScore:gte:0.5", "--sort", "botScore:desc", "--limit", "5", "--json"]),
      its(["accounts", "list", "--filter", "accountType:eq:T", "--all", "--json"]),
      its(["accounts", "list", "--filter", "accountType:eq:T", "--all"]),
      its(["accounts", "list", "--filter", "botScore:almost:1"])
    ])
    expect(page.code).toBe(0)
    const out = json(page)
    expect(out.items).toHaveLength(5)
    const scores = (out.items as unknown as Array<{ botScore: number }>).map((i) => i.botScore)
    expect([...scores].sort((a, b) => b - a)).toEqual(scores)
    expect(out.pagination).toMatchObject({ limit: 5 })
    expect(all.code).toBe(0)
    expect(json(all).items.length).toBeGreaterThan(5)
    // Progress is for a terminal only: piped stderr stays empty, with and without --json.
    expect(all.stderr).toBe("")
    expect(allHuman.code).toBe(0)
    expect(allHuman.stdout).toMatch(/\d+ account\(s\)/)
    expect(allHuman.stderr).toBe("")
    expect(bad.code).toBe(2)
  })

  it("events, tournaments, RG", { timeout: 90_000 }, async () => {
    const [events, tournaments, badEvent, noProfile] = await Promise.all([
      its(["events", "fetch", "sr:sport:1/sr:category:1/sr:tournament:17/sr:match:123", "--json"]),
      its(["tournaments", "fetch", "sr:sport:1/sr:category:1/sr:tournament:17", "--json"]),
      its(["events", "fetch", "sr:match:123"]),
      its(["rg", "profile", "--account", "nobody"])
    ])
    expect(events.code).toBe(0)
    expect(json(events).items).toHaveLength(1)
    expect(tournaments.code).toBe(0)
    expect(json(tournaments).items).toHaveLength(1)
    expect(badEvent.code).toBe(2)
    let profile: Result | undefined
    for (const account of ["cust-000001", "cust-000002", "cust-000003", "cust-000004", "cust-000005"]) {
      for (const sub of ["1", "2", "3"]) {
        const r = await its(["rg", "profile", "--sub-bookmaker", sub, "--account", account, "--json"])
        expect([0, 1]).toContain(r.code)
        if (r.code === 0) profile = r
        if (profile) break
      }
      if (profile) break
    }
    expect(profile).toBeDefined()
    const riskScore = json(profile!).riskScore as number
    expect(riskScore).toBeGreaterThanOrEqual(1)
    expect(riskScore).toBeLessThanOrEqual(100)
    expect(noProfile.code).toBe(1)
  })
})
