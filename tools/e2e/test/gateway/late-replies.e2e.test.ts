/**
 * Late replies through the gateway (issue 15 §3): the simulator's data-plane latency fault holds the reply beyond the
 * gateway's reply timeout, so the placement answers 502 `ticketOutcome: "unknown"` pointing at
 * `GET /v1/tickets/{ticketId}/reply`; the reply that arrives later is stored with its signature, and the ticket is
 * acked with it. Real time, scaled down: 1.2 s latency against a 300 ms pre-match timeout.
 */
import { describe, expect, it } from "vitest"
import { expectNoSecretsInFile, expectProblem, keys, ticketJson, useGateway } from "./support.ts"

const gw = useGateway({ tickets: { prematchTimeout: "300 millis", requestTimeout: "3 seconds" } })

const eventually = async <T>(probe: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> => {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > until) throw new Error("not within the time limit")
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe("late replies", () => {
  it("a reply after the timeout is served at /v1/tickets/{ticketId}/reply with its signature and can be acked", async () => {
    const ticket = ticketJson()
    expect((await gw.get(`/v1/tickets/${ticket.ticketId}/reply`, keys["tickets:read"])).status).toBe(404)

    await gw.run(gw.dataPlaneFaults.set({ latencyMs: 1200 }))
    const placed = await gw.post("/v1/tickets/placement", ticket, keys["tickets:write"])
    const problem = expectProblem(placed, 502)
    expect(problem.ticketOutcome).toBe("unknown")
    expect(problem.detail).toContain(`GET /v1/tickets/${ticket.ticketId}/reply`)
    await gw.run(gw.dataPlaneFaults.clear)

    const late = await eventually(async () => {
      const reply = await gw.get(`/v1/tickets/${ticket.ticketId}/reply`, keys["tickets:read"])
      return reply.status === 200 ? reply.json : undefined
    })
    const recorded = await gw.ticketRecord(ticket.ticketId)
    expect(late).toMatchObject({
      ticketId: ticket.ticketId,
      operation: "ticket-placement",
      reply: { operation: "ticket-placement", content: { type: "ticket-reply", status: "accepted" } }
    })
    expect(late.reply.content.signature).toBe(recorded?.signature)

    const ack = await gw.post(
      "/v1/tickets/ack",
      {
        type: "ticket-ack",
        ticketId: ticket.ticketId,
        ticketSignature: late.reply.content.signature,
        acknowledged: true
      },
      keys["tickets:write"]
    )
    expect(ack.status, ack.text).toBe(200)
    expect(ack.json).toMatchObject({ type: "ticket-ack-reply", status: "accepted" })

    const metrics = await gw.get("/metrics", keys.ops)
    expect(metrics.text).toMatch(/its_gateway_late_replies_total(\{[^}]*\})? 1/)
  })

  it("the lookup needs tickets:read", async () => {
    expectProblem(await gw.get("/v1/tickets/anything/reply", keys["scores:read"]), 403)
  })

  it("leaks no secret", ({ task }) => expectNoSecretsInFile(gw, task))
})
