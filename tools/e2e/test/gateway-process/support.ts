/**
 * The gateway as a real child process (`node --import tsx apps/gateway/src/main.ts`, the production entry with its
 * start-up checks, from sources: no build needed; or `dev.ts`, the development composition) against a simulator
 * running in the test process: spawning with a clean environment, waiting for the "listening" line, every byte of its output
 * captured for the secret scan, HTTP helpers, and a PostgreSQL database of its own per run.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { createServer, connect } from "node:net"
import { createRequire } from "node:module"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { SqlClient } from "@effect/sql"
import { Build, example, Ticket, TicketInform } from "@its/tickets"
import { Effect, Layer, Option, Redacted, Schema } from "effect"
// The gateway's own PostgreSQL connection code (tools/e2e does not depend on @effect/sql-pg itself): used once per
// run to create and drop this run's database.
import { OutboxConfig } from "../../../../apps/gateway/src/outbox/OutboxConfig.ts"
import { OutboxSqlLive } from "../../../../apps/gateway/src/outbox/Sql.ts"

export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url))
/**
 * tsx as a loader in the gateway's own node process (`node --import tsx main.ts`). Not `tsx/cli`: the cli runs the
 * script in a second node process and only relays signals, so SIGKILL to the cli leaves the gateway running.
 */
export const tsxLoader = pathToFileURL(createRequire(join(repoRoot, "package.json")).resolve("tsx")).href
export const mainTs = "apps/gateway/src/main.ts"
/** The development composition behind `pnpm start` (embedded simulator, demo key). */
export const devTs = "apps/gateway/src/dev.ts"

/** A random token (hex), for secrets and ids of this run. */
export const randomHex = (bytes: number) => randomBytes(bytes).toString("hex")

export interface Gateway {
  readonly name: string
  readonly child: ChildProcess
  readonly url: string
  readonly port: number
  /** stdout + stderr so far. */
  readonly output: () => string
  /** Resolves with the exit code and signal once the process has exited. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>
}

/** Every byte any gateway child wrote, for the secret scan. */
export const captured: Array<{ readonly name: string; text: string }> = []
const running = new Set<ChildProcess>()

/** Kills (SIGKILL) every child still running; for afterEach/afterAll. */
export const killAll = async () => {
  const waits = [...running].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once("exit", () => resolve())
        child.kill("SIGKILL")
      })
  )
  await Promise.all(waits)
}

/** A free TCP port on 127.0.0.1 (the gateway refuses `PORT=0`: `Config.port` wants 1…65535). */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })

/** The test's environment without anything that configures ITS, the simulator or the gateway. */
export const cleanEnv = (): Record<string, string> => {
  const env: Record<string, string> = {}
  const ours = /^(ITS_|SIM_|GATEWAY_|OUTBOX_|SCORE_CACHE_|DATABASE_URL$|PORT$|HOST$|TLS_|OTEL_)/
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !ours.test(k)) env[k] = v
  return env
}

const listening = /ITS gateway listening on (https?:\/\/[\d.]+:(\d+))/

/**
 * Spawns the gateway with `env` (on top of a clean environment) on a free port and resolves once it prints its
 * listening line. Retries on a port taken in between (the free-port probe is racy).
 */
export const startGateway = async (
  name: string,
  env: Record<string, string>,
  startTimeoutMs = 45_000,
  entry = mainTs
): Promise<Gateway> => {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    try {
      return await spawnOnce(
        name,
        { ...cleanEnv(), ...env, PORT: String(port), HOST: "127.0.0.1" },
        startTimeoutMs,
        entry
      )
    } catch (error) {
      if (attempt < 3 && String(error).includes("EADDRINUSE")) continue
      throw error
    }
  }
}

const spawnOnce = (name: string, env: Record<string, string>, startTimeoutMs: number, entry: string) =>
  new Promise<Gateway>((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=@its/source", "--import", tsxLoader, entry], {
      env,
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"]
    })
    running.add(child)
    const record = { name, text: "" }
    captured.push(record)
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once("exit", (code, signal) => {
        running.delete(child)
        done({ code, signal })
      })
    )
    let settled = false
    const timer = setTimeout(() => {
      if (settled) return
      settled = true
      child.kill("SIGKILL")
      reject(new Error(`${name}: no listening line within ${startTimeoutMs} ms:\n${record.text}`))
    }, startTimeoutMs)
    const onData = (chunk: Buffer) => {
      record.text += chunk.toString("utf8")
      const match = listening.exec(record.text)
      if (match !== null && !settled) {
        settled = true
        clearTimeout(timer)
        resolve({ name, child, url: match[1]!, port: Number(match[2]), output: () => record.text, exited })
      }
    }
    child.stdout.on("data", onData)
    child.stderr.on("data", onData)
    child.once("error", (error) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      reject(error)
    })
    void exited.then(({ code, signal }) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      reject(new Error(`${name} exited (${code ?? signal}) before listening:\n${record.text}`))
    })
  })

