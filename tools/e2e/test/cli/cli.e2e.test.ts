/**
 * The `its` command as a real subprocess (`node apps/cli/bin/its.mjs …`) against a simulator started here: the
 * environment, tokens, exit codes per failure class, help and completions. The other commands: `models.e2e.test.ts`,
 * `tickets.e2e.test.ts`, `credentials.e2e.test.ts`; every test's output is scanned for secrets (`simulatorCli.ts`).
 */
import { describe, expect, it } from "vitest"
import { freePort, json } from "./cliProcess.ts"
import { jwt, useSimulatorCli, wrongSecret } from "./simulatorCli.ts"

const { its, baseUrl } = useSimulatorCli()

// Independent commands of a test run concurrently (each process spends most of its time starting up).
describe("its (subprocess, simulator)", () => {
  it("env: the resolved environment, secret masked", { timeout: 60_000 }, async () => {
    const [r, human] = await Promise.all([its(["env", "--json"]), its(["env"])])
    expect(r.code).toBe(0)
    expect(json(r)).toMatchObject({ env: "local", apiUrl: baseUrl(), clientSecret: "<redacted>", operatorId: 9985 })
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
})
