/**
 * `ltdRequest`: the ticket half of an LTD suggestion (the full Transaction 3.0 envelope, exact decimals, the ids);
 * the models half (`ltdSuggestion`, `TicketLtd`) is tested in `@its/models`, the two together in tools/e2e.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { Build, ltdRequest, OperatorId } from "../src/index.ts"

const now = 1_700_000_000_000

const live = (ticketId: string, stake = "10") =>
  Build.single({
    ticketId,
    selection: Build.uf({ productId: "1", eventId: "sr:match:15050881", marketId: "1", outcomeId: "2", odds: "2.10" }),
    stake: Build.cash(stake, "EUR"),
    context: { channel: { type: "internet", ip: "212.7.5.2", lang: "EN" }, limitId: 1409 }
  })

describe("ltdRequest", () => {
  it.effect("a Ticket becomes the ticket-placement envelope, with the operator id and the ids to trace it by", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const request = yield* ltdRequest(live("Live_1"))
      expect(request.operatorId).toBe(9985)
      expect(request.ticketId).toBe("Live_1")
      expect(request.correlationId).toMatch(/^[0-9a-f]{32}$/)
      expect(request.json).toMatchObject({
        operatorId: 9985,
        timestampUtc: now,
        operation: "ticket-placement",
        version: "3.0",
        correlationId: request.correlationId,
        content: { type: "ticket", ticketId: "Live_1" }
      })
      // The wire text of decimals is kept ("2.10", not 2.1): the same encoding as the data plane.
      const selection = (request.json as { content: { bets: Array<{ selections: Array<{ odds: unknown }> }> } }).content
        .bets[0]!.selections[0]!
      expect(selection.odds).toEqual({ type: "decimal", value: "2.10" })
    }).pipe(Effect.provide(OperatorId.layerWith(9985)))
  )

  it.effect("a TicketInform goes as ticket-placement-inform", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const request = yield* ltdRequest(Build.ticketInform(live("I_1"), [{ code: 0, rejected: false }]))
      expect(request.ticketId).toBe("I_1")
      expect(request.json).toMatchObject({
        operation: "ticket-placement-inform",
        content: { type: "ticket-inform", ticket: { ticketId: "I_1" } }
      })
    }).pipe(Effect.provide(OperatorId.layerWith(9985)))
  )

  it.effect("an invalid ticket fails with InvalidTicket (so it is never sent)", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const error = yield* Effect.flip(ltdRequest(live("Bad", "-5")))
      expect(error._tag).toBe("@its/tickets/InvalidTicket")
      expect(error.operation).toBe("ticket-placement")
      expect(error.problems.map((p) => p.path)).toContain("$.content.bets[0].stake[0].amount")
    }).pipe(Effect.provide(OperatorId.layerWith(9985)))
  )
})
