/**
 * `its … --via-gateway URL --api-key KEY` as a subprocess: a simulator and a gateway run in this process
 * (`openGateway` of `test/gateway/support.ts`), the CLI's direct ITS URL points at nothing (so every success went
 * through the gateway). Scores (the second lookup is served from the gateway's cache), accounts, profiles, RG,
 * tickets, LTD; exit codes for a wrong key (3), a key without the scope (3), no key (2), a stopped gateway (4, a
 * gateway of its own); no output carries an API key (each test's own output, and the last test's own commands).
 */
import { defaultModelsDataSettings } from "@its/simulator"
import { defaultTicketsSettings, example, Ticket } from "@its/tickets"
import { Schema } from "effect"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { everyOtherTestRan, type GatewayOptions, type OpenGateway, openGateway } from "../gateway/support.ts"
import { Children, cleanEnv, freePort, json, type Result } from "./cliProcess.ts"

const cliKey = "cli-test-key-0123456789"
const readOnlyKey = "ro-test-key-0123456789"
const wrongKey = "wrong-test-key-9876543210"
const keys = [cliKey, readOnlyKey, wrongKey]

/** This file's own keys; the simulator's and the Tickets client's defaults (its data: 50 000 accounts). */
const gatewayOptions: GatewayOptions = {
  population: defaultModelsDataSettings.population,
  rangePageSize: defaultModelsDataSettings.rangePageSize,
  tickets: defaultTicketsSettings,
  env: {
    GATEWAY_API_KEYS: JSON.stringify({
      keys: [
        { consumer: "cli", key: cliKey, scopes: ["tickets:write", "tickets:read", "scores:read", "admin"] },
        { consumer: "ro", key: readOnlyKey, scopes: ["scores:read"] }
      ]
    })
  }
}

const children = new Children()
let gateway: OpenGateway | undefined
let gatewayUrl = ""
let deadItsUrl = ""

const env = (extra: Record<string, string | undefined> = {}) => ({
  ...cleanEnv(),
  ITS_ENV: "local",
  // Nothing listens here: the CLI must not talk to ITS directly.
  ITS_API_URL: deadItsUrl,
  ITS_BOOKMAKER_ID: "1",
  ITS_HTTP_RETRIES: "0",
  ITS_TOKEN_RETRIES: "0",
  ITS_GATEWAY_URL: gatewayUrl,
  ITS_GATEWAY_API_KEY: cliKey,
  ...extra
})
const its = (args: ReadonlyArray<string>, extra?: Record<string, string | undefined>, stdin?: string) =>
  children.run(args, env(extra), stdin === undefined ? {} : { stdin })

const ticketJson = (ticketId: string) => {
  const encoded = Schema.encodeSync(Ticket)(example("single")) as unknown as Record<string, unknown>
  return JSON.stringify({ ...encoded, ticketId })
}

beforeAll(async () => {
  gateway = await openGateway(gatewayOptions)
  gatewayUrl = gateway.harness.base
  deadItsUrl = `http://127.0.0.1:${await freePort()}`
}, 60_000)

/** No API key in any output of `outputs`. */
const expectNoKeys = (outputs: ReadonlyArray<string>) => {
  for (const text of outputs) for (const key of keys) expect(text).not.toContain(key)
}

// Each test's own output is scanned after it, so every test asserts no key leaked in what it ran.
let capturedBefore = 0
beforeEach(() => {
  capturedBefore = children.captured.length
})
afterEach(() => {
  children.killAll()
  expectNoKeys(children.captured.slice(capturedBefore))
})

afterAll(async () => {
  await gateway?.close()
}, 30_000)

const codes = (results: ReadonlyArray<Result>) => results.map((r) => r.code)

