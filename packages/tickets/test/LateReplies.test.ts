import { describe, expect, it } from "@effect/vitest"
import { DataPlane, type DataPlaneMessage, type DataPlaneReply, ReplyTimeout } from "@its/transport"
import { Chunk, Duration, Effect, Fiber, Layer, Option, Queue, Stream, TestClock } from "effect"
import { example, OutcomeUnknown, Tickets, type TicketsConfig } from "../src/index.ts"

const now = 1_700_000_000_000

/**
 * A channel whose placements time out (the reply is held back) and whose acks are answered at once; held replies are
 * released later through `unmatched`, as the real `DataPlane` publishes a reply nobody waits for.
 */
const channel = Effect.gen(function* () {
  const unmatched = yield* Queue.unbounded<DataPlaneReply>()
  const held: Array<DataPlaneMessage> = []
  const timeouts: Array<number> = []
  const reply = (message: DataPlaneMessage, status = "accepted"): DataPlaneReply => ({
    correlationId: message.correlationId,
    operation: message.operation,
    timestampUtc: now,
    version: "3.0",
    content: {
      type: message.operation === "ticket-placement" ? "ticket-reply" : "ticket-ack-reply",
      signature: `sig-${message.correlationId}`,
      status,
      ticketId: (message.content as { ticketId: string }).ticketId,
      code: 0,
      message: "Transaction processed"
    }
  })
  const layer = Layer.succeed(DataPlane, {
    request: (message, options = {}) =>
      Effect.suspend(() => {
        const timeoutMillis = Duration.toMillis(options.timeout ?? 0)
        timeouts.push(timeoutMillis)
        if (message.operation !== "ticket-placement") return Effect.succeed(reply(message))
        held.push(message)
        return Effect.fail(
          new ReplyTimeout({
            correlationId: message.correlationId,
            operation: message.operation,
            timeoutMillis,
            sent: true
          })
        )
      }),
    awaitConnected: Effect.void,
    unmatched: Stream.fromQueue(unmatched),
    stats: Effect.die("not used")
  })
  const release = (index = 0, correlationId?: string) =>
    Queue.offer(unmatched, { ...reply(held[index]!), ...(correlationId === undefined ? {} : { correlationId }) })
  return { layer, release, timeouts }
})

const withTickets = <A, E>(
  use: (tickets: typeof Tickets.Service, ch: Effect.Effect.Success<typeof channel>) => Effect.Effect<A, E>,
  settings: Parameters<typeof TicketsConfig.layerWith>[0] = {}
) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(now)
    const ch = yield* channel
    const layer = Tickets.layerWith({ operatorId: 9985, ...settings }).pipe(Layer.provide(ch.layer))
    return yield* Effect.provide(
      Effect.flatMap(Tickets, (tickets) => use(tickets, ch)),
      layer
    )
  })

const waitFor = <A>(effect: Effect.Effect<Option.Option<A>>) =>
  Effect.flatMap(Effect.repeat(effect, { until: Option.isSome, times: 100 }), (found) =>
    Option.isSome(found) ? Effect.succeed(found.value) : Effect.dieMessage("never kept")
  )

describe("Tickets: late replies", () => {
  it.effect("a reply after the timeout is kept by ticket id, carries its signature and can be acked", () =>
    withTickets((tickets, ch) =>
      Effect.gen(function* () {
        const subscriber = yield* tickets.lateReplies.pipe(Stream.take(1), Stream.runCollect, Effect.fork)
        yield* Effect.yieldNow()
        const error = yield* Effect.flip(tickets.placeTicket(example("single")))
        expect(error).toBeInstanceOf(OutcomeUnknown)
        const unknown = error as OutcomeUnknown
        expect(unknown).toMatchObject({ reason: "reply-timeout", ticketId: "Ticket_3691" })
        expect(unknown.message).toContain('Tickets.lateReply("Ticket_3691")')
        expect(Option.isNone(yield* tickets.lateReply("Ticket_3691"))).toBe(true)

        yield* TestClock.adjust("5 seconds")
        yield* ch.release()
        const late = yield* waitFor(tickets.lateReply("Ticket_3691"))
        expect(late).toMatchObject({ operation: "ticket-placement", ticketId: "Ticket_3691", receivedAt: now + 5000 })
        expect(late.correlationId).toBe(unknown.correlationId)
        expect(Option.getOrThrow(yield* tickets.lateReplyTo(unknown.correlationId))).toBe(late)
        const content = late.reply.content
        expect(content.type).toBe("ticket-reply")
        if (content.type !== "ticket-reply") return
        expect(content.signature).toBe(`sig-${unknown.correlationId}`)
        expect(Chunk.toArray(yield* Fiber.join(subscriber))).toEqual([late])

        const ack = yield* tickets.ack(content)
        expect(ack).toMatchObject({ type: "ticket-ack-reply", status: "accepted", ticketId: "Ticket_3691" })
      })
    )
  )

  it.effect("only replies to timed-out requests are kept, for the TTL", () =>
    withTickets(
      (tickets, ch) =>
        Effect.gen(function* () {
          yield* Effect.flip(tickets.placeTicket(example("single")))
          // A reply whose correlation id nobody timed out on is not kept (the queue is in order: once the second
          // is kept, the first was seen).
          yield* ch.release(0, "unknown-correlation")
          yield* ch.release(0)
          yield* waitFor(tickets.lateReply("Ticket_3691"))
          expect(Option.isNone(yield* tickets.lateReplyTo("unknown-correlation"))).toBe(true)
          yield* TestClock.adjust("59 seconds")
          expect(Option.isSome(yield* tickets.lateReply("Ticket_3691"))).toBe(true)
          yield* TestClock.adjust("1 second")
          expect(Option.isNone(yield* tickets.lateReply("Ticket_3691"))).toBe(true)
        }),
      { lateReplies: { capacity: 10, ttl: "1 minute" } }
    )
  )

  it.effect("reply timeouts are configurable per operation; placements keep 3 s / 16 s", () =>
    withTickets(
      (tickets, ch) =>
        Effect.gen(function* () {
          yield* Effect.exit(tickets.placeTicket(example("single")))
          yield* tickets.ack({ ticketId: "Ticket_3691", signature: "s" })
          expect(ch.timeouts).toEqual([3_000, 7_000])
        }),
      { operationTimeouts: { "ticket-placement-ack": "7 seconds" } }
    )
  )
})
