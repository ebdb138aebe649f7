/**
 * A real client nobody here wrote: `RealClient.java` uses the JDK's `java.net.http.HttpClient` with its defaults
 * (HTTP/2 preferred, so every plain-http request carries an h2c upgrade offer) to get a token from the simulator's
 * token endpoint (form POST) and to POST a placement and an inform to the gateway with an API key. The JDK is
 * installed from Debian packages when missing (`tools/scripts/apt-install.sh`); where that is impossible the test is
 * skipped with the reason, except in CI (`CI` set), where it fails.
 */
import { execFile, execFileSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createServer, type IncomingHttpHeaders } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { DataPlaneAudiences, TokenPath } from "@its/simulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { clientSecret, informJson, keys, placementEnvelope, ticketJson, useGateway } from "../gateway/support.ts"

const root = resolve(import.meta.dirname, "../../../..")
const source = join(import.meta.dirname, "RealClient.java")
/** The simulator's demo client id (`tools/simulator/src/Config.ts`; `support.ts` holds its secret). */
const clientId = "its-sim-client"

/** `javac` on PATH, installing the JDK if needed; the reason when it cannot be. */
const ensureJdk = (): string | undefined => {
  try {
    execFileSync("bash", [join(root, "tools/scripts/apt-install.sh"), "javac", "openjdk-17-jdk-headless"], {
      stdio: ["ignore", "ignore", "pipe"],
      timeout: 600_000
    })
    return undefined
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim()
    return `no JDK (javac) and none could be installed: ${stderr || String(error)}`
  }
}

const run = (command: string, args: ReadonlyArray<string>, timeout = 120_000) =>
  new Promise<{ stdout: string; stderr: string }>((done, fail) =>
    execFile(command, args, { timeout }, (error, stdout, stderr) =>
      error === null ? done({ stdout, stderr }) : fail(new Error(`${command} failed: ${error.message}\n${stderr}`))
    )
  )

interface Result {
  readonly status: number
  readonly version: string
  readonly body: string
}

/** `RESULT <name> <status> <version> <body>` lines. */
const resultsOf = (stdout: string): Record<string, Result> =>
  Object.fromEntries(
    stdout
      .split("\n")
      .filter((line) => line.startsWith("RESULT "))
      .map((line) => {
        const [, name = "", status = "", version = "", ...body] = line.split(" ")
        return [name, { status: Number(status), version, body: body.join(" ") }]
      })
  )

const gw = useGateway()
let missing: string | undefined
let work: string
/** Headers of the requests the probe server received (what Java sends). */
const probed: Array<IncomingHttpHeaders> = []
const probe = createServer((request, response) => {
  probed.push(request.headers)
  request.resume()
  request.on("end", () => response.end("{}"))
})

beforeAll(async () => {
  missing = ensureJdk()
  if (missing !== undefined && process.env.CI) throw new Error(`CI needs the JDK for the real-client test: ${missing}`)
  work = mkdtempSync(join(tmpdir(), "its-java-"))
  // A probe without `upgrade` listeners: Node parses these requests normally, whatever the fix does.
  await new Promise<void>((done) => probe.listen(0, "127.0.0.1", done))
}, 660_000)

afterAll(async () => {
  rmSync(work, { recursive: true, force: true })
  probe.closeAllConnections()
  await new Promise((done) => probe.close(done))
})

describe("java.net.http.HttpClient (JDK defaults) against the simulator and the gateway over http://", () => {
  it("gets a token (form POST), places a ticket (200, ticket reply) and informs one (202)", async (context) => {
    if (missing !== undefined) return context.skip(missing)
    const ticket = ticketJson()
    const inform = informJson()
    writeFileSync(join(work, "placement.json"), JSON.stringify(placementEnvelope(ticket)))
    writeFileSync(join(work, "inform.json"), JSON.stringify(inform))
    await run("javac", ["-d", work, source])
    const { stdout, stderr } = await run("java", [
      "-cp",
      work,
      "RealClient",
      `${gw.simulatorUrl}${TokenPath}`,
      clientId,
      clientSecret,
      DataPlaneAudiences[0],
      gw.base,
      keys.all,
      join(work, "placement.json"),
      join(work, "inform.json"),
      `http://127.0.0.1:${(probe.address() as AddressInfo).port}/probe`
    ])
    console.log(`RealClient.java output:\n${stdout}${stderr}`)
    expect(stdout).not.toContain(clientSecret)

    // The client really offers h2c (with its defaults), so this exercises the upgrade handling.
    expect(stdout).toContain("CLIENT version=HTTP_2")
    expect(probed[0]).toMatchObject({
      connection: expect.stringMatching(/upgrade/i),
      upgrade: "h2c",
      "http2-settings": expect.any(String)
    })

    const results = resultsOf(stdout)
    expect(results.token?.status, results.token?.body).toBe(200)
    expect(results.token?.version).toBe("HTTP_1_1")
    expect(results.token?.body).toMatch(/"access_token":"<redacted JWT, \d+ chars>"/)
    expect(JSON.parse(results.token!.body)).toMatchObject({ token_type: "Bearer" })

    expect(results.placement?.status, results.placement?.body).toBe(200)
    expect(JSON.parse(results.placement!.body)).toMatchObject({
      type: "ticket-reply",
      status: "accepted",
      ticketId: ticket.ticketId
    })

    expect(results.inform?.status, results.inform?.body).toBe(202)
    expect(JSON.parse(results.inform!.body)).toMatchObject({ ticketId: inform.ticket.ticketId })
  }, 180_000)
})
