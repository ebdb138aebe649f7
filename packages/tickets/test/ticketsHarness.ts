/** The scripted data plane and helpers shared by the `Tickets` client tests. */
import type { DataPlaneError, DataPlaneMessage, DataPlaneReply } from "@its/transport"
import { DataPlane } from "@its/transport"
import { Duration, Effect, Exit, Layer, Stream, TestClock } from "effect"
import { Build, example, replyContentType, Tickets, type TicketsSettings } from "../src/index.ts"

export const now = 1_700_000_000_000

export interface Sent {
  readonly message: DataPlaneMessage
  readonly timeoutMillis: number | undefined
}

export type Answer = (message: DataPlaneMessage) => Effect.Effect<DataPlaneReply, DataPlaneError>

/** A scripted channel that records what was sent and with which timeout. */
export const scripted = (answer: Answer) => {
  const sent: Array<Sent> = []
  const layer = Layer.succeed(DataPlane, {
    request: (message, options = {}) =>
      Effect.suspend(() => {
        sent.push({
          message,
          timeoutMillis: options.timeout === undefined ? undefined : Duration.toMillis(options.timeout)
        })
        return answer(message)
      }),
    awaitConnected: Effect.void,
    unmatched: Stream.empty,
    stats: Effect.die("not used")
  })
  return { sent, layer }
}

export const content = (message: DataPlaneMessage) => message.content as Record<string, unknown>

/** The normal reply of the message's operation, accepted, with `signature` `sig-<correlationId>`. */
export const replyTo = (message: DataPlaneMessage, overrides: Record<string, unknown> = {}): DataPlaneReply => {
  const type = replyContentType[message.operation as keyof typeof replyContentType]
  const request = content(message)
  const ticketId =
    (request.ticketId as string | undefined) ??
    ((request.ticket as { ticketId?: string } | undefined)?.ticketId as string | undefined) ??
    ((request.details as { ticketId?: string } | undefined)?.ticketId as string | undefined) ??
    "T"
  return {
    correlationId: message.correlationId,
    operation: message.operation,
    timestampUtc: now + 5,
    version: "3.0",
    operatorId: 9985,
    unknownField: true,
    content: {
      type,
      signature: `sig-${message.correlationId}`,
      status: "accepted",
      ticketId,
      code: 0,
      message: "Transaction processed",
      ...overrides
    }
  }
}

export const accept: Answer = (message) => Effect.succeed(replyTo(message))

export const run = <A, E>(
  answer: Answer,
  effect: Effect.Effect<A, E, Tickets>,
  settings?: Partial<TicketsSettings>
) => {
  const channel = scripted(answer)
  const layer = Tickets.layerWith({ operatorId: 9985, ...settings }).pipe(Layer.provide(channel.layer))
  return Effect.gen(function* () {
    yield* TestClock.setTime(now)
    const exit = yield* Effect.exit(Effect.provide(effect, layer))
    return { exit, sent: channel.sent }
  })
}

export const failure = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error(`expected a failure, got ${JSON.stringify(exit.value)}`)
  const error = exit.cause._tag === "Fail" ? exit.cause.error : undefined
  if (error === undefined) throw new Error(`expected a typed failure, got ${exit.cause._tag}`)
  return error
}

export const placeSingle = Effect.flatMap(Tickets, (t) => t.placeTicket(example("single")))

export const liveTicket = Build.single({
  ticketId: "Live_1",
  selection: Build.uf({ productId: "1", eventId: "sr:match:1", marketId: "1", outcomeId: "1", odds: "1.8" }),
  stake: Build.cash("10", "EUR"),
  context: { channel: { type: "internet", ip: "212.7.5.2", lang: "EN" }, limitId: 1409 }
})
