/**
 * `ltdSuggestion` / `TicketLtd` with a test double of `Models`: the ticket's envelope (as `@its/tickets`'
 * `ltdRequest` produces it, here written by hand: models does not depend on tickets) goes to the LTD API of the
 * right bookmaker, and what comes back or fails.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import {
  BookmakerId,
  type LtdResponse,
  type LtdTicketInput,
  type LtdTicketRequest,
  ltdSuggestion,
  ModelResponseInvalid,
  Models,
  type ModelsError,
  type ModelsShape,
  TicketLtd,
  WireDecimal
} from "../src/index.ts"

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
  return { calls, layer }
}

/** What `@its/tickets`' `ltdRequest` hands over: the encoded envelope and the ids. */
const request = (ticketId: string, operatorId = 9985): LtdTicketInput => {
  const correlationId = "0123456789abcdef0123456789abcdef"
  return {
    operatorId,
    correlationId,
    ticketId,
    json: {
      operatorId,
      correlationId,
      timestampUtc: 1_700_000_000_000,
      operation: "ticket-placement",
      version: "3.0",
      content: { type: "ticket", ticketId, bets: [{ selections: [{ odds: { type: "decimal", value: "2.10" } }] }] }
    }
  }
}

describe("ltdSuggestion", () => {
  it.effect("sends the envelope as is to the operator's bookmaker and returns the suggestion", () => {
    const { calls, layer } = fakeModels()
    const input = request("Live_1")
    return Effect.gen(function* () {
      const reply = yield* ltdSuggestion(input)
      expect(reply.ltdModelSuggestion).toBe("Delay")
      expect(reply.ticketId).toBe("Live_1")
      expect(calls).toHaveLength(1)
      expect(calls[0]!.bookmaker).toBe(9985)
      // Untouched: the exact decimal text of the envelope reaches the API.
      expect(calls[0]!.ticket).toStrictEqual(input.json)
    }).pipe(Effect.provide(layer))
  })

  it.effect("options.bookmaker overrides the operator id", () => {
    const { calls, layer } = fakeModels(() => Effect.succeed(suggestion("I_1")))
    return Effect.gen(function* () {
      yield* ltdSuggestion(request("I_1"), { bookmaker: BookmakerId.make(42) })
      expect(calls[0]?.bookmaker).toBe(42)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a Models failure passes through unchanged", () => {
    const failure = new ModelResponseInvalid({ api: "ltd", problems: ["ltdModelSuggestion: expected Delay"] })
    const { layer } = fakeModels(() => Effect.fail(failure))
    return Effect.gen(function* () {
      const error = yield* Effect.flip(ltdSuggestion(request("F_1")))
      // Compared by fields: the span machinery may hand back a copy of the error object.
      expect(error._tag).toBe("ModelResponseInvalid")
      expect(error instanceof ModelResponseInvalid && [error.api, error.problems]).toEqual(["ltd", failure.problems])
    }).pipe(Effect.provide(layer))
  })

  it.effect("an operator id that is no bookmaker id needs options.bookmaker", () => {
    const { calls, layer } = fakeModels()
    return Effect.gen(function* () {
      const error = yield* Effect.flip(ltdSuggestion(request("Op_1", 3_000_000_000)))
      expect(error._tag).toBe("ModelRequestInvalid")
      expect(calls).toHaveLength(0)
      const ok = yield* ltdSuggestion(request("Op_2", 3_000_000_000), { bookmaker: BookmakerId.make(7) })
      expect(ok.ticketId).toBe("Op_2")
      expect(calls.map((c) => c.bookmaker)).toEqual([7])
    }).pipe(Effect.provide(layer))
  })
})

describe("TicketLtd", () => {
  it.effect("TicketLtd.layer captures Models", () => {
    const { calls, layer } = fakeModels()
    return Effect.gen(function* () {
      const ltd = yield* TicketLtd
      const reply = yield* ltd.suggest(request("Svc_1"))
      expect(reply.ticketId).toBe("Svc_1")
      expect(calls.map((c) => c.bookmaker)).toEqual([9985])
    }).pipe(Effect.provide(TicketLtd.layer.pipe(Layer.provide(layer))))
  })
})
