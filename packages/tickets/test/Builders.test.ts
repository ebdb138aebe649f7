import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import {
  Build,
  decimal,
  encodeRequest,
  example,
  exampleShapes,
  makeRequest,
  OperatorId,
  type TicketContext,
  validate
} from "../src/index.ts"

const now = 1_700_000_000_000
const operator = OperatorId.layerWith(9985)
const context: TicketContext = { channel: { type: "mobile-app", lang: "en" }, limitId: 1409 }
const leg = (eventId: string, odds: string) =>
  Build.uf({ productId: "1", eventId, marketId: "1", outcomeId: "1", odds })

/** The problems `validate` reports, as `[path, code]` pairs; none when it succeeds. */
const problems = (message: unknown) =>
  validate(message).pipe(
    Effect.match({ onSuccess: () => [], onFailure: (failed) => failed.problems.map((p) => [p.path, p.code]) })
  )

describe("envelopes", () => {
  it.effect("take the operator id from the environment, the time from Clock and a fresh correlation id", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const first = yield* makeRequest("ticket-placement", example("single"))
      const second = yield* makeRequest("ticket-placement", example("single"))
      expect(first).toMatchObject({
        operatorId: 9985,
        timestampUtc: now,
        operation: "ticket-placement",
        version: "3.0"
      })
      expect(first.correlationId).toMatch(/^[0-9a-f]{32}$/)
      expect(second.correlationId).not.toBe(first.correlationId)
    }).pipe(Effect.provide(operator))
  )

  it.effect("carry the Clock's time, so an unset TestClock (epoch 0) fails validation", () =>
    Effect.gen(function* () {
      const request = yield* makeRequest("ticket-placement", example("single"))
      expect(yield* problems(request)).toEqual([["$.timestampUtc", -104]])
    }).pipe(Effect.provide(operator))
  )
})

describe("examples", () => {
  it("cover the common shapes", () => {
    expect(exampleShapes).toEqual(["single", "accumulator", "system", "custom-bet", "external", "multi-stake"])
    const bet = (shape: (typeof exampleShapes)[number]) => example(shape).bets[0]!
    expect(bet("accumulator").selections).toHaveLength(3)
    expect(bet("system").selections[0]).toMatchObject({ type: "system", size: [2] })
    expect(bet("custom-bet").selections[0]?.type).toBe("uf-custom-bet")
    expect(bet("external").selections[0]?.type).toBe("external")
    expect(bet("multi-stake").stake.map((s) => s.type)).toEqual(["cash", "bonus"])
  })

  for (const shape of exampleShapes) {
    it.effect(`${shape} is a valid ticket-placement, and max-stake / ticket-build where applicable`, () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(now)
        const ticket = example(shape)
        const placement = yield* makeRequest("ticket-placement", ticket)
        expect(yield* problems(placement)).toEqual([])
        const build = yield* makeRequest("ticket-build", { type: "ticket-build", ticket })
        expect(yield* problems(build)).toEqual([])
        const cashOnly = ticket.bets.every((b) => b.stake.every((s) => s.type === "cash"))
        const maxStake = yield* makeRequest("max-stake", { type: "max-stake", ticket })
        expect((yield* problems(maxStake)).length === 0).toBe(cashOnly)
      }).pipe(Effect.provide(operator))
    )
  }
})

describe("builders", () => {
  it.effect("keep decimal text exactly as written", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const ticket = Build.single({
        ticketId: "T-1",
        selection: leg("sr:match:1", "1.30"),
        stake: Build.cash("10.00", "EUR"),
        context
      })
      const json = yield* Effect.flatMap(makeRequest("ticket-placement", ticket), encodeRequest)
      expect(json.content).toMatchObject({
        bets: [{ selections: [{ odds: { type: "decimal", value: "1.30" } }], stake: [{ amount: "10.00" }] }]
      })
    }).pipe(Effect.provide(operator))
  )

  it("accept odds of any format and stake options", () => {
    const fractional = { type: "fractional", numerator: decimal("3"), denominator: decimal("2") } as const
    expect(Build.uf({ productId: "1", eventId: "e", marketId: "1", outcomeId: "1", odds: fractional }).odds).toBe(
      fractional
    )
    expect(Build.stake("free-cash", "5", "USD", { mode: "unit", traceId: "Source_2099" })).toMatchObject({
      type: "free-cash",
      mode: "unit",
      traceId: "Source_2099"
    })
    expect(() => Build.cash("10,5", "EUR")).toThrow(/Not a plain decimal/)
  })

  it.effect("build a ticket-inform from a ticket and one verdict per bet", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const ticket = Build.ticket(
        "T-2",
        [
          Build.bet({ betId: "T-2-0", selections: [leg("sr:match:1", "1.5")], stake: Build.cash("10", "EUR") }),
          Build.bet({
            betId: "T-2-1",
            selections: [Build.accumulatorSelection([leg("sr:match:2", "2"), leg("sr:match:3", "2.5")])],
            stake: Build.cashAndBonus("4", "1", "EUR")
          })
        ],
        context
      )
      const inform = Build.ticketInform(ticket, [
        { code: 0, rejected: false, message: "Validated, OK" },
        { code: -701, rejected: true }
      ])
      expect(inform.betValidations.map((v) => v.betId)).toEqual(["T-2-0", "T-2-1"])
      expect(yield* problems(yield* makeRequest("ticket-placement-inform", inform))).toEqual([])

      const missingVerdict = Build.ticketInform(ticket, [{ code: 0, rejected: false }])
      expect(yield* problems(yield* makeRequest("ticket-placement-inform", missingVerdict))).toEqual([
        ["$.content.betValidations", -100]
      ])
    }).pipe(Effect.provide(operator))
  )

  it.effect("compose systems of custom bets and external selections", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const ticket = Build.systemTicket({
        ticketId: "T-3",
        size: [1, 2, 3],
        selections: [
          Build.customBet([leg("sr:match:1", "1.5"), leg("sr:match:1", "1.8")], "2.4"),
          Build.external({
            event: "ext:match:1",
            outcome: "ext-pre:1:a",
            odds: "3.25",
            expSettleTime: now + 86_400_000
          }),
          leg("sr:match:2", "1.9")
        ],
        stake: Build.cash("1", "EUR", { mode: "unit" }),
        context
      })
      expect(yield* problems(yield* makeRequest("ticket-placement", ticket))).toEqual([])
      const tooBig = Build.systemTicket({
        ...ticket,
        ticketId: "T-4",
        size: [4],
        selections: [leg("sr:match:2", "1.9")],
        stake: Build.cash("1", "EUR")
      })
      expect(yield* problems(yield* makeRequest("ticket-placement", tooBig))).toEqual([
        ["$.content.bets[0].selections[0].size[0]", -107]
      ])
    }).pipe(Effect.provide(operator))
  )
})
