/**
 * The `Tickets` client against the simulator's `TicketHandler` beyond the happy path: the live delay against the
 * client's pre-match / live reply timeouts, replies out of order (correlation), and the standalone simulator
 * (`Simulator.layer`, what `pnpm sim` runs) speaking the ticket protocol.
 */
import { describe, expect, it } from "@effect/vitest"
import { Simulator, SimulatorInfo, type TicketHandler, TicketLedger } from "@its/simulator"
import { Build, type Ticket, type TicketsSettings } from "@its/tickets"
import { Clock, ConfigProvider, Context, Effect, Fiber, Layer, Option } from "effect"
import { connectTickets, startTickets } from "./support/simulator.ts"

/** A `Tickets` client for the simulator at `baseUrl`, connected first so timings measure replies. */
const connect = (baseUrl: string, config: Partial<TicketsSettings>) =>
  connectTickets(baseUrl, { config, environment: { ITS_WS_REQUEST_TIMEOUT: "5 seconds" }, awaitConnected: true })

/** An in-process simulator with the ticket handler (`rules`) and a client with `config`. */
const start = (rules: Partial<TicketHandler.TicketRules>, config: Partial<TicketsSettings> = {}) =>
  startTickets({ rules, config, environment: { ITS_WS_REQUEST_TIMEOUT: "5 seconds" }, awaitConnected: true })

const context = { channel: { type: "internet" as const, ip: "212.7.5.2", lang: "EN" }, limitId: 1409 }
/** A single; `productId` "1" (UOF live odds) makes it live for both client and simulator, "3" pre-match. */
const ticket = (ticketId: string, productId: "1" | "3"): Ticket =>
  Build.single({
    ticketId,
    selection: Build.uf({ productId, eventId: "sr:match:15050881", marketId: "1", outcomeId: "2", odds: "1.32" }),
    stake: Build.cash("10", "EUR"),
    context
  })

const timed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const start = yield* Clock.currentTimeMillis
    const result = yield* effect
    return { result, millis: (yield* Clock.currentTimeMillis) - start }
  })

describe("tickets: live delay (simulator)", () => {
  // Pre-match timeout 500 ms < live delay 1 s < live timeout 3 s.
  const timeouts = { prematchTimeout: "500 millis", liveTimeout: "3 seconds" } as const

  it.scopedLive("a live ticket waits the live delay and is accepted within the live timeout", () =>
    Effect.gen(function* () {
      const { tickets } = yield* start({ liveDelay: "1 second" }, timeouts)
      const live = yield* timed(tickets.placeTicket(ticket("Live_1", "1")))
      expect(live.result).toMatchObject({ type: "ticket-reply", status: "accepted", ticketId: "Live_1" })
      expect(live.millis).toBeGreaterThanOrEqual(1000)
      // Pre-match is answered at once, without the live delay: it succeeds within its 500 ms timeout (which the live
      // delay would exceed), and overtakes a live ticket placed before it, still waiting its delay.
      const waiting = yield* Effect.fork(tickets.placeTicket(ticket("Live_2", "1")))
      const prematch = yield* tickets.placeTicket(ticket("Pre_1", "3"))
      expect(prematch.status).toBe("accepted")
      expect(Option.isNone(yield* Fiber.poll(waiting))).toBe(true)
      expect((yield* Fiber.join(waiting)).status).toBe("accepted")
    })
  )

  it.scopedLive("a live delay beyond the live timeout → OutcomeUnknown (reply-timeout); the ticket exists", () =>
    Effect.gen(function* () {
      const { tickets, ledger, dataPlane } = yield* start(
        { liveDelay: "1500 millis" },
        { prematchTimeout: "100 millis", liveTimeout: "500 millis" }
      )
      const error = yield* Effect.flip(tickets.placeTicket(ticket("Live_late", "1")))
      expect(error).toMatchObject({
        _tag: "@its/tickets/OutcomeUnknown",
        reason: "reply-timeout",
        timeoutMillis: 500
      })
      // The simulator decided the ticket: exactly the "outcome unknown" case. Sent once, not re-sent.
      expect((yield* ledger.tickets).map((t) => [t.ticketId, t.status])).toEqual([["Live_late", "accepted"]])
      expect((yield* dataPlane.stats).sent).toBe(1)
    })
  )
})

describe("tickets: replies out of order (simulator)", () => {
  it.scopedLive("concurrent placements each get their own reply", () =>
    Effect.gen(function* () {
      const { tickets, faults, ledger } = yield* start({})
      // Replies are held in batches of 4 and released shuffled (never in arrival order).
      yield* faults.set({ outOfOrder: 4 })
      const ids = Array.from({ length: 12 }, (_, k) => `OOO_${k}`)
      const replies = yield* Effect.forEach(ids, (id) => tickets.placeTicket(ticket(id, "3")), {
        concurrency: "unbounded"
      })
      expect(replies.map((r) => r.ticketId)).toEqual(ids)
      expect(replies.every((r) => r.status === "accepted")).toBe(true)
      // Each reply carries the signature the simulator recorded for that very ticket.
      const recorded = new Map((yield* ledger.tickets).map((t) => [t.ticketId, t.signature]))
      expect(replies.map((r) => r.signature)).toEqual(ids.map((id) => recorded.get(id)))
      expect(new Set(replies.map((r) => r.signature)).size).toBe(ids.length)
    })
  )
})

describe("standalone simulator (Simulator.layer)", () => {
  it.scopedLive("answers placements with ticket semantics and SIM_LIVE_DELAY_MS", () =>
    Effect.gen(function* () {
      const simulator = yield* Layer.build(Simulator.layer).pipe(
        Effect.withConfigProvider(
          ConfigProvider.fromMap(
            new Map([
              ["SIM_HOST", "127.0.0.1"],
              ["SIM_PORT", "0"],
              ["SIM_LIVE_DELAY_MS", "400"]
            ])
          )
        )
      )
      const { tickets } = yield* connect(Context.get(simulator, SimulatorInfo).baseUrl, {
        prematchTimeout: "2 seconds",
        liveTimeout: "3 seconds"
      })
      const placed = yield* tickets.placeTicket(ticket("Env_1", "3"))
      // A ticket-reply with a signature, not the echo handler's `{ echo }`.
      expect(placed).toMatchObject({ type: "ticket-reply", status: "accepted", ticketId: "Env_1" })
      expect(placed.signature).toHaveLength(44)
      const live = yield* timed(tickets.placeTicket(ticket("Env_live", "1")))
      expect(live.result.status).toBe("accepted")
      expect(live.millis).toBeGreaterThanOrEqual(400)
      const duplicate = yield* tickets.placeTicket(ticket("Env_1", "3"))
      expect(duplicate.status).toBe("rejected")
      expect((yield* Context.get(simulator, TicketLedger).tickets).map((t) => t.ticketId)).toEqual([
        "Env_1",
        "Env_live"
      ])
    })
  )
})
