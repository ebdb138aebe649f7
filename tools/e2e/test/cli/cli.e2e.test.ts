/**
 * The `its` command as a real subprocess (`node apps/cli/bin/its.mjs …`) against a simulator started here on
 * 127.0.0.1 (port 0, ticket semantics on the data plane): every command's happy path, `--json` parsed, exit codes per
 * failure class, stdin input, credential import with a key pair generated here, and a scan of every captured output
 * for the client secret and access tokens.
 */
import { Simulator, SimulatorInfo, TicketHandler, TicketLedger } from "@its/simulator"
import { Context, Effect, Exit, Layer, Scope } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import * as openpgp from "openpgp"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"

const bin = fileURLToPath(new URL("../../../../apps/cli/bin/its.mjs", import.meta.url))
const secret = "its-sim-secret"
const wrongSecret = "not-the-secret-4711"
const jwt = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/

interface Result {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const children = new Set<ChildProcess>()
/** Every output the secret scan covers (all but the one `token --show`). */
const captured: Array<string> = []
let baseUrl = ""
let scope: Scope.CloseableScope
const dir = mkdtempSync(join(tmpdir(), "its-cli-e2e-"))

const baseEnv = (): Record<string, string> => {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith("ITS_") && !k.startsWith("SIM_")) env[k] = v
  return {
    ...env,
    ITS_ENV: "local",
    ITS_API_URL: baseUrl,
    ITS_OPERATOR_ID: "9985",
    ITS_BOOKMAKER_ID: "1",
    ITS_TOKEN_RETRIES: "0",
    ITS_HTTP_RETRIES: "0",
    ITS_WS_CONNECT_TIMEOUT: "3 seconds"
  }
}

const its = (
  args: ReadonlyArray<string>,
  options: { env?: Record<string, string | undefined>; stdin?: string; scan?: boolean } = {}
): Promise<Result> =>
  new Promise((resolve, reject) => {
    const env = { ...baseEnv(), ...options.env }
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k]
    const child = spawn(process.execPath, ["--conditions=@its/source", bin, ...args], {
      env: env as NodeJS.ProcessEnv,
      cwd: dir
    })
    children.add(child)
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d) => {
      stdout += d
    })
    child.stderr.on("data", (d) => {
      stderr += d
    })
    child.on("error", reject)
    child.on("close", (code) => {
      children.delete(child)
      if (options.scan !== false) captured.push(stdout, stderr)
      resolve({ code, stdout, stderr })
    })
    child.stdin.end(options.stdin ?? "")
  })

const json = (r: Result) => JSON.parse(r.stdout) as Record<string, unknown> & { items: Array<Record<string, never>> }

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port
      server.close(() => resolve(port))
    })
  })

beforeAll(async () => {
  scope = Effect.runSync(Scope.make())
  const context = await Effect.runPromise(
    Layer.buildWithScope(
      Simulator.layerTest({}, { dataPlaneHandler: TicketHandler.layer() }).pipe(Layer.provideMerge(TicketLedger.layer)),
      scope
    )
  )
  baseUrl = Context.get(context, SimulatorInfo).baseUrl
})

afterEach(() => {
  for (const child of children) child.kill("SIGKILL")
  children.clear()
})

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
})

