/**
 * Late replies against the simulator (issue 15 §3): a live ticket whose reply comes after the client's live timeout
 * (the simulator's live delay, `TicketHandler` `liveDelay` = `SIM_LIVE_DELAY_MS`) is `OutcomeUnknown` first; the reply
 * that arrives later is kept, carries the ticket's signature, and the ticket can be acked with it.
 * Real time, scaled down: delay 1.5 s against a 300 ms live timeout (the "5 s late" shape).
 */
import { describe, expect, it } from "@effect/vitest"
import { Build, OutcomeUnknown } from "@its/tickets"
import { Chunk, Effect, Fiber, Option, Stream } from "effect"
import { startTickets } from "./support/simulator.ts"

const start = Effect.map(
  startTickets({ rules: { liveDelay: "1500 millis" }, config: { liveTimeout: "300 millis" }, awaitConnected: true }),
  ({ ledger, tickets }) => ({ tickets, ledger })
)

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
