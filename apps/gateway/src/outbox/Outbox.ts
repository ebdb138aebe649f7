/**
 * `Outbox`: the durable ticket-inform outbox of gateway §4. `enqueue` returns only once the entry is committed
 * (SQLite WAL with synchronous=FULL, or a PostgreSQL commit), so the `202` the API answers with is a promise the
 * gateway can keep across crashes. Delivery is `OutboxWorker`'s job; this service reads and administers entries.
 */
import { TicketInform } from "@its/tickets"
import { Clock, Context, Duration, Effect, Layer, Metric, Option, Schema } from "effect"
import { outboxDeadLetters, outboxDepth, outboxEnqueued, outboxOldestAge } from "./Metrics.ts"
import { OutboxConfig } from "./OutboxConfig.ts"
import {
  isSettled,
  OutboxConflict,
  type OutboxEntry,
  OutboxEntryNotFound,
  type OutboxStats,
  type OutboxStoreError
} from "./OutboxEntry.ts"
import { OutboxStore } from "./Store.ts"

export * from "./OutboxEntry.ts"

export interface EnqueueMeta {
  /** The API consumer enqueuing it (kept with the entry). */
  readonly consumer: string
}

export interface OutboxShape {
  /**
   * Writes the inform durably and returns its entry. Idempotent by `inform.ticket.ticketId`: when the same consumer
   * already enqueued the same inform, its entry is returned with `duplicate: true` and nothing is written; an entry
   * for that ticket from another consumer, or with another payload, is an `OutboxConflict`.
   */
  readonly enqueue: (
    inform: TicketInform,
    meta: EnqueueMeta
  ) => Effect.Effect<OutboxEntry, OutboxStoreError | OutboxConflict>
  /**
   * The same for an account, balance or casino inform (`AccountInformPayload.ts`): idempotent by `key`
   * (`<operation>:<inform id>`), `payload` its encoded `{operation, content}`.
   */
  readonly enqueueKeyed: (
    key: string,
    payload: string,
    meta: EnqueueMeta
  ) => Effect.Effect<OutboxEntry, OutboxStoreError | OutboxConflict>
  readonly get: (id: string) => Effect.Effect<Option.Option<OutboxEntry>, OutboxStoreError>
  /**
   * The entry once delivered or dead, or as it is when `timeout` (default and upper bound: `waitMax`) runs out.
   * Does not poll: it waits for the store's wake-up when an outcome is recorded (in process, and on PostgreSQL
   * through `LISTEN/NOTIFY` from any instance), re-reading the entry only then or every `waitRecheck`.
   */
  readonly awaitSettled: (
    id: string,
    timeout?: Duration.DurationInput
  ) => Effect.Effect<OutboxEntry, OutboxStoreError | OutboxEntryNotFound>
  /** Dead-lettered entries, most recently failed first (`limit` default 100). */
  readonly deadLetters: (options?: {
    readonly limit?: number
  }) => Effect.Effect<ReadonlyArray<OutboxEntry>, OutboxStoreError>
  /** dead → pending, attempts reset, due now. False when the entry does not exist or is not dead. */
  readonly requeue: (id: string) => Effect.Effect<boolean, OutboxStoreError>
  /** Counts per status and the oldest unsettled age; also refreshes the outbox gauges. */
  readonly stats: Effect.Effect<OutboxStats, OutboxStoreError>
  /** Fails when the store does not answer (readiness). */
  readonly ping: Effect.Effect<void, OutboxStoreError>
}

/** Sets the outbox gauges from `stats`. */
export const recordGauges = (stats: OutboxStats): Effect.Effect<void> =>
  Effect.all(
    [
      Metric.set(outboxDepth, stats.pending + stats.delivering),
      Metric.set(outboxOldestAge, stats.oldestPendingAgeMillis / 1000),
      Metric.set(outboxDeadLetters, stats.dead)
    ],
    { discard: true }
  )

