import { describe, expect, it } from "@effect/vitest"
import { renderOutcome } from "../src/handlers/TicketOutcome.ts"

describe("ticket outcome table", () => {
  it("a ticket reply: verdict, ids, bets and exchange rates", () => {
    const text = renderOutcome({
      type: "ticket-reply",
      signature: "889WW7",
      status: "rejected",
      ticketId: "Ticket_3691",
      code: -405,
      message: "Market not found",
      betDetails: [{ betId: "Ticket_3691_bet_0", code: -405, message: "Market not found" }],
      exchangeRate: [{ fromCurrency: "EUR", toCurrency: "EUR", rate: "1.00000" }]
    })
    expect(text.split("\n")).toEqual([
      "ticket-reply: REJECTED (code -405: Market not found)",
      "status     rejected",
      "code       -405",
      "ticketId   Ticket_3691",
      "signature  889WW7",
      "",
      "betId              code  message",
      "-----------------  ----  ----------------",
      "Ticket_3691_bet_0  -405  Market not found",
      "",
      "from  to   rate",
      "----  ---  -------",
      "EUR   EUR  1.00000"
    ])
  })

  it("an inform still queued in the gateway's outbox", () => {
    const text = renderOutcome({ id: "e1", ticketId: "T1", status: "pending", attempts: 0 })
    expect(text).toContain("inform queued in the gateway's outbox: pending")
    expect(text).toMatch(/^id\s+e1$/m)
  })
})
