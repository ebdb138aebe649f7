/**
 * Late replies against the simulator (issue 15 §3): a live ticket whose reply comes after the client's live timeout
 * (the simulator's live delay, `TicketHandler` `liveDelay` = `SIM_LIVE_DELAY_MS`) is `OutcomeUnknown` first; the reply
 * that arrives later is kept, carries the ticket's signature, and the ticket can be acked with it.
 * Real time, scaled down: delay 1.5 s against a 300 ms live timeout (the "5 s late" shape).
 */
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Simulator, SimulatorInfo, TicketHandler, TicketLedger } from "@its/simulator"
import { Build, OutcomeUnknown, Tickets, TicketsConfig } from "@its/tickets"
import { DataPlane, ItsEnvironment, TokensLive } from "@its/transport"
import { Chunk, ConfigProvider, Context, Effect, Fiber, Layer, Option, Stream } from "effect"

const start = Effect.gen(function* () {
  const simulator = yield* Layer.build(
    Simulator.layerTest({}, { dataPlaneHandler: TicketHandler.layer({ liveDelay: "1500 millis" }) }).pipe(
      Layer.provideMerge(TicketLedger.layer)
    )
  )
  const environment = ConfigProvider.fromMap(
    new Map([
      ["ITS_ENV", "local"],
      ["ITS_API_URL", Context.get(simulator, SimulatorInfo).baseUrl],
      ["ITS_OPERATOR_ID", "9985"]
    ])
  )
  const client = yield* Layer.build(
    Tickets.fromEnvironment.pipe(
      Layer.provide(TicketsConfig.layer({ liveTimeout: "300 millis" })),
      Layer.provideMerge(DataPlane.layer),
      Layer.provide(TokensLive),
      Layer.provideMerge(ItsEnvironment.Live),
      Layer.provide(FetchHttpClient.layer),
      Layer.provide(Layer.setConfigProvider(environment))
    )
  )
  yield* Context.get(client, DataPlane).awaitConnected
  return { tickets: Context.get(client, Tickets), ledger: Context.get(simulator, TicketLedger) }
})

const live = Build.single({
  ticketId: "Late_1",
  selection: Build.uf({ productId: "1", eventId: "sr:match:15050881", marketId: "1", outcomeId: "2", odds: "1.32" }),
  stake: Build.cash("10", "EUR"),
  context: { channel: { type: "internet", ip: "212.7.5.2", lang: "EN" }, limitId: 1409 }
})

describe("tickets: late replies (simulator live delay)", () => {
  it.scopedLive("a reply after the live timeout is kept with its signature, and the ticket can be acked", () =>
    Effect.gen(function* () {
      const { tickets, ledger } = yield* start
      const seen = yield* tickets.lateReplies.pipe(Stream.take(1), Stream.runCollect, Effect.fork)
      const error = yield* Effect.flip(tickets.placeTicket(live))
      expect(error).toBeInstanceOf(OutcomeUnknown)
      expect(error).toMatchObject({ reason: "reply-timeout", ticketId: "Late_1", timeoutMillis: 300 })

      const [late] = Chunk.toArray(yield* Fiber.join(seen).pipe(Effect.timeout("10 seconds")))
      expect(late?.ticketId).toBe("Late_1")
      const kept = Option.getOrThrow(yield* tickets.lateReply("Late_1"))
      expect(kept).toBe(late)
      const content = kept.reply.content
      if (content.type !== "ticket-reply") return expect.fail(`expected a ticket-reply, got ${content.type}`)
      const recorded = (yield* ledger.tickets).find((t) => t.ticketId === "Late_1")
      expect(content).toMatchObject({ status: "accepted", signature: recorded?.signature })

      const ack = yield* tickets.ack(content)
      expect(ack).toMatchObject({ type: "ticket-ack-reply", status: "accepted", ticketId: "Late_1" })
    })
  )
})