describe("its --via-gateway (subprocess, gateway + simulator in this process)", () => {
  it("scores: a lookup, then the same lookup served from the gateway's cache (cached/age in the table)", {
    timeout: 60_000
  }, async () => {
    const args = ["scores", "lbs", "--customer", "cust-000002,cust-000003"]
    const first = await its([...args, "--json"])
    expect(first.code).toBe(0)
    const out = json(first)
    expect(out).toMatchObject({ model: "lbs", missing: [] })
    expect(out.items.map((i) => (i as unknown as { item: { id: string } }).item.id).sort()).toEqual([
      "cust-000002",
      "cust-000003"
    ])
    expect(out.accounts).toEqual([
      expect.objectContaining({ id: "cust-000002", cached: false }),
      expect.objectContaining({ id: "cust-000003", cached: false })
    ])
    const [second, human] = await Promise.all([its([...args, "--json"]), its(args)])
    expect(codes([second, human])).toEqual([0, 0])
    for (const account of json(second).accounts as Array<{ cached: boolean; ageSeconds: number }>) {
      expect(account.cached).toBe(true)
      expect(account.ageSeconds).toBeGreaterThanOrEqual(0)
    }
    expect(human.stdout).toMatch(/^type\s+id\s+lbs\s+.*cached\s+age$/m)
    expect(human.stdout).toMatch(/cust-000002\s.*\syes\s+\d+s$/m)
  })

  it("every model command through the gateway: missing key → 1, range, accounts, events, tournaments, RG", {
    timeout: 90_000
  }, async () => {
    const [missing, range, accounts, events, tournaments, rg, noRg] = await Promise.all([
      its(["scores", "lbs", "--customer", "cust-000002,nobody", "--json"]),
      its(["scores", "sccf", "--range", "9..10", "--limit", "3", "--json"]),
      its(["accounts", "list", "--filter", "botScore:gte:0.5", "--sort", "botScore:desc", "--limit", "4", "--json"]),
      its(["events", "fetch", "sr:sport:1/sr:category:1/sr:tournament:17/sr:match:123", "--json"]),
      its(["tournaments", "fetch", "sr:sport:1/sr:category:1/sr:tournament:17", "--json"]),
      its(["rg", "profile", "--sub-bookmaker", "1", "--account", "cust-000001", "--json"]),
      its(["rg", "profile", "--account", "nobody"])
    ])
    expect(missing.code).toBe(1)
    expect(json(missing).missing).toEqual([{ type: "C", id: "nobody" }])
    expect(range.code).toBe(0)
    const items = json(range).items as unknown as Array<{ item: { sCcf: string } }>
    expect(items).toHaveLength(3)
    for (const { item } of items) expect(Number(item.sCcf)).toBeGreaterThanOrEqual(9)
    expect(accounts.code).toBe(0)
    const scores = (json(accounts).items as unknown as Array<{ botScore: number }>).map((i) => i.botScore)
    expect(scores).toHaveLength(4)
    expect([...scores].sort((a, b) => b - a)).toEqual(scores)
    expect(json(accounts).pagination).toMatchObject({ limit: 4 })
    expect(events.code).toBe(0)
    expect(json(events).items).toHaveLength(1)
    expect(tournaments.code).toBe(0)
    expect(json(tournaments).items).toHaveLength(1)
    expect(rg.code).toBe(0)
    expect(json(rg)).toMatchObject({ playerId: "cust-000001" })
    expect(noRg.code).toBe(1)
    expect(noRg.stderr).toContain("no RG profile for account nobody")
  })

  it("tickets: place accepted, ack accepted, rejected → 1, invalid → 2 (nothing sent), LTD", {
    timeout: 90_000
  }, async () => {
    const ticket = ticketJson("Ticket_gw_1")
    const placed = await its(["ticket", "place", "--file", "-", "--json"], {}, ticket)
    expect(placed.code).toBe(0)
    const reply = json(placed)
    expect(reply).toMatchObject({ type: "ticket-reply", status: "accepted", code: 0, ticketId: "Ticket_gw_1" })
    expect(typeof reply.signature).toBe("string")
    const ack = JSON.stringify({
      type: "ticket-ack",
      ticketId: reply.ticketId,
      ticketSignature: reply.signature,
      acknowledged: true
    })
    const rejectedTicket = ticketJson("Ticket_rejected").replace('"marketId":"1"', '"marketId":"999"')
    const [acked, rejected, invalid, ltd, human] = await Promise.all([
      its(["ticket", "ack", "--file", "-", "--json"], {}, ack),
      its(["ticket", "place", "--file", "-", "--json"], {}, rejectedTicket),
      its(["ticket", "place", "--file", "-"], {}, '{"type":"ticket"}'),
      its(["ltd", "--file", "-", "--json"], {}, ticketJson("Ticket_gw_ltd")),
      its(["ticket", "place", "--file", "-"], {}, ticketJson("Ticket_gw_2"))
    ])
    expect(acked.code).toBe(0)
    expect(json(acked)).toMatchObject({ type: "ticket-ack-reply", status: "accepted", ticketId: "Ticket_gw_1" })
    expect(rejected.code).toBe(1)
    expect(json(rejected)).toMatchObject({ status: "rejected", code: -405 })
    expect(invalid.code).toBe(2)
    expect(invalid.stderr).toContain("validation failed")
    expect(ltd.code).toBe(0)
    expect(json(ltd)).toHaveProperty("ltdModelSuggestion")
    expect(human.code).toBe(0)
    expect(human.stdout).toMatch(/^status\s+accepted$/m)
  })

  it("exit 3 on a wrong key or a key without the scope, 2 without a key", { timeout: 90_000 }, async () => {
    const lookup = ["scores", "lbs", "--customer", "cust-000002"]
    const [wrong, wrongFlag, verbose, readOnlyTicket, readOnlyScores, noKey, help] = await Promise.all([
      its([...lookup, "--json"], { ITS_GATEWAY_API_KEY: wrongKey }),
      its([...lookup, "--api-key", wrongKey], { ITS_GATEWAY_API_KEY: undefined }),
      its([...lookup, "--verbose"], { ITS_GATEWAY_API_KEY: wrongKey }),
      its(
        ["ticket", "place", "--file", "-", "--verbose"],
        { ITS_GATEWAY_API_KEY: readOnlyKey },
        ticketJson("Ticket_ro")
      ),
      its([...lookup, "--api-key", readOnlyKey, "--json"], { ITS_GATEWAY_API_KEY: undefined }),
      its(lookup, { ITS_GATEWAY_API_KEY: undefined }),
      its(["token", "--help"])
    ])
    expect(wrong.code).toBe(3)
    expect(json(wrong)).toMatchObject({ error: { code: 3, type: "Gateway401" } })
    expect(wrongFlag.code).toBe(3)
    expect(wrongFlag.stderr).toMatch(/^its: gateway 401/m)
    expect(wrongFlag.stderr).toMatch(/^hint: check --api-key/m)
    expect(verbose.code).toBe(3)
    expect(readOnlyTicket.code).toBe(3)
    expect(readOnlyTicket.stderr).toMatch(/^its: gateway 403: .*tickets:write/m)
    expect(readOnlyScores.code).toBe(0)
    expect(noKey.code).toBe(2)
    expect(noKey.stderr).toContain("--via-gateway needs an API key")
    expect(help.stdout).toContain("Always direct to ITS")
    expect(help.stdout).toContain("--via-gateway")
  })

  it("exit 4 once the gateway is stopped", { timeout: 60_000 }, async () => {
    // A gateway of its own, up then stopped: the shared one stays up for the other tests, whatever their order.
    const own = await openGateway(gatewayOptions)
    const stoppedUrl = own.harness.base
    expect((await own.harness.get("/healthz")).status).toBe(200)
    await own.close()
    const [down, downJson] = await Promise.all([
      its(["scores", "lbs", "--customer", "cust-000002"], { ITS_GATEWAY_URL: stoppedUrl }),
      its(["ticket", "place", "--file", "-", "--json"], { ITS_GATEWAY_URL: stoppedUrl }, ticketJson("Ticket_down"))
    ])
    expect(down.code).toBe(4)
    expect(down.stderr).toMatch(/^hint: is the gateway reachable/m)
    expect(downJson.code).toBe(4)
    expect(json(downJson)).toMatchObject({ error: { code: 4 } })
  })

  it("no output contained an API key", { timeout: 90_000 }, async ({ task }) => {
    // Its own commands first (a success and the refusals, where a key is most likely echoed), so it scans something
    // when run alone; the ≥ 40 outputs of the other tests are required when they all ran.
    const own = await Promise.all([
      its(["scores", "lbs", "--customer", "cust-000002", "--verbose"]),
      its(["scores", "lbs", "--customer", "cust-000002", "--json"], { ITS_GATEWAY_API_KEY: wrongKey }),
      its(["scores", "lbs", "--customer", "cust-000002", "--api-key", wrongKey, "--verbose"], {
        ITS_GATEWAY_API_KEY: undefined
      }),
      its(["ticket", "place", "--file", "-", "--verbose"], { ITS_GATEWAY_API_KEY: readOnlyKey }, ticketJson("Ticket_k"))
    ])
    expect(codes(own)).toEqual([0, 3, 3, 3])
    // Two outputs (stdout, stderr) per command.
    const ownOutputs = own.length * 2
    expect(children.captured.length).toBeGreaterThanOrEqual(everyOtherTestRan(task) ? 40 + ownOutputs : ownOutputs)
    expectNoKeys(children.captured)
  })
})
