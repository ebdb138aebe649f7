import { describe, expect, it } from "@effect/vitest"
import {
  Build,
  decodeReply,
  encodeRequest,
  example,
  makeRequest,
  type Operation,
  OperatorId,
  type RequestFor
} from "@its/tickets"
import { Effect, Layer, Option, TestClock } from "effect"
import { DataPlaneHandler, type RequestEnvelope, TicketHandler, TicketLedger } from "../src/index.ts"

const layer = (rules: Partial<TicketHandler.TicketRules> = {}) =>
  TicketHandler.layerWith(rules).pipe(Layer.provideMerge(TicketLedger.layer), Layer.merge(OperatorId.layerWith(9985)))

/** Builds, encodes and handles one request; answers the reply content, checked against the `@its/tickets` schemas. */
const send = <Op extends Operation>(operation: Op, content: RequestFor<Op>["content"]) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(1_700_000_000_000)
    const request = yield* makeRequest(operation, content)
    const json = (yield* encodeRequest(request)) as unknown as RequestEnvelope
    const reply = yield* (yield* DataPlaneHandler).handle(json)
    // The reply must decode as the operation's reply.
    yield* decodeReply({
      correlationId: json.correlationId,
      operation,
      timestampUtc: 1,
      version: "3.0",
      content: reply
    })
    return reply as Record<string, unknown>
  })

const raw = (content: Record<string, unknown>, operation = "ticket-placement") =>
  Effect.flatMap(DataPlaneHandler, (h) =>
    h.handle({
      operatorId: 1,
      correlationId: "c1",
      timestampUtc: 1,
      operation,
      version: "3.0",
      content: content as never
    })
  )

const context = { channel: { type: "internet" as const, ip: "212.7.5.2", lang: "EN" }, limitId: 1409 }
const withMarket = (ticketId: string, marketId: string, stake = "10") =>
  Build.single({
    ticketId,
    selection: Build.uf({ productId: "3", eventId: "sr:match:7", marketId, outcomeId: "1", odds: "1.5" }),
    stake: Build.cash(stake, "EUR"),
    context
  })

