/**
 * `OutboxWorker`: delivers outbox entries over the data plane with `Tickets.informTicket`, at least once.
 *
 * Loop: claim up to `concurrency` due entries (pending and due, or delivering with an expired lease — a crashed or
 * stalled instance's claims are retaken), deliver them concurrently, record each outcome:
 * - reply → `delivered` with the encoded `ticket-inform-reply` content;
 * - `ServerError` / `InvalidTicket` (permanent: resending the same message cannot succeed) → `dead` at once;
 * - anything else (`OutcomeUnknown`, `NotSent`, `UnexpectedReply`, a delivery exceeding `deliveryTimeout`) → `pending`
 *   again after `retryDelayMillis` (exponential + jitter) while the entry is younger than `retryFor` (a data-plane
 *   outage does not fill the dead-letter queue), then `dead`; `maxAttempts` is a hard cap, also applied in the claim
 *   query so that a poison entry that crashes its worker is dead-lettered (`buryAbandoned`) instead of retaken.
 *
 * At-least-once window: from the claim to the recorded outcome. If the instance dies after the message left but
 * before the reply is recorded, the lease expires and another worker (or this one after a restart) sends the inform
 * again; MTS sees the same ticketId twice. A running delivery renews its lease every third of `OUTBOX_LEASE_MS`
 * (heartbeat), and gets at most `OUTBOX_DELIVERY_TIMEOUT_MS`; a restarted instance (same `GATEWAY_INSTANCE_ID`)
 * releases its predecessor's claims at start instead of leaving them for a lease. Once a success is
 * recorded the ticket is never sent again: `ticket_id` is unique (one row per ticket), `delivered` is terminal, only
 * `dead` entries can be re-queued, and failure records need the current claim token.
 *
 * Shutdown: closing the layer's scope stops claiming and waits for the deliveries in flight to finish and be
 * recorded (bounded by the lease); only past that bound are they interrupted, and an interrupted delivery is put
 * back to `pending` (its outcome is unknown, so it is retried).
 */
import { InvalidTicket, ServerError, Tickets } from "@its/tickets"
import { hostname } from "node:os"
import { resolve } from "node:path"
import {
  Cause,
  Clock,
  Deferred,
  Duration,
  Effect,
  Exit,
  Fiber,
  Layer,
  Metric,
  Option,
  Random,
  Schedule,
  Schema
} from "effect"
import { sendPayload } from "./AccountInformPayload.ts"
import { retryDelayMillis } from "./Backoff.ts"
import { outboxDeadLettered, outboxDelivered, outboxFailures } from "./Metrics.ts"
import { recordGauges } from "./Outbox.ts"
import { OutboxConfig, type OutboxSettings } from "./OutboxConfig.ts"
import { type Claimed, OutboxStore } from "./Store.ts"

/** A delivery that ran past its share of the lease (it may still complete on the MTS side). */
class DeliveryTimeout extends Schema.TaggedError<DeliveryTimeout>()("@its/gateway/OutboxDeliveryTimeout", {
  millis: Schema.Number
}) {
  override get message(): string {
    return `no outcome within ${this.millis} ms (OUTBOX_DELIVERY_TIMEOUT_MS); outcome unknown`
  }
}

const isPermanent = (error: unknown): boolean => error instanceof ServerError || error instanceof InvalidTicket

/** At most this many characters of a reason are kept in `lastError`. */
const maxReasonLength = 300

/**
 * The short reason kept in `lastError` and shown to consumers: the error's tag and the first line of its message,
 * never a stack trace (a defect is logged in full, but stored as its first line only).
 */
export const describe = (cause: Cause.Cause<unknown>): string => {
  const short = (text: string) => {
    const line = text.split("\n", 1)[0] ?? ""
    return line.length > maxReasonLength ? `${line.slice(0, maxReasonLength - 1)}…` : line
  }
  const failure = Cause.failureOption(cause)
  if (failure._tag === "Some") {
    const error = failure.value as { readonly _tag?: string; readonly message?: string }
    return short(`${error._tag ?? "Error"}: ${typeof error.message === "string" ? error.message : "failed"}`)
  }
  if (Cause.isInterruptedOnly(cause)) return "interrupted during delivery; outcome unknown"
  const defect = Cause.squash(cause)
  return short(`defect: ${defect instanceof Error ? `${defect.name}: ${defect.message}` : "unexpected failure"}`)
}

