/**
 * The long-running commands as subprocesses: `its sim` (port 0: prints its real URL, issues a token, stops on
 * SIGTERM) and `its gateway` (the development composition, PORT=0 and a temporary ITS_DATA_DIR: prints the real port
 * and a demo key, answers /healthz, stops on SIGTERM with its child); and a model command in `local` with nothing
 * listening, which names both ways out. Every process group left is killed after each test.
 */
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { Children, cleanEnv, freePort, waitFor } from "./cliProcess.ts"

const children = new Children()
afterEach(() => children.killAll())

const exitWithin = (exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>, ms: number) =>
  Promise.race([
    exited,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms))
  ])

describe("its sim / its gateway (subprocess)", () => {
  it("its sim --port 0: prints its URL, answers a token request, exits on SIGTERM", { timeout: 60_000 }, async () => {
    const sim = children.start(["sim", "--port", "0"], { ...cleanEnv(), SIM_HOST: "127.0.0.1" })
    const [, url] = await waitFor(
      "the simulator's URL",
      () => sim.out.stdout,
      /ITS simulator listening on (http:\/\/127\.0\.0\.1:\d+)/,
      45_000
    )
    expect(url).not.toMatch(/:0$/)
    const response = await fetch(`${url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        audience: "mts-insight-tech-non-prod",
        client_id: "its-sim-client",
        client_secret: "its-sim-secret"
      })
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ token_type: "Bearer", expires_in: 600 })
    sim.child.kill("SIGTERM")
    const { code } = await exitWithin(sim.exited, 15_000)
    expect([0, 130, 143]).toContain(code)
    await expect(fetch(`${url}/oauth/token`, { method: "POST" })).rejects.toThrow()
  })

  it("its gateway with PORT=0: prints the real port, answers /healthz, exits on SIGTERM", {
    timeout: 90_000
  }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "its-cli-gateway-process-"))
    const gateway = children.start(["gateway"], {
      ...cleanEnv(),
      ITS_ENV: "local",
      ITS_DATA_DIR: dataDir,
      PORT: "0",
      HOST: "127.0.0.1"
    })
    const [, url] = await waitFor(
      "the gateway's URL",
      () => gateway.out.stdout,
      /ITS gateway listening on (http:\/\/127\.0\.0\.1:(\d+))/,
      75_000
    )
    expect(url).not.toMatch(/:0$/)
    expect(gateway.out.stdout).toContain("bundled ITS SIMULATOR")
    await waitFor("the demo key", () => gateway.out.stdout, /demo API key .*: its_demo_/, 10_000)
    const health = await fetch(`${url}/healthz`)
    expect(health.status).toBe(200)
    gateway.child.kill("SIGTERM")
    const { code } = await exitWithin(gateway.exited, 30_000)
    expect([0, 130, 143]).toContain(code)
    // The gateway itself (a child of `its gateway`) is gone too.
    await expect(fetch(`${url}/healthz`)).rejects.toThrow()
  })

  it("a model command in local with no simulator running says so and names both ways out (exit 4)", {
    timeout: 60_000
  }, async () => {
    // A port nothing listens on (probed free a moment ago).
    const port = await freePort()
    const result = await children.run(["scores", "lbs", "--bookmaker", "1", "--customer", "c1"], {
      ...cleanEnv(),
      ITS_ENV: "local",
      ITS_API_URL: `http://127.0.0.1:${port}`,
      ITS_TOKEN_RETRIES: "0"
    })
    expect(result.code).toBe(4)
    expect(result.stderr).toContain(`its: no ITS simulator is running at http://127.0.0.1:${port}`)
    expect(result.stderr).toMatch(/^hint: .*`pnpm sim` in another terminal.*--via-gateway URL/m)
    // Not for other environments: there the plain upstream message stays (covered by cli.e2e's exit-4 case).
  })
})