describe("TicketHandler", () => {
  it.effect("accepts a valid ticket with a signature and records it", () =>
    Effect.gen(function* () {
      const reply = yield* send("ticket-placement", example("single"))
      expect(reply).toMatchObject({ type: "ticket-reply", status: "accepted", code: 0, ticketId: "Ticket_3691" })
      expect(reply.signature).toMatch(/^[A-Za-z0-9+/]{43}=$/)
      const ledger = yield* TicketLedger
      const ticket = yield* ledger.ticket("Ticket_3691")
      expect(Option.map(ticket, (t) => [t.status, t.signature])).toEqual(Option.some(["accepted", reply.signature]))
      expect(yield* ledger.count({ operation: "ticket-placement", outcome: "accepted" })).toBe(1)
    }).pipe(Effect.provide(layer()))
  )

  it.effect("rejects an unknown market with -405 and a selection echo", () =>
    Effect.gen(function* () {
      const reply = yield* send("ticket-placement", withMarket("T405", "999"))
      expect(reply).toMatchObject({ status: "rejected", code: -405 })
      expect(reply.message).toBe("Market is not found in MTS (selection: uof:3/sr:match:7/999/1, match: sr:match:7)")
      const [detail] = reply.betDetails as Array<{ selectionDetails: Array<{ selection: { marketId: string } }> }>
      expect(detail?.selectionDetails[0]?.selection.marketId).toBe("999")
    }).pipe(Effect.provide(layer()))
  )

  it.effect("rejects a stake over the liability limit with -713 and an alt-stake suggestion (configurable)", () =>
    Effect.gen(function* () {
      const reply = yield* send("ticket-placement", withMarket("T713", "1", "60"))
      expect(reply).toMatchObject({ status: "rejected", code: -713 })
      expect(reply.betDetails).toEqual([
        {
          code: -713,
          message: "Liability over Customer bet liability limit on Customer level",
          suggestion: { type: "alt-stake", stake: [{ type: "cash", currency: "EUR", amount: "50" }] }
        }
      ])
    }).pipe(Effect.provide(layer({ liabilityLimit: "50" })))
  )

  it.effect("answers schema problems with error-reply 401 and the router's message format", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(raw({ type: "ticket", ticketId: "T1", bets: [], surprise: 1 }))
      expect(error.code).toBe(401)
      expect(error.message).toMatch(/^Schema validation failed: \$\.content\.[a-z]+: .+;/)
      expect(error.message).toContain("$.content.context: ")
      expect(error.message).toContain("$.content.surprise: ")
      expect(yield* (yield* TicketLedger).count({ outcome: "error-reply" })).toBe(1)
    }).pipe(Effect.provide(layer()))
  )

  it.effect("rejects a semantically invalid ticket in its ticket-reply with the validation code", () =>
    Effect.gen(function* () {
      const bad = withMarket("Tbad", "1")
      const reply = yield* raw({
        ...JSON.parse(JSON.stringify(yield* encodeRequest(yield* makeRequest("ticket-placement", bad)))).content,
        bets: [{ selections: [], stake: [{ type: "cash", currency: "EUR", amount: "1" }] }]
      })
      expect(reply).toMatchObject({ type: "ticket-reply", status: "rejected", code: -100 })
    }).pipe(Effect.provide(layer()), Effect.provide(OperatorId.layerWith(1)))
  )

  it.effect("rejects a duplicate ticketId", () =>
    Effect.gen(function* () {
      const first = yield* send("ticket-placement", example("single"))
      const second = yield* send("ticket-placement", example("single"))
      expect(second).toMatchObject({ status: "rejected", code: -107, message: "Duplicate ticketId: Ticket_3691" })
      // The first placement stays the recorded one.
      const ticket = yield* (yield* TicketLedger).ticket("Ticket_3691")
      expect(Option.map(ticket, (t) => t.signature)).toEqual(Option.some(first.signature))
    }).pipe(Effect.provide(layer()))
  )

  it.effect("ticket-inform-reply status mirrors the betValidations", () =>
    Effect.gen(function* () {
      const ok = yield* send(
        "ticket-placement-inform",
        Build.ticketInform(withMarket("I1", "1"), [{ code: 0, rejected: false }])
      )
      expect(ok).toMatchObject({ type: "ticket-inform-reply", status: "accepted", code: 0 })
      const no = yield* send(
        "ticket-placement-inform",
        Build.ticketInform(withMarket("I2", "999"), [{ code: -21, rejected: true, message: "operator says no" }])
      )
      expect(no).toMatchObject({ status: "rejected", code: -21, message: "operator says no" })
    }).pipe(Effect.provide(layer()))
  )

  it.effect("acks must echo the reply's signature", () =>
    Effect.gen(function* () {
      const placed = yield* send("ticket-placement", example("single"))
      const ack = (ticketSignature: string) =>
        send("ticket-placement-ack", {
          type: "ticket-ack",
          ticketId: "Ticket_3691",
          ticketSignature,
          acknowledged: true
        })
      expect(yield* ack("forged")).toMatchObject({ type: "ticket-ack-reply", status: "rejected", code: -107 })
      expect(yield* ack(placed.signature as string)).toMatchObject({ status: "accepted", code: 0 })
      const ticket = yield* (yield* TicketLedger).ticket("Ticket_3691")
      expect(Option.map(ticket, (t) => t.acknowledged)).toEqual(Option.some(true))
    }).pipe(Effect.provide(layer()))
  )

  it.effect("cancel, then cash-out is refused; cancelling twice is refused", () =>
    Effect.gen(function* () {
      const placed = yield* send("ticket-placement", example("single"))
      const ticketSignature = placed.signature as string
      const cancel = (cancellationId: string) =>
        send("ticket-cancel", {
          type: "cancel",
          cancellationId,
          details: { type: "ticket", ticketId: "Ticket_3691", ticketSignature, code: 101 }
        })
      expect(yield* cancel("C1")).toMatchObject({ type: "cancel-reply", status: "accepted", cancellationId: "C1" })
      expect(yield* cancel("C2")).toMatchObject({
        status: "rejected",
        message: "Ticket Ticket_3691 is already cancelled"
      })
      const cashout = yield* send("cashout-placement", {
        type: "cashout-placement",
        cashout: {
          type: "cashout",
          cashoutId: "CO1",
          details: {
            type: "ticket",
            ticketId: "Ticket_3691",
            ticketSignature,
            code: 101,
            payout: [{ type: "cash", amount: Build.cash("5", "EUR").amount, currency: "EUR" }]
          }
        }
      })
      expect(cashout).toMatchObject({
        type: "cashout-placement-reply",
        status: "rejected",
        message: "Ticket Ticket_3691 is cancelled and cannot be cashed out"
      })
      const ticket = yield* (yield* TicketLedger).ticket("Ticket_3691")
      expect(Option.map(ticket, (t) => [t.cancelled, t.cashedOut])).toEqual(Option.some([true, false]))
    }).pipe(Effect.provide(layer()))
  )

  it.effect("cash-out of an unknown ticket is refused; max-stake answers the limit", () =>
    Effect.gen(function* () {
      const reply = yield* send("cashout-build", {
        type: "cashout-build",
        cashout: {
          type: "cashout",
          cashoutId: "CO9",
          details: {
            type: "ticket",
            ticketId: "nope",
            ticketSignature: "x",
            code: 100,
            payout: [{ type: "cash", amount: Build.cash("5", "EUR").amount, currency: "EUR" }]
          }
        }
      })
      expect(reply).toMatchObject({
        type: "cashout-build-reply",
        status: "rejected",
        message: "Ticket not found: nope"
      })
      const max = yield* send("max-stake", { type: "max-stake", ticket: example("single") })
      expect(max).toMatchObject({ type: "max-stake-reply", code: 0 })
      expect((max.bets as Array<{ stake: unknown }>)[0]?.stake).toEqual([
        { type: "cash", currency: "EUR", amount: "1000" }
      ])
    }).pipe(Effect.provide(layer()))
  )
})
