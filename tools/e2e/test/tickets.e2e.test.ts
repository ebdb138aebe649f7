/**
 * `@its/tickets`' `Tickets` client → `@its/transport`'s `DataPlane` (WebSocket, bearer on the upgrade) → the
 * simulator with the ticket handler, over loopback. The transport is built from configuration the way an app does
 * (`ITS_ENV=local` with `ITS_API_URL` pointing at the simulator moves the token and WebSocket URLs with it).
 */
import { describe, expect, it } from "@effect/vitest"
import { Build, decodeReply, example, type Ticket, type TicketsSettings } from "@its/tickets"
import { Effect, Option } from "effect"
import { operatorId, startTickets } from "./support/simulator.ts"

const start = (config: Partial<TicketsSettings> = {}) =>
  startTickets({ rules: { liabilityLimit: "500" }, config, environment: { ITS_WS_REQUEST_TIMEOUT: "5 seconds" } })

const context = { channel: { type: "internet" as const, ip: "212.7.5.2", lang: "EN" }, limitId: 1409 }
const ticket = (ticketId: string, marketId = "1", stake = "10"): Ticket =>
  Build.single({
    ticketId,
    selection: Build.uf({ productId: "3", eventId: "sr:match:15050881", marketId, outcomeId: "2", odds: "1.32" }),
    stake: Build.cash(stake, "EUR"),
    context
  })

describe("tickets over the data plane (simulator)", () => {
  it.scopedLive("places an accepted ticket and acks it with the reply's signature", () =>
    Effect.gen(function* () {
      const { tickets, ledger } = yield* start()
      const reply = yield* tickets.placeTicket(example("single"))
      expect(reply).toMatchObject({ type: "ticket-reply", status: "accepted", code: 0, ticketId: "Ticket_3691" })
      const ack = yield* tickets.ack(reply)
      expect(ack).toMatchObject({ type: "ticket-ack-reply", status: "accepted", ticketId: "Ticket_3691" })
      const recorded = yield* ledger.ticket("Ticket_3691")
      expect(Option.map(recorded, (t) => [t.status, t.signature, t.acknowledged])).toEqual(
        Option.some(["accepted", reply.signature, true])
      )
      expect((yield* ledger.received).map((r) => r.operation)).toEqual(["ticket-placement", "ticket-placement-ack"])
      // A forged signature is refused.
      const forged = yield* tickets.ack({ ticketId: "Ticket_3691", signature: "forged" })
      expect(forged.status).toBe("rejected")
    })
  )

  it.scopedLive("auto-ack: accepted tickets are acknowledged before placeTicket returns", () =>
    Effect.gen(function* () {
      const { tickets, ledger } = yield* start({ autoAck: true })
      yield* tickets.placeTicket(ticket("Auto_1"))
      expect(Option.map(yield* ledger.ticket("Auto_1"), (t) => t.acknowledged)).toEqual(Option.some(true))
    })
  )

  it.scopedLive("rejections are data: -405 unknown market, -713 liability limit with an alt-stake", () =>
    Effect.gen(function* () {
      const { tickets } = yield* start()
      const unknownMarket = yield* tickets.placeTicket(ticket("R405", "999"))
      expect(unknownMarket).toMatchObject({ status: "rejected", code: -405 })
      expect(unknownMarket.betDetails?.[0]?.selectionDetails?.[0]?.selection).toMatchObject({ marketId: "999" })
      const overLimit = yield* tickets.placeTicket(ticket("R713", "1", "800"))
      expect(overLimit).toMatchObject({ status: "rejected", code: -713 })
      const suggestion = overLimit.betDetails?.[0]?.suggestion
      expect(suggestion?.type).toBe("alt-stake")
      expect(suggestion?.stake?.[0]?.amount.text).toBe("500")
    })
  )

  it.scopedLive("inform: the reply mirrors the betValidations", () =>
    Effect.gen(function* () {
      const { tickets } = yield* start()
      const accepted = yield* tickets.informTicket(Build.ticketInform(ticket("I_1"), [{ code: 0, rejected: false }]))
      expect(accepted).toMatchObject({ type: "ticket-inform-reply", status: "accepted" })
      const rejected = yield* tickets.informTicket(
        Build.ticketInform(ticket("I_2"), [{ code: -3, rejected: true, message: "client rule" }])
      )
      expect(rejected).toMatchObject({ status: "rejected", code: -3 })
    })
  )

  it.scopedLive("cancel, then cash-out is refused", () =>
    Effect.gen(function* () {
      const { tickets } = yield* start()
      const placed = yield* tickets.placeTicket(ticket("C_1"))
      const details = { type: "ticket" as const, ticketId: "C_1", ticketSignature: placed.signature }
      const cancelled = yield* tickets.cancel({
        type: "cancel",
        cancellationId: "CANC_1",
        details: { ...details, code: 101 }
      })
      expect(cancelled).toMatchObject({ type: "cancel-reply", status: "accepted", cancellationId: "CANC_1" })
      const cashout = yield* tickets.cashoutPlacement({
        type: "cashout-placement",
        cashout: {
          type: "cashout",
          cashoutId: "CO_1",
          details: {
            ...details,
            code: 101,
            payout: [{ type: "cash", amount: Build.cash("5", "EUR").amount, currency: "EUR" }]
          }
        }
      })
      expect(cashout).toMatchObject({ type: "cashout-placement-reply", status: "rejected", cashoutId: "CO_1" })
      expect(cashout.message).toContain("cancelled")
    })
  )

  it.scopedLive("an invalid message sent raw gets error-reply 401 with the failing paths", () =>
    Effect.gen(function* () {
      const { dataPlane } = yield* start()
      const raw = yield* dataPlane.request({
        operatorId,
        correlationId: "raw-1",
        timestampUtc: Date.UTC(2026, 0, 1),
        operation: "ticket-placement",
        version: "3.0",
        content: { type: "ticket", ticketId: "Raw_1", bets: [] }
      })
      const reply = yield* decodeReply(raw)
      expect(reply.correlationId).toBe("raw-1")
      expect(reply.content.type).toBe("error-reply")
      if (reply.content.type === "error-reply") {
        expect(reply.content.code).toBe(401)
        expect(reply.content.message).toMatch(/^Schema validation failed: \$\.content\.context: /)
      }
    })
  )

  it.scopedLive("the client never sends an invalid ticket", () =>
    Effect.gen(function* () {
      const { tickets, ledger } = yield* start()
      const error = yield* Effect.flip(tickets.placeTicket(ticket("Bad", "1", "-1")))
      expect(error._tag).toBe("@its/tickets/InvalidTicket")
      expect(yield* ledger.count()).toBe(0)
    })
  )

  it.scopedLive("no reply (fault) → OutcomeUnknown after the placement timeout, carrying the correlation id", () =>
    Effect.gen(function* () {
      const { tickets, faults, dataPlane } = yield* start({ prematchTimeout: "300 millis" })
      yield* faults.set({ script: [{ kind: "no-reply" }] })
      const error = yield* Effect.flip(tickets.placeTicket(ticket("Lost_1")))
      expect(error).toMatchObject({ _tag: "@its/tickets/OutcomeUnknown", reason: "reply-timeout", timeoutMillis: 300 })
      expect(error._tag === "@its/tickets/OutcomeUnknown" && error.correlationId).toMatch(/^[0-9a-f]{32}$/)
      expect(error.message).toContain("outcome unknown")
      // Sent once, never re-sent.
      expect((yield* dataPlane.stats).sent).toBe(1)
    })
  )
})
