/**
 * `its ticket …` and `its ltd` as subprocesses against a simulator with ticket semantics on the data plane: examples,
 * validation, placement from stdin, acknowledgement, rejection (exit 1), input errors (exit 2), LTD.
 */
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { json } from "./cliProcess.ts"
import { useSimulatorCli } from "./simulatorCli.ts"

const { its, dir } = useSimulatorCli()

// Independent commands of a test run concurrently (each process spends most of its time starting up).
describe("its ticket (subprocess, simulator)", () => {
  it("tickets: example, validate, place from stdin, ack accepted, rejected → 1, LTD", {
    timeout: 120_000
  }, async () => {
    const example = await its(["ticket", "example", "single"])
    expect(example.code).toBe(0)
    const ticket = JSON.parse(example.stdout) as { ticketId: string }
    expect(ticket.ticketId).toBeTruthy()
    const file = join(dir, "ticket.json")
    writeFileSync(file, example.stdout)

    const [valid, invalid, placed] = await Promise.all([
      its(["ticket", "validate", "--file", file, "--json"]),
      its(["ticket", "validate", "--file", "-", "--json"], { stdin: '{"type":"ticket"}' }),
      its(["ticket", "place", "--file", "-", "--json"], { stdin: example.stdout })
    ])
    expect(valid.code).toBe(0)
    expect(json(valid)).toMatchObject({ valid: true, problems: [], message: { operation: "ticket-placement" } })
    expect(invalid.code).toBe(1)
    expect(json(invalid)).toMatchObject({ valid: false, message: null })
    expect((json(invalid).problems as Array<{ path: string; code: number }>)[0]).toMatchObject({ code: -100 })

    expect(placed.code).toBe(0)
    const reply = json(placed)
    expect(reply).toMatchObject({ type: "ticket-reply", status: "accepted", code: 0, ticketId: ticket.ticketId })

    expect(typeof reply.signature).toBe("string")

    const envelope = JSON.parse(valid.stdout).message
    const [ack, rejected, wrongOp, notJson, absent, noOperator, ltd] = await Promise.all([
      // The acknowledgement of the placement above, with its ticket id and signature.
      its(["ticket", "ack", "--file", "-", "--json"], {
        stdin: JSON.stringify({
          type: "ticket-ack",
          ticketId: reply.ticketId,
          ticketSignature: reply.signature,
          acknowledged: true
        })
      }),
      its(["ticket", "place", "--file", "-", "--json"], {
        stdin: example.stdout
          .replace(ticket.ticketId, "Ticket_rejected")
          .replace('"marketId": "1"', '"marketId": "999"')
      }),
      its(["ticket", "cancel", "--file", "-"], { stdin: JSON.stringify(envelope) }),
      its(["ticket", "place", "--file", "-"], { stdin: "{not json" }),
      its(["ticket", "place", "--file", join(dir, "absent.json")]),
      its(["ticket", "place", "--file", file], { env: { ITS_OPERATOR_ID: undefined } }),
      its(["ltd", "--file", file, "--json"])
    ])
    expect(ack.code).toBe(0)
    expect(json(ack)).toMatchObject({
      type: "ticket-ack-reply",
      status: "accepted",
      code: 0,
      ticketId: ticket.ticketId
    })
    expect(rejected.code).toBe(1)
    expect(json(rejected)).toMatchObject({ status: "rejected", code: -405 })
    expect([wrongOp.code, notJson.code, absent.code, noOperator.code]).toEqual([2, 2, 2, 2])
    expect(ltd.code).toBe(0)
    expect(json(ltd)).toHaveProperty("ltdModelSuggestion")
  })
})
