/**
 * `@its/gateway/api` (what the CLI imports) is the contract only: bundling it pulls in no SQL driver, no server, no
 * outbox store and no OpenTelemetry. Checked on the module graph esbuild resolves (the same resolution as the CLI's
 * bundle), so a new import that drags the server in fails here.
 */
import { fileURLToPath } from "node:url"
import * as esbuild from "esbuild"
import { describe, expect, it } from "vitest"

const gatewayDir = fileURLToPath(new URL("../", import.meta.url))

describe("@its/gateway/api", () => {
  it("exports the HttpApi definition and the problem schemas", async () => {
    const api = await import("../src/Contract.ts")
    expect(api.GatewayApi).toBeDefined()
    expect(api.NotFound).toBeDefined()
    expect(api.BadRequest).toBeDefined()
  })

  it("loads no SQL driver, no server, no outbox store, no OpenTelemetry", async () => {
    const result = await esbuild.build({
      absWorkingDir: gatewayDir,
      stdin: { contents: 'export * from "@its/gateway/api"', resolveDir: gatewayDir, loader: "ts" },
      bundle: true,
      write: false,
      metafile: true,
      platform: "node",
      format: "esm",
      conditions: ["@its/source"],
      logLevel: "silent"
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.some((path) => path.endsWith("src/Api.ts"))).toBe(true)
    const forbidden = [
      /@effect\/sql/,
      /better-sqlite3/,
      /node_modules\/(\.pnpm\/)?pg[@/]/,
      /@opentelemetry/,
      /@effect\/platform-node/,
      /undici/,
      /src\/Http\.ts$/,
      /src\/Gateway\.ts$/,
      /src\/outbox\/(Store|Sql|Outbox|Worker)\.ts$/
    ]
    expect(inputs.filter((path) => forbidden.some((pattern) => pattern.test(path)))).toEqual([])
  })
})