/** `GATEWAY_INSTANCE_ID`, or hostname + absolute data directory: stable across restarts of one deployment. */
export const instanceIdentity = (config: OutboxSettings): string =>
  Option.getOrElse(config.instanceId, () => `${hostname()}:${resolve(config.dataDir)}`)

export const run = Effect.gen(function* () {
  const store = yield* OutboxStore
  const config = yield* OutboxConfig
  const tickets = yield* Tickets
  const owner = instanceIdentity(config)
  const leaseMillis = Duration.toMillis(config.lease)
  const budgetMillis = Duration.toMillis(config.deliveryTimeout)
  const renewEvery = Duration.millis(Math.max(1, Math.floor(leaseMillis / 3)))
  const policy = { baseMillis: Duration.toMillis(config.retryBase), maxMillis: Duration.toMillis(config.retryMax) }
  const stop = yield* Deferred.make<void>()

  const record = (claimed: Claimed, exit: Exit.Exit<unknown, unknown>) =>
    Effect.gen(function* () {
      const { entry, claimToken } = claimed
      const now = yield* Clock.currentTimeMillis
      if (Exit.isSuccess(exit)) {
        // A rejection after an earlier unrecorded attempt (a crash between send and record) may be MTS's answer to
        // the duplicate ticketId, not to the inform: keep the reply, and say so next to it.
        const resent =
          entry.attempts > 1 && (exit.value as { readonly status?: string } | undefined)?.status === "rejected"
        yield* store.markDelivered(
          entry.id,
          JSON.stringify(exit.value),
          now,
          resent
            ? `rejected on attempt ${entry.attempts} after an unrecorded earlier attempt: the rejection may answer a duplicate send (check the ticket's state with ITS)`
            : undefined
        )
        yield* Metric.increment(outboxDelivered)
        return
      }
      const interrupted = Cause.isInterruptedOnly(exit.cause)
      const permanent = Cause.failureOption(exit.cause).pipe((o) => o._tag === "Some" && isPermanent(o.value))
      const expired = now - Date.parse(entry.createdAt) >= Duration.toMillis(config.retryFor)
      const dead = !interrupted && (permanent || expired || entry.attempts >= config.maxAttempts)
      const delay = interrupted ? 0 : retryDelayMillis(entry.attempts, policy, yield* Random.next)
      const error = describe(exit.cause)
      const owned = yield* store.markFailed(entry.id, claimToken, {
        status: dead ? "dead" : "pending",
        nextAttemptAt: now + delay,
        error,
        now
      })
      if (!owned) return
      yield* Metric.increment(outboxFailures)
      if (dead) {
        yield* Metric.increment(outboxDeadLettered)
        yield* Effect.logWarning("ticket inform dead-lettered").pipe(
          Effect.annotateLogs({ outboxId: entry.id, ticketId: entry.ticketId, attempts: entry.attempts, error })
        )
      }
    })

  // The send is interruptible (past the shutdown bound); recording its outcome is not.
  const deliver = (claimed: Claimed, restore: <A, E, R>(e: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>) =>
    Effect.gen(function* () {
      // A ticket inform or an account inform (`AccountInformPayload.ts`), each with its own operation.
      // Heartbeat: the lease is renewed every third of it while the delivery runs, so only a dead or stalled
      // instance's claims expire. A failed renewal is retried at the next beat.
      const heartbeat = Clock.currentTimeMillis.pipe(
        Effect.flatMap((now) => store.renew(claimed.entry.id, claimed.claimToken, now, leaseMillis)),
        Effect.ignore,
        Effect.delay(renewEvery),
        Effect.forever
      )
      const send = Effect.raceFirst(
        sendPayload(tickets, claimed.payload).pipe(
          Effect.timeoutFail({ duration: budgetMillis, onTimeout: () => new DeliveryTimeout({ millis: budgetMillis }) })
        ),
        heartbeat
      )
      const exit = yield* Effect.exit(restore(send))
      yield* record(claimed, exit).pipe(
        Effect.catchAll((error) =>
          // The lease expires and the entry is retried: at-least-once.
          Effect.logError("could not record an outbox delivery outcome").pipe(
            Effect.annotateLogs({ outboxId: claimed.entry.id, error: error.message })
          )
        )
      )
    }).pipe(
      Effect.withSpan("OutboxWorker.deliver", {
        attributes: { "its.ticket_id": claimed.entry.ticketId, "its.outbox_id": claimed.entry.id }
      })
    )

  // Claim and start every delivery without an interruption point in between, so no claim is left unattended.
  const iteration = Effect.uninterruptibleMask((restore) =>
    Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const claimed = yield* store.claim({
        limit: config.concurrency,
        now,
        leaseMillis,
        owner,
        token: crypto.randomUUID(),
        maxAttempts: config.maxAttempts
      })
      yield* Effect.forEach(claimed, (c) => deliver(c, restore), { concurrency: "unbounded", discard: true })
      return claimed.length
    })
  )

  // Idle waits on one wake-up queue (enqueues, the poll tick and stop all signal it): no race, so no fibers started
  // and interrupted per idle poll. The tick is one long-lived fiber; it finds retries that fell due and work other
  // instances enqueued.
  const idle = store.awaitWork
  const tick = store.notify.pipe(Effect.delay(config.pollInterval), Effect.forever)

  const loop = Effect.gen(function* () {
    let failures = 0
    while (!(yield* Deferred.isDone(stop))) {
      const claimed = yield* iteration.pipe(
        Effect.tap(() => {
          failures = 0
        }),
        Effect.catchAll((error) =>
          Effect.gen(function* () {
            failures += 1
            yield* Effect.logWarning("outbox claim failed; retrying").pipe(
              Effect.annotateLogs({ error: error.message })
            )
            // Back off while the store is down instead of hammering it every poll.
            const delay = retryDelayMillis(
              failures,
              { baseMillis: Duration.toMillis(config.pollInterval), maxMillis: 5_000 },
              1
            )
            yield* Effect.raceFirst(Effect.sleep(delay), Deferred.await(stop))
            return -1
          })
        )
      )
      if (claimed === 0) yield* idle
    }
  })

  // Keeps the gauges fresh between /metrics scrapes (which refresh them too, via Outbox.stats).
  const gauges = Clock.currentTimeMillis.pipe(
    Effect.flatMap(store.stats),
    Effect.flatMap(recordGauges),
    Effect.ignore,
    Effect.repeat(Schedule.spaced(Duration.seconds(5)))
  )

  yield* Effect.forkScoped(gauges)
  // Housekeeping at start and once a minute (not on every poll: SQLite has one writer): delivered entries older than
  // `retention` are deleted, and poison entries the claim query no longer takes (`maxAttempts`) are dead-lettered.
  const retention = Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    yield* store.prune(now - Duration.toMillis(config.retention))
    const buried = yield* store.buryAbandoned(now, config.maxAttempts)
    if (buried > 0) {
      yield* Metric.incrementBy(outboxDeadLettered, buried)
      yield* Effect.logWarning("abandoned ticket informs dead-lettered").pipe(Effect.annotateLogs({ count: buried }))
    }
  }).pipe(
    Effect.catchAll((error) =>
      Effect.logWarning("outbox housekeeping failed").pipe(Effect.annotateLogs({ error: error.message }))
    ),
    Effect.repeat(Schedule.spaced(Duration.minutes(1)))
  )
  // Claims a killed predecessor with this identity left behind are due again now, not after a lease.
  const released = yield* Clock.currentTimeMillis.pipe(
    Effect.flatMap((now) => store.releaseOwned(owner, now)),
    Effect.orElseSucceed(() => 0)
  )
  if (released > 0)
    yield* Effect.logWarning("released the claims of a previous run of this instance").pipe(
      Effect.annotateLogs({ owner, count: released })
    )
  yield* Effect.forkScoped(retention)
  yield* Effect.forkScoped(tick)
  const fiber = yield* Effect.forkScoped(loop.pipe(Effect.withSpan("OutboxWorker.loop")))
  yield* Effect.logDebug("outbox worker started").pipe(Effect.annotateLogs({ owner }))
  // Runs before the scope interrupts the loop: stop claiming, let the current deliveries finish and be recorded.
  yield* Effect.addFinalizer(() =>
    Deferred.succeed(stop, undefined).pipe(
      Effect.zipRight(store.notify),
      Effect.zipRight(Fiber.await(fiber).pipe(Effect.timeout(config.deliveryTimeout), Effect.ignore)),
      Effect.zipRight(Effect.logDebug("outbox worker stopped").pipe(Effect.annotateLogs({ owner })))
    )
  )
})

export const OutboxWorker = {
  /**
   * The delivery loop, running while the layer's scope is open. Needs `Tickets`, the store and `OutboxConfig`.
   * Start one per gateway instance; several instances on one PostgreSQL (or one SQLite file) never deliver the
   * same entry concurrently, except after a lease expiry (see the module comment).
   */
  layer: Layer.scopedDiscard(run) as Layer.Layer<never, never, OutboxStore | OutboxConfig | Tickets>
} as const
