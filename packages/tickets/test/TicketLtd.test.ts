/**
 * `ltdSuggestion` / `TicketLtd` with a test double of `@its/models`' `Models`: what goes to the LTD API (the full
 * Transaction 3.0 envelope, exact decimals, the bookmaker) and what comes back or fails.
 */
import { describe, expect, it } from "@effect/vitest"
import {
  BookmakerId,
  type LtdResponse,
  type LtdTicketRequest,
  ModelResponseInvalid,
  Models,
  type ModelsError,
  type ModelsShape,
  WireDecimal
} from "@its/models"
import { Effect, Layer, TestClock } from "effect"
import { Build, example, ltdSuggestion, OperatorId, TicketLtd } from "../src/index.ts"

const now = 1_700_000_000_000

interface LtdCall {
  readonly bookmaker: number
  readonly ticket: LtdTicketRequest
}

const suggestion = (ticketId: string): LtdResponse => ({
  ltdModelSuggestion: "Delay",
  ltdSuggestion: new WireDecimal({ text: "30", value: 30 }),
  ltdSuggestionEdl: new WireDecimal({ text: "45", value: 45 }),
  ticketId
})

/**
 * A `Models` whose `ltd.suggest` records its calls and answers with `answer`; every other client is absent (a
 * call to one of them would be a bug in the code under test, and fails the test with a TypeError).
 */
const fakeModels = (
  answer: (call: LtdCall) => Effect.Effect<LtdResponse, ModelsError> = (call) =>
    Effect.succeed(suggestion(String((call.ticket.content as { ticketId?: string }).ticketId)))
) => {
  const calls: Array<LtdCall> = []
  const layer = Layer.succeed(Models, {
    ltd: {
      suggest: (bookmaker, ticket) =>
        Effect.suspend(() => {
          calls.push({ bookmaker, ticket })
          return answer({ bookmaker, ticket })
        })
    }
  } as Partial<ModelsShape> as ModelsShape)
  return { calls, layer: Layer.merge(layer, OperatorId.layerWith(9985)), models: layer }
}

const live = (ticketId: string, stake = "10") =>
  Build.single({
    ticketId,
    selection: Build.uf({ productId: "1", eventId: "sr:match:15050881", marketId: "1", outcomeId: "2", odds: "2.10" }),
    stake: Build.cash(stake, "EUR"),
    context: { channel: { type: "internet", ip: "212.7.5.2", lang: "EN" }, limitId: 1409 }
  })

describe("ltdSuggestion", () => {
  it.effect("sends the ticket-placement envelope to the operator's bookmaker and returns the suggestion", () => {
    const { calls, layer } = fakeModels()
    return Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const reply = yield* ltdSuggestion(live("Live_1"))
      expect(reply.ltdModelSuggestion).toBe("Delay")
      expect(reply.ticketId).toBe("Live_1")
      expect(calls).toHaveLength(1)
      const [call] = calls
      expect(call!.bookmaker).toBe(9985)
      expect(call!.ticket).toMatchObject({
        operatorId: 9985,
        timestampUtc: now,
        operation: "ticket-placement",
        version: "3.0",
        content: { type: "ticket", ticketId: "Live_1" }
      })
      expect(call!.ticket.correlationId).toMatch(/^[0-9a-f]{32}$/)
      // The wire text of decimals is kept ("2.10", not 2.1): the same encoding as the data plane.
      const selection = (call!.ticket.content as { bets: Array<{ selections: Array<{ odds: unknown }> }> }).bets[0]!
        .selections[0]!
      expect(selection.odds).toEqual({ type: "decimal", value: "2.10" })
    }).pipe(Effect.provide(layer))
  })

  it.effect("a TicketInform goes as ticket-placement-inform; options.bookmaker overrides the operator id", () => {
    const { calls, layer } = fakeModels(() => Effect.succeed(suggestion("I_1")))
    return Effect.gen(function* () {
      yield* TestClock.setTime(now)
      yield* ltdSuggestion(Build.ticketInform(live("I_1"), [{ code: 0, rejected: false }]), {
        bookmaker: BookmakerId.make(42)
      })
      expect(calls[0]?.bookmaker).toBe(42)
      expect(calls[0]?.ticket).toMatchObject({
        operation: "ticket-placement-inform",
        content: { type: "ticket-inform", ticket: { ticketId: "I_1" } }
      })
    }).pipe(Effect.provide(layer))
  })

  it.effect("an invalid ticket fails with InvalidTicket and is never sent", () => {
    const { calls, layer } = fakeModels()
    return Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const error = yield* Effect.flip(ltdSuggestion(live("Bad", "-5")))
      expect(error._tag).toBe("@its/tickets/InvalidTicket")
      if (error._tag === "@its/tickets/InvalidTicket") {
        expect(error.operation).toBe("ticket-placement")
        expect(error.problems.map((p) => p.path)).toContain("$.content.bets[0].stake[0].amount")
      }
      expect(calls).toHaveLength(0)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a Models failure passes through unchanged", () => {
    const failure = new ModelResponseInvalid({ api: "ltd", problems: ["ltdModelSuggestion: expected Delay"] })
    const { layer } = fakeModels(() => Effect.fail(failure))
    return Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const error = yield* Effect.flip(ltdSuggestion(example("single")))
      // Compared by fields: the span machinery may hand back a copy of the error object.
      expect(error._tag).toBe("ModelResponseInvalid")
      expect(error instanceof ModelResponseInvalid && [error.api, error.problems]).toEqual(["ltd", failure.problems])
    }).pipe(Effect.provide(layer))
  })

  it.effect("an operator id that is no bookmaker id needs options.bookmaker", () => {
    const { calls, models } = fakeModels()
    return Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const error = yield* Effect.flip(ltdSuggestion(live("Op_1")))
      expect(error._tag).toBe("ModelRequestInvalid")
      expect(calls).toHaveLength(0)
    }).pipe(Effect.provide(Layer.merge(models, OperatorId.layerWith(3_000_000_000))))
  })
})

describe("TicketLtd", () => {
  it.effect("TicketLtd.layer captures Models and the operator id", () => {
    const { calls, layer } = fakeModels()
    return Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const ltd = yield* TicketLtd
      const reply = yield* ltd.suggest(live("Svc_1"))
      expect(reply.ticketId).toBe("Svc_1")
      expect(calls.map((c) => c.bookmaker)).toEqual([9985])
    }).pipe(Effect.provide(TicketLtd.layer.pipe(Layer.provide(layer))))
  })
})
