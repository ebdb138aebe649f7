/**
 * `its account-inform example <kind>` prints a full, valid request envelope of each account / balance / casino inform
 * (the CLI run as a child process, like a user would).
 */
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { informExampleKinds, informOperation, validate } from "@its/tickets"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"

const bin = fileURLToPath(new URL("../../../apps/cli/src/bin.ts", import.meta.url))
const its = (...args: Array<string>) =>
  promisify(execFile)(process.execPath, ["--conditions=@its/source", "--import", "tsx", bin, ...args], {
    env: { ...process.env, ITS_OPERATOR_ID: "9985" },
    timeout: 60_000
  })

describe("its account-inform example", () => {
  it("prints a valid envelope for every inform kind", async () => {
    const outputs = await Promise.all(informExampleKinds.map((kind) => its("account-inform", "example", kind)))
    for (const [i, { stdout }] of outputs.entries()) {
      const kind = informExampleKinds[i]!
      const json = JSON.parse(stdout)
      expect(json).toMatchObject({ operatorId: 9985, operation: informOperation[kind], version: "3.0" })
      await Effect.runPromise(validate(json))
    }
  }, 120_000)
})
