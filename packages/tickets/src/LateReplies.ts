/**
 * Late replies: a reply that arrives after the client gave up waiting (`OutcomeUnknown`, reason `reply-timeout`).
 *
 * The transport publishes every reply nobody waits for (`DataPlane.unmatched`). Only those answering a request this
 * client timed out are kept, decoded with the operation's reply schema, so a late `ticket-reply` still yields the
 * `signature` an ack, a cancel or a cash-out needs. Bounded (`capacity`, oldest dropped first) and aged out after
 * `ttl` (by `Clock`, so `TestClock` drives it).
 */
import type { DataPlaneReply } from "@its/transport"
import { Clock, Duration, Effect, Option, PubSub, Schema, Stream } from "effect"
import { tolerantOptions } from "./Codec.ts"
import { type Operation, type ReplyFor, replyEnvelopes } from "./Messages.ts"

export interface LateReply<Op extends Operation = Operation> {
  readonly operation: Op
  readonly correlationId: string
  /** From the reply content, else from the request (placement, ack, cancel, cash-out, settlement, max-stake). */
  readonly ticketId: string | undefined
  /** Epoch milliseconds (`Clock`) when it arrived. */
  readonly receivedAt: number
  /** The whole decoded reply envelope; `reply.content` may be an `error-reply`. */
  readonly reply: ReplyFor<Op>
}

export interface LateReplySettings {
  /** Most late replies (and most timed-out requests awaited) kept at once; the oldest go first. */
  readonly capacity: number
  /** How long a late reply, or a timed-out request's wait for one, is kept. */
  readonly ttl: Duration.DurationInput
}

export interface LateReplyStore {
  /** Remembers a request that timed out, so a reply to it is kept when it comes. */
  readonly expect: (request: {
    readonly correlationId: string
    readonly operation: Operation
    readonly ticketId: string | undefined
  }) => Effect.Effect<void>
  /** Offers an unmatched reply; kept (and published) when it answers an expected request. */
  readonly offer: (raw: DataPlaneReply) => Effect.Effect<Option.Option<LateReply>>
  /** The newest kept late reply for a ticket id. */
  readonly byTicketId: (ticketId: string) => Effect.Effect<Option.Option<LateReply>>
  readonly byCorrelationId: (correlationId: string) => Effect.Effect<Option.Option<LateReply>>
  /** Late replies as they are kept, from the moment of subscription. */
  readonly stream: Stream.Stream<LateReply>
}

interface Awaited {
  readonly operation: Operation
  readonly ticketId: string | undefined
  readonly until: number
}

const field = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined

/** The ticket id a request content refers to, wherever its operation keeps it. */
export const requestTicketId = (content: unknown): string | undefined => {
  const candidates = [
    field(content, "ticketId"),
    field(field(content, "ticket"), "ticketId"),
    field(field(content, "details"), "ticketId"),
    field(field(field(content, "cashout"), "details"), "ticketId")
  ]
  return candidates.find((c): c is string => typeof c === "string")
}

const bounded = <K, V>(map: Map<K, V>, capacity: number) => {
  while (map.size > capacity) {
    const oldest = map.keys().next()
    if (oldest.done === true) break
    map.delete(oldest.value)
  }
}

export const makeLateReplyStore = (settings: LateReplySettings): Effect.Effect<LateReplyStore> =>
  Effect.gen(function* () {
    const ttl = Duration.toMillis(Duration.decode(settings.ttl))
    const capacity = Math.max(1, settings.capacity)
    const awaited = new Map<string, Awaited>()
    const kept = new Map<string, LateReply>()
    const hub = yield* PubSub.sliding<LateReply>(capacity)

    const prune = (now: number) => {
      for (const [id, entry] of awaited) if (entry.until <= now) awaited.delete(id)
      for (const [id, entry] of kept) if (entry.receivedAt + ttl <= now) kept.delete(id)
    }

    const expect: LateReplyStore["expect"] = ({ correlationId, operation, ticketId }) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        prune(now)
        awaited.set(correlationId, { operation, ticketId, until: now + ttl })
        bounded(awaited, capacity)
      })

    const offer: LateReplyStore["offer"] = (raw) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        prune(now)
        const request = awaited.get(raw.correlationId)
        if (request === undefined) return Option.none()
        const decoded = Schema.decodeUnknownOption(
          replyEnvelopes[request.operation] as Schema.Schema<ReplyFor<Operation>, unknown>,
          tolerantOptions
        )(raw)
        if (Option.isNone(decoded)) {
          yield* Effect.logWarning("late reply does not decode; dropped").pipe(
            Effect.annotateLogs({ correlationId: raw.correlationId, operation: request.operation })
          )
          return Option.none()
        }
        awaited.delete(raw.correlationId)
        const ticketId = field(decoded.value.content, "ticketId")
        const late: LateReply = {
          operation: request.operation,
          correlationId: raw.correlationId,
          ticketId: typeof ticketId === "string" ? ticketId : request.ticketId,
          receivedAt: now,
          reply: decoded.value
        }
        kept.set(raw.correlationId, late)
        bounded(kept, capacity)
        yield* PubSub.publish(hub, late)
        return Option.some(late)
      })

    const lookup = (predicate: (entry: LateReply) => boolean) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        prune(now)
        let found: LateReply | undefined
        for (const entry of kept.values()) if (predicate(entry)) found = entry
        return Option.fromNullable(found)
      })

    return {
      expect,
      offer,
      byTicketId: (ticketId) => lookup((entry) => entry.ticketId === ticketId),
      byCorrelationId: (correlationId) => lookup((entry) => entry.correlationId === correlationId),
      stream: Stream.fromPubSub(hub)
    }
  })