// Independent commands of a test run concurrently (each process spends most of its time starting up).
describe("its (subprocess, simulator)", () => {
  it("env: the resolved environment, secret masked", { timeout: 60_000 }, async () => {
    const [r, human] = await Promise.all([its(["env", "--json"]), its(["env"])])
    expect(r.code).toBe(0)
    expect(json(r)).toMatchObject({ env: "local", apiUrl: baseUrl, clientSecret: "<redacted>", operatorId: 9985 })
    expect(human.stdout).toContain("client secret  <redacted>")
  })

  it("token: audience, expiry, lifetime; the token only with --show", { timeout: 60_000 }, async () => {
    const [r, ws, shown] = await Promise.all([
      its(["token", "--json", "--decode"]),
      its(["token", "--audience", "ws", "--json"]),
      its(["token", "--show"], { scan: false })
    ])
    expect(r.code).toBe(0)
    const out = json(r)
    expect(out).toMatchObject({ audience: "mts-insight-tech-non-prod", lifetimeSeconds: 600 })
    expect(out).not.toHaveProperty("accessToken")
    expect((out.jwt as { claims: { aud: string } }).claims.aud).toBe("mts-insight-tech-non-prod")
    expect(json(ws)).toMatchObject({ audience: "mbs-dp-non-prod-wss", lifetimeSeconds: 300 })
    expect(shown.code).toBe(0)
    expect(shown.stdout).toMatch(jwt)
  })

  it("exit 3 on a wrong client secret, 4 when ITS is down, 2 on bad configuration", { timeout: 90_000 }, async () => {
    const port = await freePort()
    const [wrong, scores, down, production, verbose] = await Promise.all([
      its(["token"], { env: { ITS_CLIENT_SECRET: wrongSecret } }),
      its(["scores", "lbs", "--customer", "cust-000002"], { env: { ITS_CLIENT_SECRET: wrongSecret } }),
      its(["scores", "lbs", "--customer", "cust-000002", "--json"], {
        env: { ITS_API_URL: `http://127.0.0.1:${port}` }
      }),
      its(["token"], { env: { ITS_ENV: "production", ITS_API_URL: undefined } }),
      its(["token", "--verbose"], { env: { ITS_CLIENT_SECRET: wrongSecret } })
    ])
    expect(wrong.code).toBe(3)
    expect(wrong.stderr).toMatch(/^its: token request .* rejected/m)
    expect(wrong.stderr).toMatch(/^hint: /m)
    expect(wrong.stderr).not.toContain("    at ")
    expect(scores.code).toBe(3)
    expect(down.code).toBe(4)
    expect(json(down)).toMatchObject({ error: { code: 4 } })
    expect(production.code).toBe(2)
    expect(production.stderr).toContain("ITS_CLIENT_ID")
    expect(verbose.code).toBe(3)
    expect(verbose.stderr.split("\n").length).toBeGreaterThan(3)
  })

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

  it("tickets: example, validate, place from stdin, ack accepted, rejected → 1, LTD", {
    timeout: 120_000
  }, async () => {
    const example = await its(["ticket", "example", "single"])
    expect(example.code).toBe(0)
    const ticket = JSON.parse(example.stdout) as { ticketId: string }
    expect(ticket.ticketId).toBeTruthy()
    const file = join(dir, "ticket.json")
    writeFileSync(file, example.stdout)

    const [valid, invalid, placed] = await Promise.all([
      its(["ticket", "validate", "--file", file, "--json"]),
      its(["ticket", "validate", "--file", "-", "--json"], { stdin: '{"type":"ticket"}' }),
      its(["ticket", "place", "--file", "-", "--json"], { stdin: example.stdout })
    ])
    expect(valid.code).toBe(0)
    expect(json(valid)).toMatchObject({ valid: true, problems: [], message: { operation: "ticket-placement" } })
    expect(invalid.code).toBe(1)
    expect(json(invalid)).toMatchObject({ valid: false, message: null })
    expect((json(invalid).problems as Array<{ path: string; code: number }>)[0]).toMatchObject({ code: -100 })

    expect(placed.code).toBe(0)
    const reply = json(placed)
    expect(reply).toMatchObject({ type: "ticket-reply", status: "accepted", code: 0, ticketId: ticket.ticketId })

    expect(typeof reply.signature).toBe("string")

    const envelope = JSON.parse(valid.stdout).message
    const [ack, rejected, wrongOp, notJson, absent, noOperator, ltd] = await Promise.all([
      // The acknowledgement of the placement above, with its ticket id and signature.
      its(["ticket", "ack", "--file", "-", "--json"], {
        stdin: JSON.stringify({
          type: "ticket-ack",
          ticketId: reply.ticketId,
          ticketSignature: reply.signature,
          acknowledged: true
        })
      }),
      its(["ticket", "place", "--file", "-", "--json"], {
        stdin: example.stdout
          .replace(ticket.ticketId, "Ticket_rejected")
          .replace('"marketId": "1"', '"marketId": "999"')
      }),
      its(["ticket", "cancel", "--file", "-"], { stdin: JSON.stringify(envelope) }),
      its(["ticket", "place", "--file", "-"], { stdin: "{not json" }),
      its(["ticket", "place", "--file", join(dir, "absent.json")]),
      its(["ticket", "place", "--file", file], { env: { ITS_OPERATOR_ID: undefined } }),
      its(["ltd", "--file", file, "--json"])
    ])
    expect(ack.code).toBe(0)
    expect(json(ack)).toMatchObject({
      type: "ticket-ack-reply",
      status: "accepted",
      code: 0,
      ticketId: ticket.ticketId
    })
    expect(rejected.code).toBe(1)
    expect(json(rejected)).toMatchObject({ status: "rejected", code: -405 })
    expect([wrongOp.code, notJson.code, absent.code, noOperator.code]).toEqual([2, 2, 2, 2])
    expect(ltd.code).toBe(0)
    expect(json(ltd)).toHaveProperty("ltdModelSuggestion")
  })

  it("credentials: keygen, import (0600 file), failures write nothing, ITS_CREDENTIALS_FILE", {
    timeout: 120_000
  }, async () => {
    const keygen = await its(["credentials", "keygen", "--passphrase-env", "KEY_PASS", "--json"], {
      env: { KEY_PASS: "pgp-pass" }
    })
    expect(keygen.code).toBe(0)
    expect(json(keygen)).toMatchObject({ protected: true })
    expect(statSync(join(dir, "its-credentials.key")).mode & 0o777).toBe(0o600)
    const publicKey = await openpgp.readKey({ armoredKey: readFileSync(join(dir, "its-credentials.pub.asc"), "utf8") })
    const encrypt = async (text: string) =>
      (await openpgp.encrypt({ message: await openpgp.createMessage({ text }), encryptionKeys: publicKey })) as string
    writeFileSync(
      join(dir, "creds.asc"),
      await encrypt(`integration:\n  client_id: its-sim-client\n  client_secret: ${secret}\n`)
    )
    const args = ["credentials", "import", "--in", "creds.asc", "--key", "its-credentials.key"]

    writeFileSync(join(dir, "corrupt.asc"), "-----BEGIN PGP MESSAGE-----\n\nnot really\n-----END PGP MESSAGE-----\n")
    const [wrongPass, corrupt, noShow] = await Promise.all([
      its([...args, "--passphrase-env", "KEY_PASS", "--out", "a.env"], { env: { KEY_PASS: "nope" } }),
      its(["credentials", "import", "--in", "corrupt.asc", "--key", "its-credentials.key", "--out", "a.env"], {
        env: { KEY_PASS: "pgp-pass" }
      }),
      its([...args, "--passphrase-env", "KEY_PASS", "--export"], { env: { KEY_PASS: "pgp-pass" } })
    ])
    expect(wrongPass.code).toBe(3)
    expect(corrupt.code).toBe(2)
    expect(noShow.code).toBe(2)
    expect(noShow.stderr).toContain("--export prints the client secret")
    // `--export --show` prints the lines (not scanned: it prints the secret on purpose); the global `--env` still
    // selects the environment on this subcommand (it no longer collides with the subcommand's own flag).
    const exported = await its([...args, "--passphrase-env", "KEY_PASS", "--export", "--show", "--env", "local"], {
      env: { KEY_PASS: "pgp-pass" },
      scan: false
    })
    expect(exported.code).toBe(0)
    expect(exported.stdout).toContain("export ITS_CLIENT_ID='its-sim-client'")
    expect(existsSync(join(dir, "a.env"))).toBe(false)

    const ok = await its([...args, "--passphrase-env", "KEY_PASS", "--out", "a.env", "--json"], {
      env: { KEY_PASS: "pgp-pass" }
    })
    expect(ok.code).toBe(0)
    expect(json(ok)).toMatchObject({
      environment: "integration",
      clientId: "its-sim-client",
      clientSecret: "<redacted>"
    })
    expect(statSync(join(dir, "a.env")).mode & 0o777).toBe(0o600)
    expect(readFileSync(join(dir, "a.env"), "utf8")).toContain(`ITS_CLIENT_SECRET='${secret}'`)
    // The imported file drives the CLI (ITS_ENV=integration in it is overridden by --env local here).
    const token = await its(["token", "--env", "local", "--json"], {
      env: { ITS_CREDENTIALS_FILE: join(dir, "a.env"), ITS_ENV: undefined, ITS_CLIENT_SECRET: undefined }
    })
    expect(token.code).toBe(0)
  })

  it("help with an example on every command, completions", { timeout: 90_000 }, async () => {
    const commands = [[], ["scores", "lbs"], ["ticket", "place"], ["credentials", "import"], ["accounts", "list"]]
    const helps = await Promise.all(commands.map((command) => its([...command, "--help"])))
    for (const help of helps) {
      expect(help.code).toBe(0)
      expect(help.stdout).toContain("Example: its")
    }
    expect(helps[1]?.stdout).toContain("--via-gateway")
    expect(helps[1]?.stdout).toContain("--api-key")
    const completions = await Promise.all(["bash", "zsh", "fish"].map((shell) => its(["--completions", shell])))
    for (const completion of completions) {
      expect(completion.code).toBe(0)
      expect(completion.stdout).toContain("its")
    }
  })

  it("no output contained the client secret or an access token", { timeout: 5_000 }, () => {
    expect(captured.length).toBeGreaterThan(40)
    for (const text of captured) {
      expect(text).not.toContain(secret)
      expect(text).not.toContain(wrongSecret)
      expect(text).not.toMatch(jwt)
    }
  })
})
