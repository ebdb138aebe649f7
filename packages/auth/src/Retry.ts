/**
 * The one retry policy of the toolkit: jittered exponential backoff, capped, that never waits less than a
 * server's `Retry-After`. The token layer uses it; the transport reuses it for ITS REST calls.
 */
import { Clock, Duration, Effect, Option, Schedule } from "effect"

export interface BackoffOptions<E> {
  /** First delay; doubles on every retry (before jitter). */
  readonly base: Duration.DurationInput
  /** Upper bound of the exponential part. A longer `Retry-After` is still honoured. */
  readonly cap: Duration.DurationInput
  /** Maximum number of retries; unbounded when absent (bound it with a timeout instead). */
  readonly times?: number
  /** Only failures for which this holds are retried. */
  readonly while: (error: E) => boolean
  /** The server-requested delay carried by a failure, if any. */
  readonly retryAfter: (error: E) => Option.Option<Duration.Duration>
}

export const backoff = <E>(options: BackoffOptions<E>): Schedule.Schedule<unknown, E> => {
  const cap = Duration.decode(options.cap)
  const base = Schedule.exponential(options.base).pipe(
    Schedule.jittered,
    Schedule.intersect(Schedule.identity<E>()),
    Schedule.modifyDelay(([, error], delay) => {
      const capped = Duration.min(delay, cap)
      return Option.match(options.retryAfter(error), {
        onNone: () => capped,
        onSome: (requested) => Duration.max(capped, requested)
      })
    }),
    Schedule.whileInput(options.while)
  )
  return options.times === undefined ? base : base.pipe(Schedule.intersect(Schedule.recurs(options.times)))
}

/**
 * Parses an HTTP `Retry-After` value (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, measured against
 * `Clock`. Unparseable or past values give `Option.none()` / zero.
 */
export const parseRetryAfter = (value: string | undefined): Effect.Effect<Option.Option<Duration.Duration>> =>
  Effect.gen(function* () {
    if (value === undefined) return Option.none()
    const trimmed = value.trim()
    if (/^\d+$/.test(trimmed)) return Option.some(Duration.seconds(Number(trimmed)))
    const at = Date.parse(trimmed)
    if (Number.isNaN(at)) return Option.none()
    const now = yield* Clock.currentTimeMillis
    return Option.some(Duration.millis(Math.max(0, at - now)))
  })
