/**
 * `its account-inform send|validate` and `its ticket example <inform kind>` as subprocesses (issue 15 §2): every kind
 * sent straight to the simulator over the data plane and through the gateway's outbox (`ITS_GATEWAY_URL`), each
 * answered with its `<type>-reply`; `validate` lists an invalid inform's problems with their paths (exit 1).
 */
import { informExampleKinds, informOperation } from "@its/tickets"
import { afterAll, describe, expect, it } from "vitest"
import { Children, cleanEnv } from "./cli/cliProcess.ts"
import { freshId, keys, useGateway } from "./gateway/support.ts"

const gw = useGateway()
const children = new Children()
afterAll(() => children.killAll())

const env = (extra: Record<string, string> = {}) => ({
  ...cleanEnv(),
  ITS_ENV: "local",
  ITS_API_URL: gw.simulatorUrl,
  ITS_OPERATOR_ID: "9985",
  ITS_BOOKMAKER_ID: "1",
  ITS_TOKEN_RETRIES: "0",
  ITS_HTTP_RETRIES: "0",
  ...extra
})
const its = (args: ReadonlyArray<string>, stdin?: string, extra?: Record<string, string>) =>
  children.run(args, env(extra), stdin === undefined ? {} : { stdin })

/** The `ticket example` content of `kind` with fresh ids, so a resend is a new inform. */
const content = async (kind: string) => {
  const printed = await its(["ticket", "example", kind])
  expect(printed.code, printed.stderr).toBe(0)
  const json = JSON.parse(printed.stdout)
  for (const field of ["depositId", "withdrawalId", "reportId", "balanceChangeId"])
    if (field in json) json[field] = freshId(kind)
  return json
}

describe("its account-inform send / validate (subprocess)", () => {
  it("every kind: ticket example → validate → send over the data plane, its reply printed", {
    timeout: 240_000
  }, async () => {
    for (const kind of informExampleKinds) {
      const body = JSON.stringify(await content(kind))
      // validate on two kinds only: each subprocess costs seconds on a loaded CI machine.
      if (kind === "deposit" || kind === "casino-sessions") {
        const valid = await its(["account-inform", "validate", "--file", "-", "--json"], body)
        expect(valid.code, valid.stderr).toBe(0)
        expect(JSON.parse(valid.stdout)).toMatchObject({ valid: true, message: { operation: informOperation[kind] } })
      }
      const sent = await its(["account-inform", "send", kind, "--file", "-", "--json"], body)
      expect(sent.code, `${kind}: ${sent.stderr}`).toBe(0)
      expect(JSON.parse(sent.stdout)).toMatchObject({ type: `${JSON.parse(body).type}-reply`, code: 0 })
    }
    const received = (await gw.received()).map((r) => r.operation)
    for (const kind of informExampleKinds) expect(received).toContain(informOperation[kind])
  })

  it("--via-gateway: delivered through the outbox (the reply printed), human output by default", {
    timeout: 120_000
  }, async () => {
    const viaGateway = { ITS_GATEWAY_URL: gw.base, ITS_GATEWAY_API_KEY: keys.all, ITS_API_URL: "http://127.0.0.1:9" }
    const deposit = JSON.stringify(await content("deposit"))
    const sent = await its(["account-inform", "send", "deposit", "--file", "-", "--json"], deposit, viaGateway)
    expect(sent.code, sent.stderr).toBe(0)
    expect(JSON.parse(sent.stdout)).toMatchObject({ type: "deposit-inform-reply", code: 0 })
    const limit = JSON.stringify(await content("account-limit"))
    const human = await its(
      ["account-inform", "send", "account-limit", "--id", freshId("lim"), "--file", "-"],
      limit,
      viaGateway
    )
    expect(human.code, human.stderr).toBe(0)
    expect(human.stdout).toContain("account-limit-inform-reply")
    // Without an id of its own or --id the gateway refuses it (422), nothing is queued.
    const noId = await its(["account-inform", "send", "account-limit", "--file", "-"], limit, viaGateway)
    expect(noId.code).not.toBe(0)
  })

  it("validate: an invalid inform's problems with their paths, exit 1; send refuses it", {
    timeout: 120_000
  }, async () => {
    const bad = JSON.stringify({ ...(await content("withdrawal")), withdrawalId: "" })
    const result = await its(["account-inform", "validate", "--file", "-", "--json"], bad)
    expect(result.code).toBe(1)
    const out = JSON.parse(result.stdout)
    expect(out.valid).toBe(false)
    expect(out.problems.map((p: { path: string }) => p.path)).toContain("$.content.withdrawalId")
    const sent = await its(["account-inform", "send", "withdrawal", "--file", "-"], bad)
    expect(sent.code).not.toBe(0)
    const notAnInform = await its(["account-inform", "validate", "--file", "-"], '{"type":"ticket"}')
    expect(notAnInform.code).not.toBe(0)
    expect(notAnInform.stderr).toContain("not an account / balance / casino inform")
  })

  it("help lists send, validate and example with examples", async () => {
    const help = await its(["account-inform", "send", "--help"])
    expect(help.stdout).toContain("its account-inform example deposit | its account-inform send deposit --file -")
  })
})
