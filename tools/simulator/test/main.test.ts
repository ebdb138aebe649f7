import { describe, expect, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { once } from "node:events"
import { fileURLToPath } from "node:url"

const packageDir = fileURLToPath(new URL("..", import.meta.url))

describe("main.ts (process)", () => {
  it("prints its URLs, serves tokens and exits cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--conditions=@its/source", "--import", "tsx", "src/main.ts"], {
      cwd: packageDir,
      env: { ...process.env, SIM_PORT: "0", SIM_TOKEN_TTL: "42" },
      stdio: ["ignore", "pipe", "pipe"]
    })
    try {
      let stdout = ""
      child.stdout.setEncoding("utf8")
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: string) => {
          stdout += chunk
          if (stdout.includes("\n")) resolve(stdout)
        })
        child.once("exit", (code) => reject(new Error(`exited early with ${code}`)))
      })
      const match = line.match(/listening on (http:\/\/127\.0\.0\.1:\d+) \(token endpoint: (\S+)\)/)
      expect(match).not.toBeNull()
      const [, baseUrl, tokenUrl] = match ?? []
      expect(tokenUrl).toBe(`${baseUrl}/oauth/token`)

      const response = await fetch(tokenUrl ?? "", {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "client_credentials",
          audience: "mts-insight-tech",
          client_id: "its-sim-client",
          client_secret: "its-sim-secret"
        })
      })
      expect(response.status).toBe(200)
      expect(((await response.json()) as { expires_in: number }).expires_in).toBe(42)

      const exited = once(child, "exit")
      child.kill("SIGTERM")
      const [code] = await exited
      expect(code).toBe(0)
      expect(stdout.trim().split("\n")).toHaveLength(1)
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL")
    }
  })
})
