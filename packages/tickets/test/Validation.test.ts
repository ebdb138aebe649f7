import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { TicketLimits, validate } from "../src/index.ts"
import { fixture } from "./fixtures.ts"

/** The problems `validate` reports, as `[path, code]` pairs in reporting order; none when it succeeds. */
const problems = (message: unknown) =>
  validate(message).pipe(
    Effect.match({ onSuccess: () => [], onFailure: (failed) => failed.problems.map((p) => [p.path, p.code]) })
  )

const placement = () => fixture("6.1-ticket-placement.json")
const uf = (odds: string) => ({
  type: "uf",
  productId: "3",
  eventId: "sr:match:15050881",
  marketId: "1",
  outcomeId: "2",
  odds: { type: "decimal", value: odds }
})
const cash = (amount: string, currency = "EUR") => ({ type: "cash", currency, amount })

describe("validate: semantic rules", () => {
  it.effect("reports every problem of a broken ticket with its path and code", () =>
    Effect.gen(function* () {
      const request = placement()
      const [first] = request.content.bets
      first.betId = "b1"
      first.selections[0].odds.value = "1.0"
      request.content.bets.push(
        { betId: "b1", selections: [], stake: [cash("-5", "euro")] },
        {
          betId: "b2",
          selections: [{ type: "system", size: [2, 4], selections: [uf("1.5"), uf("2"), uf("3")] }],
          stake: [cash("1")]
        }
      )
      Object.assign(request.content.context, { limitId: 0, endCustomer: { id: "x".repeat(40) } })
      Object.assign(request.content.context.channel, { ip: "999.1.1.1", lang: "ENG" })
      expect(yield* problems(request)).toEqual([
        ["$.content.bets[0].selections[0].odds.value", -107],
        ["$.content.bets[1].betId", -107],
        ["$.content.bets[1].selections", -100],
        ["$.content.bets[1].stake[0].currency", -107],
        ["$.content.bets[1].stake[0].amount", -107],
        ["$.content.bets[2].selections[0].size[1]", -107],
        ["$.content.context.channel.ip", -107],
        ["$.content.context.channel.lang", -107],
        ["$.content.context.limitId", -107],
        ["$.content.context.endCustomer.id", -106]
      ])
    })
  )

  it.effect("explains each problem", () =>
    Effect.gen(function* () {
      const request = placement()
      request.content.bets[0].selections[0].odds.value = "1"
      const failed = yield* Effect.flip(validate(request))
      expect(failed.problems).toMatchObject([
        {
          path: "$.content.bets[0].selections[0].odds.value",
          code: -107,
          message: "must be greater than 1 and at most 100000, actual 1"
        }
      ])
      expect(failed.message).toContain("$.content.bets[0].selections[0].odds.value (-107)")
    })
  )

  it.effect("checks that betValidations cover each bet exactly once", () =>
    Effect.gen(function* () {
      const inform = fixture("6.2-ticket-placement-inform.json")
      const { ticket } = inform.content
      ticket.bets.push({ ...structuredClone(ticket.bets[0]), betId: "Ticket_5001_bet_1" })
      inform.content.betValidations = [
        { betId: "Ticket_5001_bet_0", code: 0, rejected: false },
        { betId: "Ticket_5001_bet_0", code: 0, rejected: false },
        { betId: "bet_unknown", code: -1, rejected: true }
      ]
      expect(yield* problems(inform)).toEqual([
        ["$.content.betValidations[1].betId", -107],
        ["$.content.betValidations[2].betId", -107],
        ["$.content.betValidations", -100]
      ])
    })
  )

  it.effect("requires betIds on a pre-validated ticket with several bets", () =>
    Effect.gen(function* () {
      const inform = fixture("6.2-ticket-placement-inform.json")
      const { ticket } = inform.content
      delete ticket.bets[0].betId
      ticket.bets.push(structuredClone(ticket.bets[0]))
      inform.content.betValidations = [{ code: 0, rejected: false }]
      expect(yield* problems(inform)).toEqual([
        ["$.content.ticket.bets[0].betId", -100],
        ["$.content.ticket.bets[1].betId", -100],
        ["$.content.betValidations[0].betId", -100],
        ["$.content.betValidations", -100],
        ["$.content.betValidations", -100]
      ])
      inform.content.betValidations = []
      expect(yield* problems(inform)).toContainEqual(["$.content.betValidations", -100])
    })
  )

  it.effect("checks every odds format", () =>
    Effect.gen(function* () {
      const request = placement()
      const odds = [
        { type: "decimal", value: "100000.01" },
        { type: "fractional", numerator: "3.5", denominator: "0" },
        { type: "hong-kong", value: "0" },
        { type: "indonesian", value: "0.5" },
        { type: "malay", value: "-1.5" },
        { type: "moneyline", value: "50" },
        { type: "moneyline", value: "-150" }
      ]
      request.content.bets[0].selections = odds.map((o) => ({ ...uf("2"), odds: o }))
      expect(yield* problems(request)).toEqual([
        ["$.content.bets[0].selections[0].odds.value", -107],
        ["$.content.bets[0].selections[1].odds.numerator", -107],
        ["$.content.bets[0].selections[1].odds.denominator", -107],
        ["$.content.bets[0].selections[2].odds.value", -107],
        ["$.content.bets[0].selections[3].odds.value", -107],
        ["$.content.bets[0].selections[4].odds.value", -107],
        ["$.content.bets[0].selections[5].odds.value", -107]
      ])
    })
  )

  it.effect("checks external selections, systems and empty nested selections", () =>
    Effect.gen(function* () {
      const request = placement()
      request.content.bets[0].selections = [
        {
          type: "external",
          event: "ext match",
          outcome: "",
          odds: { type: "decimal", value: "1.5" },
          expSettleTime: 0
        },
        { type: "system", size: [], selections: [] },
        {
          type: "system",
          size: [1, 1],
          selections: [{ type: "uf-custom-bet", selections: [], odds: { type: "decimal", value: "3" } }]
        }
      ]
      expect(yield* problems(request)).toEqual([
        ["$.content.bets[0].selections[0].event", -105],
        ["$.content.bets[0].selections[0].outcome", -100],
        ["$.content.bets[0].selections[0].expSettleTime", -104],
        ["$.content.bets[0].selections[1].size", -100],
        ["$.content.bets[0].selections[1].selections", -100],
        ["$.content.bets[0].selections[2].size[1]", -107],
        ["$.content.bets[0].selections[2].selections[0].selections", -100]
      ])
    })
  )

  it.effect("accepts only cash stakes in a max-stake request", () =>
    Effect.gen(function* () {
      const { content, ...envelope } = placement()
      content.bets[0].stake.push({ type: "bonus", currency: "EUR", amount: "2" })
      const request = { ...envelope, operation: "max-stake", content: { type: "max-stake", ticket: content } }
      expect(yield* problems(request)).toEqual([["$.content.ticket.bets[0].stake[1].type", -107]])
    })
  )

  it.effect("checks identifiers, signatures and partial ratios of cancellations and acks", () =>
    Effect.gen(function* () {
      const ack = fixture("6.3-ticket-cancel-ack.json")
      ack.content.cancellationSignature = ""
      ack.content.cancellationId = "c".repeat(129)
      expect(yield* problems(ack)).toEqual([
        ["$.content.cancellationId", -107],
        ["$.content.cancellationSignature", -100]
      ])
      const { content: _, ...envelope } = ack
      const cancel = {
        ...envelope,
        operation: "ticket-cancel",
        content: {
          type: "cancel",
          cancellationId: "CANC1",
          details: {
            type: "bet-partial",
            ticketId: "Ticket_3668",
            ticketSignature: "sig",
            code: 101,
            betId: "",
            percentage: "1.5"
          }
        }
      }
      expect(yield* problems(cancel)).toEqual([
        ["$.content.details.betId", -100],
        ["$.content.details.percentage", -107]
      ])
    })
  )

  it.effect("reads its limits from TicketLimits", () =>
    Effect.gen(function* () {
      const request = placement()
      request.content.bets.push(structuredClone(request.content.bets[0]))
      const strict = TicketLimits.layerWith({ betsPerTicket: { min: 1, max: 1 }, maxMessageBytes: 100 })
      expect(yield* problems(request).pipe(Effect.provide(strict))).toEqual([
        ["$.content.bets", -107],
        ["$", -107]
      ])
      expect(yield* problems(request).pipe(Effect.provide(TicketLimits.layerWith({})))).toEqual([])
    })
  )
})

