/**
 * Child processes of the gateway bench: each target runs in its own process (nothing shares an event loop with the
 * load generator or with another target). `start` resolves on a stdout line; `stopAll` ends every child it started.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import http from "node:http"
import { fileURLToPath } from "node:url"

export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url))

const children: Array<{ readonly name: string; readonly child: ChildProcess }> = []

/** Every child started so far (for the peak RSS line). */
export const started = (): ReadonlyArray<{ readonly name: string; readonly child: ChildProcess }> => children

/**
 * Starts `args` with this process's node and loader flags (`plain`: with plain `node`, for the gateway's bundle);
 * resolves with the first stdout match of `ready`.
 */
export const start = (
  name: string,
  args: ReadonlyArray<string>,
  env: Record<string, string>,
  ready: RegExp,
  plain = false
) =>
  new Promise<{ readonly child: ChildProcess; readonly match: RegExpMatchArray }>((resolve, reject) => {
    const child = spawn(process.execPath, [...(plain ? [] : process.execArgv), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    children.push({ name, child })
    let out = ""
    let err = ""
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 60 s:\n${out}\n${err}`)), 60_000)
    child.stdout?.on("data", (chunk: Buffer) => {
      // Only the start-up output is kept (the gateway logs a line per request afterwards).
      if (out.length < 1 << 16) out += chunk.toString()
      const match = out.match(ready)
      if (match !== null) {
        clearTimeout(timer)
        resolve({ child, match })
      }
    })
    child.stderr?.on("data", (chunk: Buffer) => {
      if (err.length < 1 << 16) err += chunk.toString()
    })
    child.on("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`${name} exited (${code}) before it was ready:\n${out}\n${err}`))
    })
  })

export const stopAll = async () => {
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          const force = setTimeout(() => child.kill("SIGKILL"), 5_000)
          child.once("exit", () => {
            clearTimeout(force)
            resolve()
          })
          child.kill("SIGTERM")
        })
    )
  )
}

/** A port that was free a moment ago (the gateway's `PORT` must be 1–65535). */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = http.createServer()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })

/** A `/proc/<pid>/status` figure in kB (`VmRSS` now, `VmHWM` the peak). */
export const statusKb = (pid: number, field: "VmRSS" | "VmHWM") => {
  try {
    const match = readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`${field}:\\s+(\\d+) kB`))
    return match === null ? Number.NaN : Number(match[1])
  } catch {
    return Number.NaN
  }
}

/** CPU time (user + system) a process has used, in seconds (`/proc/<pid>/stat`, clock ticks of 1/100 s). */
export const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? []
  // After "pid (comm) ": state is field 3, utime 14 and stime 15 (1-based), i.e. indexes 11 and 12 here.
  return (Number(fields[11]) + Number(fields[12])) / 100
}
