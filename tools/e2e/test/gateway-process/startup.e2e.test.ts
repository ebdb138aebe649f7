/**
 * Start-up as processes, from sources (no build needed):
 *
 * - the production entry (`main.ts`) refuses to start without an explicit `ITS_ENV`: exit 1 and exactly one line on
 *   stderr naming the setting (the unit tests in apps/gateway/test/StartupChecks.test.ts cover every refusal);
 * - README's first command (`pnpm start` = `dev.ts`, no configuration): the embedded simulator, a demo key, and the
 *   printed `curl` works; SIGTERM → exit 0;
 * - `dev.ts` with `ITS_API_URL` pointing elsewhere and `ITS_ENV` left unset: not a development configuration, so the
 *   production checks refuse it, and no demo key is created.
 */
import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, afterEach, describe, expect, it } from "vitest"
import { cleanEnv, devTs, killAll, mainTs, repoRoot, startGateway, tsxLoader } from "./support.ts"

const dirs: Array<string> = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "its-gw-startup-"))
  dirs.push(dir)
  return dir
}

afterEach(() => killAll())
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** Runs an entry to its exit (it must exit by itself: a refusal), with `env` on a clean environment. */
const runToExit = (entry: string, env: Record<string, string>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=@its/source", "--import", tsxLoader, entry], {
      env: { ...cleanEnv(), HOST: "127.0.0.1", PORT: "0", ...env },
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d) => {
      stdout += d
    })
    child.stderr.on("data", (d) => {
      stderr += d
    })
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`${entry} did not exit within 60 s:\n${stdout}\n${stderr}`))
    }, 60_000)
    child.once("exit", (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })

const productionLike = {
  ITS_CLIENT_ID: "client",
  ITS_CLIENT_SECRET: "startup-secret-4711",
  ITS_OPERATOR_ID: "9999",
  GATEWAY_API_KEYS: JSON.stringify({ keys: [{ consumer: "c", key: "startup-key-0123456789", scopes: ["admin"] }] })
}

describe("gateway start-up (processes)", () => {
  it("the production entry refuses to start without ITS_ENV: exit 1, one line naming it", {
    timeout: 90_000
  }, async () => {
    const dataDir = tempDir()
    const result = await runToExit(mainTs, { ...productionLike, ITS_DATA_DIR: dataDir })
    expect(result.code).toBe(1)
    const lines = result.stderr.trim().split("\n")
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^gateway refused to start: ITS_ENV: not set/)
    expect(result.stdout).not.toContain("listening")
    expect(result.stderr + result.stdout).not.toContain(productionLike.ITS_CLIENT_SECRET)
  })

  it("pnpm start (dev.ts, nothing configured): embedded simulator, demo key, the printed curl works; SIGTERM → 0", {
    timeout: 120_000
  }, async () => {
    const dataDir = tempDir()
    const gateway = await startGateway("dev", { ITS_DATA_DIR: dataDir }, 90_000, devTs)
    // The banner follows the listening line; wait for the curl line.
    for (let i = 0; i < 100 && !gateway.output().includes("try: curl"); i++) await new Promise((r) => setTimeout(r, 50))
    const output = gateway.output()
    expect(output).toContain("talking to the bundled ITS SIMULATOR")
    const key = /demo API key \(all scopes; stored in .*demo-api-key\): (its_demo_\S+)/.exec(output)?.[1]
    expect(key).toBeDefined()
    expect(existsSync(join(dataDir, "demo-api-key"))).toBe(true)
    const curl = /try: curl -s -H 'Authorization: Bearer (\S+)' '(\S+)'/.exec(output)
    expect(curl?.[1]).toBe(key)
    const response = await fetch(curl![2]!, { headers: { authorization: `Bearer ${key}` } })
    expect(response.status).toBe(200)
    expect(((await response.json()) as { items: Array<unknown> }).items.length).toBeGreaterThan(0)
    gateway.child.kill("SIGTERM")
    expect(await gateway.exited).toEqual({ code: 0, signal: null })
  })

  it("dev.ts with ITS_API_URL elsewhere and ITS_ENV unset: refused by the production checks, no demo key", {
    timeout: 90_000
  }, async () => {
    const dataDir = tempDir()
    const result = await runToExit(devTs, { ITS_API_URL: "https://its.example.invalid", ITS_DATA_DIR: dataDir })
    expect(result.code).toBe(1)
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^gateway refused to start: ITS_ENV: /)])
    expect(existsSync(join(dataDir, "demo-api-key"))).toBe(false)
    expect(result.stdout).not.toContain("demo API key")
  })
})