describe("validate: schema problems", () => {
  it.effect("maps decode issues to MTS codes -100 … -107", () =>
    Effect.gen(function* () {
      const request = placement()
      request.version = "2.4"
      request.timestampUtc = 1678876155000.5
      delete request.content.ticketId
      request.content.bets[0].stake[0].amount = 10
      request.content.bets[0].stake[0].mode = 1
      request.content.context.limitId = 14.5
      expect(yield* problems(request)).toEqual([
        ["$.timestampUtc", -104],
        ["$.version", -107],
        ["$.content.ticketId", -100],
        ["$.content.bets[0].stake[0].amount", -101],
        ["$.content.bets[0].stake[0].mode", -102],
        ["$.content.context.limitId", -103]
      ])
    })
  )

  it.effect("allows only uf selections inside a custom bet", () =>
    Effect.gen(function* () {
      const request = placement()
      const legs = [
        uf("1.5"),
        { type: "external", event: "ext:1", outcome: "ext:2", odds: { type: "decimal", value: "2" }, expSettleTime: 1 }
      ]
      request.content.bets[0].selections = [
        { type: "uf-custom-bet", selections: legs, odds: { type: "decimal", value: "3" } }
      ]
      expect(yield* problems(request)).toEqual([["$.content.bets[0].selections[0].selections[1].type", -107]])
    })
  )

  it.effect("rejects an unknown selection type and a number where the version string belongs", () =>
    Effect.gen(function* () {
      const request = placement()
      request.version = 3
      request.content.bets[0].selections[0].type = "bet-builder"
      expect(yield* problems(request)).toEqual([
        ["$.version", -101],
        ["$.content.bets[0].selections[0].type", -107]
      ])
    })
  )
})