// ---------------------------------------------------------------------------------------------------------------
// HTTP

export interface Response {
  readonly status: number
  readonly body: unknown
}

/** Every response body the gateways sent, for the secret scan. */
export const responses: Array<string> = []

export const call = async (
  base: string,
  apiKey: string,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
  timeoutMs = 20_000
): Promise<Response> => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${apiKey}`,
      ...(body === undefined ? {} : { "content-type": "application/json" })
    },
    body: body === undefined ? null : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs)
  })
  const text = await response.text()
  responses.push(text)
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // not JSON (e.g. /metrics)
  }
  return { status: response.status, body: parsed }
}

/** Sum of a Prometheus metric's samples (all label sets) in `/metrics` (read with a key holding the `ops` scope). */
export const metric = async (base: string, name: string, opsKey: string): Promise<number> => {
  const response = await fetch(`${base}/metrics`, {
    headers: { authorization: `Bearer ${opsKey}` },
    signal: AbortSignal.timeout(10_000)
  })
  const text = await response.text()
  let sum = 0
  let seen = false
  for (const line of text.split("\n")) {
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})?\\s+(\\S+)`).exec(line)
    if (match !== null) {
      sum += Number(match[1])
      seen = true
    }
  }
  if (!seen) throw new Error(`metric ${name} not found in /metrics`)
  return sum
}

/** Whether a TCP connection to 127.0.0.1:`port` is refused. */
export const connectionRefused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: "127.0.0.1", port })
    socket.once("connect", () => {
      socket.destroy()
      resolve(false)
    })
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"))
  })

/** Polls `check` every `everyMs` until it holds; throws after `timeoutMs`. */
export const eventually = async (check: () => Promise<boolean>, timeoutMs: number, what: string, everyMs = 100) => {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms: ${what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Bodies

/** A bare `ticket-placement-inform` content (the gateway fills the envelope), as JSON. */
export const informBody = (ticketId: string) =>
  Schema.encodeSync(TicketInform)(
    Build.ticketInform({ ...example("single"), ticketId }, [{ code: 0, rejected: false }])
  )

/** A bare live ticket (`productId` "1": live for the gateway's client and the simulator's live delay), as JSON. */
export const liveTicketBody = (ticketId: string) =>
  Schema.encodeSync(Ticket)(
    Build.single({
      ticketId,
      selection: Build.uf({
        productId: "1",
        eventId: "sr:match:15050881",
        marketId: "1",
        outcomeId: "2",
        odds: "1.32"
      }),
      stake: Build.cash("10", "EUR"),
      context: { channel: { type: "internet", ip: "212.7.5.2", lang: "EN" }, limitId: 1409 }
    })
  )

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL

const runSql = (url: string, statement: string) =>
  Effect.runPromise(
    Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe(statement)).pipe(
      Effect.provide(
        OutboxSqlLive.pipe(Layer.provide(OutboxConfig.layerWith({ databaseUrl: Option.some(Redacted.make(url)) })))
      ),
      Effect.scoped
    )
  )

export interface TestDatabase {
  /** The URL the gateways get as `DATABASE_URL`. */
  readonly url: string
  readonly how: "database" | "schema"
  readonly drop: () => Promise<void>
}

/**
 * A database of this run's own (`CREATE DATABASE its_gw_<random>` on the server of `base`), or, when the role may not
 * create databases, a schema of its own selected through the connection's `search_path`. Dropped by `drop`.
 */
export const createTestDatabase = async (base: string): Promise<TestDatabase> => {
  const name = `its_gw_${randomHex(8)}`
  try {
    await runSql(base, `CREATE DATABASE ${name}`)
    const url = new URL(base)
    url.pathname = `/${name}`
    return {
      url: url.toString(),
      how: "database",
      drop: () => runSql(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined)
    }
  } catch {
    await runSql(base, `CREATE SCHEMA ${name}`)
    const url = `${base}${base.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${name}`)}`
    return {
      url,
      how: "schema",
      drop: () => runSql(base, `DROP SCHEMA IF EXISTS ${name} CASCADE`).then(() => undefined)
    }
  }
}
