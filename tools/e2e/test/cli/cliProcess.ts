/**
 * Running the `its` command as a subprocess (`node apps/cli/bin/its.mjs …`) for the CLI's end-to-end tests: output
 * captured, exit code, optional stdin; every child is tracked so a test's `afterEach` can kill what is left (its
 * process group, so `its gateway`'s own child goes too).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { createServer } from "node:net"
import { fileURLToPath } from "node:url"

export const bin = fileURLToPath(new URL("../../../../apps/cli/bin/its.mjs", import.meta.url))

export interface Result {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** The process environment without any `ITS_*`, `SIM_*`, `GATEWAY_*` or `PORT` of the caller. */
export const cleanEnv = (): Record<string, string> => {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^(ITS_|SIM_|GATEWAY_)/.test(k) && k !== "PORT" && k !== "HOST") env[k] = v
  return env
}

export class Children {
  readonly running = new Set<ChildProcess>()
  /** Every stdout and stderr captured, for the secret scans. */
  readonly captured: Array<string> = []

  /**
   * Starts `its …` in its own process group; output accumulates on the returned object. `scan: false` keeps its
   * output out of `captured` (a command asked to print a secret, e.g. `token --show`).
   */
  start(
    args: ReadonlyArray<string>,
    env: Record<string, string | undefined>,
    options: { readonly cwd?: string | undefined; readonly scan?: boolean } = {}
  ) {
    const clean: Record<string, string> = {}
    for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v
    const child = spawn(process.execPath, ["--conditions=@its/source", bin, ...args], {
      env: clean,
      detached: true,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd })
    })
    this.running.add(child)
    const out = { stdout: "", stderr: "" }
    child.stdout?.on("data", (d) => {
      out.stdout += d
    })
    child.stderr?.on("data", (d) => {
      out.stderr += d
    })
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.on("error", reject)
      child.on("close", (code, signal) => {
        this.running.delete(child)
        if (options.scan !== false) this.captured.push(out.stdout, out.stderr)
        resolve({ code, signal })
      })
    })
    return { child, out, exited }
  }

  /** Runs `its …` to its end. */
  run(
    args: ReadonlyArray<string>,
    env: Record<string, string | undefined>,
    options: { stdin?: string; cwd?: string; scan?: boolean } = {}
  ): Promise<Result> {
    const { child, out, exited } = this.start(args, env, { cwd: options.cwd, scan: options.scan ?? true })
    child.stdin?.end(options.stdin ?? "")
    return exited.then(({ code }) => ({ code, stdout: out.stdout, stderr: out.stderr }))
  }

  /** Kills every child still running, with its process group. */
  killAll() {
    for (const child of this.running) {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL")
      } catch {
        child.kill("SIGKILL")
      }
    }
    this.running.clear()
  }
}

/** Waits until `predicate(text())` holds (polling), or fails after `ms`. */
export const waitFor = async (what: string, text: () => string, pattern: RegExp, ms: number) => {
  const deadline = Date.now() + ms
  for (;;) {
    const match = pattern.exec(text())
    if (match) return match
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output so far:\n${text()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port
      server.close(() => resolve(port))
    })
  })

export const json = (r: Result) =>
  JSON.parse(r.stdout) as Record<string, unknown> & { items: Array<Record<string, never>> }
