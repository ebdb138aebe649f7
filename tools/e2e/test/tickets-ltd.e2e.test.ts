/**
 * `@its/tickets`' `ltdRequest` → `@its/models`' `ltdSuggestion` / `TicketLtd` → `Models.ltd` → `@its/transport`'s REST → the
 * simulator's LTD API (`POST /api/ltd/v1/bookmakers/{b}/ticket`, JWT-guarded), over 127.0.0.1. The simulator's
 * suggestion is deterministic per request; a ticket of a customer whose LBS is ≥ 0.70 is always `Delay`.
 */
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ltdSuggestion, Models, ModelsConfig, TicketLtd } from "@its/models"
import { accountAt, RestCounters, Simulator, SimulatorInfo } from "@its/simulator"
import { Build, ltdRequest, OperatorId, type Ticket, type TicketInform } from "@its/tickets"
import { RestLive } from "@its/transport"
import { ConfigProvider, Context, Effect, Layer } from "effect"

const population = 500
// ASSUMPTION A13 (its-api.md): the operator id is the bookmaker id, which `ltdSuggestion` uses by default.
const bookmaker = 77

const start = Effect.gen(function* () {
  const simulator = yield* Layer.build(Simulator.layerTest()).pipe(
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["SIM_POPULATION", String(population)]])))
  )
  const info = Context.get(simulator, SimulatorInfo)
  // `ltdRequest` + `TicketLtd` / `ltdSuggestion` need only `Models | OperatorId`: no data plane, no `Tickets`.
  const client = yield* Layer.build(
    TicketLtd.layer.pipe(
      Layer.provideMerge(Models.layer),
      Layer.provideMerge(OperatorId.layerWith(bookmaker)),
      Layer.provide([RestLive, ModelsConfig.layer]),
      Layer.provide(FetchHttpClient.layer)
    )
  ).pipe(
    Effect.withConfigProvider(
      ConfigProvider.fromMap(
        new Map([
          ["ITS_ENV", "local"],
          ["ITS_API_URL", info.baseUrl]
        ])
      )
    )
  )
  return { client, counters: Context.get(simulator, RestCounters) }
})

const live = (ticketId: string, endCustomer?: string): Ticket =>
  Build.single({
    ticketId,
    selection: Build.uf({ productId: "1", eventId: "sr:match:15050881", marketId: "1", outcomeId: "2", odds: "1.32" }),
    stake: Build.cash("10", "EUR"),
    context: {
      channel: { type: "internet", ip: "212.7.5.2", lang: "EN" },
      limitId: 1409,
      ...(endCustomer === undefined ? {} : { endCustomer: { id: endCustomer } })
    }
  })

describe("LTD suggestion against the simulator", () => {
  it.scopedLive("a high-LBS customer's live ticket is delayed; every answer echoes its ticket", () =>
    Effect.gen(function* () {
      const { client, counters } = yield* start
      const risky = Array.from({ length: population }, (_, k) => accountAt(bookmaker, "C", k + 1)).find(
        (a) => (a.scores.lbs ?? 0) >= 70
      )
      expect(risky).toBeDefined()

      const delayed = yield* ltdRequest(live("Ltd_risky", risky!.id)).pipe(
        Effect.flatMap((request) => ltdSuggestion(request)),
        Effect.provide(client)
      )
      expect(delayed.ltdModelSuggestion).toBe("Delay")
      expect(delayed.ltdSuggestion.value).toBeGreaterThanOrEqual(3)
      expect(delayed.ltdSuggestion.value).toBeLessThanOrEqual(12)
      expect(delayed.ticketId).toBe("Ltd_risky")

      // Through the service, for tickets and informs alike.
      const ltd = Context.get(client, TicketLtd)
      const suggest = (ticket: Ticket | TicketInform) =>
        ltdRequest(ticket).pipe(Effect.flatMap(ltd.suggest), Effect.provide(client))
      const ids = Array.from({ length: 10 }, (_, k) => `Ltd_${k}`)
      const answers = yield* Effect.forEach(ids, (id) => suggest(live(id)), { concurrency: 4 })
      expect(answers.map((a) => a.ticketId)).toEqual(ids)
      for (const answer of answers) {
        expect(["Delay", "Skip", "N/A"]).toContain(answer.ltdModelSuggestion)
        expect(answer.ltdSuggestion.value === 0).toBe(answer.ltdModelSuggestion !== "Delay")
      }
      const informed = yield* suggest(Build.ticketInform(live("Ltd_inform"), [{ code: 0, rejected: false }]))
      expect(informed.ticketId).toBe("Ltd_inform")

      // Each call went through the LTD API's guard (a valid REST token), once.
      expect(yield* counters.total({ apiId: "ltd", outcome: "passed" })).toBe(12)
    })
  )

  it.scopedLive("an invalid ticket never reaches the LTD API", () =>
    Effect.gen(function* () {
      const { client, counters } = yield* start
      const bad = live("Ltd_bad")
      const error = yield* Effect.flip(
        ltdRequest({ ...bad, bets: [{ ...bad.bets[0]!, selections: [] }] }).pipe(
          Effect.flatMap(Context.get(client, TicketLtd).suggest),
          Effect.provide(client)
        )
      )
      expect(error._tag).toBe("@its/tickets/InvalidTicket")
      expect(yield* counters.total({ apiId: "ltd" })).toBe(0)
    })
  )
})
