/**
 * The ticket handler's live delay under `TestClock`: live placements wait `liveDelay` (from the rules or
 * `SIM_LIVE_DELAY_MS`), pre-match placements and other operations answer at once.
 */
import { describe, expect, it } from "@effect/vitest"
import { Build, encodeRequest, makeRequest, OperatorId, type Ticket } from "@its/tickets"
import { ConfigProvider, Effect, Fiber, Layer, Option, TestClock } from "effect"
import { DataPlaneHandler, type RequestEnvelope, TicketHandler, TicketLedger } from "../src/index.ts"

const context = { channel: { type: "internet" as const, ip: "212.7.5.2", lang: "EN" }, limitId: 1409 }
const ticket = (ticketId: string, productId: string): Ticket =>
  Build.single({
    ticketId,
    selection: Build.uf({ productId, eventId: "sr:match:7", marketId: "1", outcomeId: "1", odds: "1.5" }),
    stake: Build.cash("10", "EUR"),
    context
  })

/** Starts handling a placement in a fiber; answers the fiber. */
const place = (t: Ticket) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(1_700_000_000_000)
    const json = (yield* encodeRequest(yield* makeRequest("ticket-placement", t))) as unknown as RequestEnvelope
    return yield* Effect.fork((yield* DataPlaneHandler).handle(json))
  })

const withLedger = <E, R>(handler: Layer.Layer<DataPlaneHandler, E, R | TicketLedger>) =>
  handler.pipe(Layer.provideMerge(TicketLedger.layer), Layer.merge(OperatorId.layerWith(9985)))

describe("TicketHandler live delay", () => {
  it.effect("a live placement is answered after liveDelay; a pre-match one at once", () =>
    Effect.gen(function* () {
      const live = yield* place(ticket("Live_1", "1"))
      const prematch = yield* place(ticket("Pre_1", "3"))
      yield* TestClock.adjust("1 millis")
      expect(Option.map(yield* Fiber.poll(prematch), (exit) => exit._tag)).toEqual(Option.some("Success"))
      expect(yield* Fiber.poll(live)).toEqual(Option.none())
      // Decided and recorded on arrival; only the reply waits.
      expect(Option.map(yield* (yield* TicketLedger).ticket("Live_1"), (t) => t.status)).toEqual(
        Option.some("accepted")
      )
      yield* TestClock.adjust("1998 millis")
      expect(yield* Fiber.poll(live)).toEqual(Option.none())
      yield* TestClock.adjust("1 millis")
      const reply = yield* Fiber.join(live)
      expect(reply).toMatchObject({ type: "ticket-reply", status: "accepted", ticketId: "Live_1" })
    }).pipe(Effect.provide(withLedger(TicketHandler.layerWith({ liveDelay: "2 seconds" }))))
  )

  it.effect("liveProductIds decides what is live", () =>
    Effect.gen(function* () {
      const fiber = yield* place(ticket("Pre_as_live", "3"))
      yield* TestClock.adjust("1 millis")
      expect(yield* Fiber.poll(fiber)).toEqual(Option.none())
      yield* TestClock.adjust("1 second")
      expect((yield* Fiber.join(fiber)).status).toBe("accepted")
    }).pipe(Effect.provide(withLedger(TicketHandler.layerWith({ liveDelay: "1 second", liveProductIds: ["3"] }))))
  )

  it.effect("the default live delay is 0", () =>
    Effect.gen(function* () {
      const fiber = yield* place(ticket("Live_0", "1"))
      yield* TestClock.adjust("1 millis")
      expect(Option.isSome(yield* Fiber.poll(fiber))).toBe(true)
    }).pipe(Effect.provide(withLedger(TicketHandler.layerWith())))
  )

  it.effect("layer reads SIM_LIVE_DELAY_MS", () =>
    Effect.gen(function* () {
      const fiber = yield* place(ticket("Live_env", "1"))
      yield* TestClock.adjust("4999 millis")
      expect(yield* Fiber.poll(fiber)).toEqual(Option.none())
      yield* TestClock.adjust("1 millis")
      expect((yield* Fiber.join(fiber)).status).toBe("accepted")
    }).pipe(
      Effect.provide(
        withLedger(TicketHandler.layer).pipe(
          Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["SIM_LIVE_DELAY_MS", "5000"]]))))
        )
      )
    )
  )

  it.effect("layer refuses a negative SIM_LIVE_DELAY_MS", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        Layer.build(withLedger(TicketHandler.layer)).pipe(
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["SIM_LIVE_DELAY_MS", "-1"]]))),
          Effect.scoped
        )
      )
      expect(String(error)).toContain("SIM_LIVE_DELAY_MS")
    })
  )
})