const encodeInform = Schema.encode(TicketInform)

export const make: Effect.Effect<OutboxShape, never, OutboxStore | OutboxConfig> = Effect.gen(function* () {
  const store = yield* OutboxStore
  const config = yield* OutboxConfig

  const enqueue = Effect.fn("Outbox.enqueue")(function* (inform: TicketInform, meta: EnqueueMeta) {
    yield* Effect.annotateCurrentSpan({ "its.ticket_id": inform.ticket.ticketId })
    // A decoded TicketInform always encodes; failing here is a bug, not a client error.
    const payload = JSON.stringify(yield* Effect.orDie(encodeInform(inform)))
    return yield* enqueueKeyed(inform.ticket.ticketId, payload, meta)
  })

  const enqueueKeyed = Effect.fn("Outbox.enqueueKeyed")(function* (
    ticketId: string,
    payload: string,
    meta: EnqueueMeta
  ) {
    const now = yield* Clock.currentTimeMillis
    const {
      entry,
      inserted,
      payload: stored
    } = yield* store.insert({
      id: crypto.randomUUID(),
      ticketId,
      consumer: meta.consumer,
      payload,
      now
    })
    if (inserted) {
      yield* Metric.increment(outboxEnqueued)
      return entry
    }
    if (entry.consumer !== meta.consumer) return yield* new OutboxConflict({ ticketId, reason: "other-consumer" })
    if (stored !== payload) return yield* new OutboxConflict({ ticketId, reason: "different-payload" })
    return { ...entry, duplicate: true }
  })

  const getOrFail = (id: string) =>
    Effect.flatMap(
      store.find(id),
      Option.match({ onNone: () => Effect.fail(new OutboxEntryNotFound({ id })), onSome: Effect.succeed })
    )

  const awaitSettled = Effect.fn("Outbox.awaitSettled")(function* (id: string, timeout?: Duration.DurationInput) {
    const bound = Duration.min(timeout === undefined ? config.waitMax : Duration.decode(timeout), config.waitMax)
    // Watch first, then read: an outcome recorded between the two still opens the latch.
    const once = Effect.scoped(
      Effect.gen(function* () {
        const latch = yield* store.watchOutcome(id)
        const entry = yield* getOrFail(id)
        if (isSettled(entry)) return Option.some(entry)
        yield* Effect.raceFirst(latch, Effect.sleep(config.waitRecheck))
        return Option.none<OutboxEntry>()
      })
    )
    const untilSettled = Effect.gen(function* () {
      for (;;) {
        const entry = yield* once
        if (Option.isSome(entry)) return entry.value
      }
    })
    const settled = yield* Effect.timeoutOption(untilSettled, bound)
    return Option.isSome(settled) ? settled.value : yield* getOrFail(id)
  })

  const stats = Effect.gen(function* () {
    const stats = yield* store.stats(yield* Clock.currentTimeMillis)
    yield* recordGauges(stats)
    return stats
  }).pipe(Effect.withSpan("Outbox.stats"))

  return {
    enqueue,
    enqueueKeyed,
    get: (id) => store.find(id).pipe(Effect.withSpan("Outbox.get")),
    awaitSettled,
    deadLetters: (options = {}) => store.deadLetters(Math.max(1, Math.min(options.limit ?? 100, 1000))),
    requeue: Effect.fn("Outbox.requeue")(function* (id: string) {
      return yield* store.requeue(id, yield* Clock.currentTimeMillis)
    }),
    stats,
    ping: store.ping
  } satisfies OutboxShape
})

export class Outbox extends Context.Tag("@its/gateway/Outbox")<Outbox, OutboxShape>() {
  /** Needs the store (`OutboxStoreLive`, or `OutboxStore.layer` over any `SqlClient`) and `OutboxConfig`. */
  static readonly layer: Layer.Layer<Outbox, never, OutboxStore | OutboxConfig> = Layer.effect(Outbox, make)
}
