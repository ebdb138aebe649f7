/**
 * Wake-ups for `?wait=true` (`Outbox.awaitSettled`), so that a wait does not poll the database: waiters are latches
 * keyed by entry id, opened when an outcome (delivered or dead) is recorded. In one process the store opens them
 * directly; on PostgreSQL the recording instance also sends `pg_notify('its_outbox_settled', id)` and every instance
 * `LISTEN`s on that channel and opens its own waiters, so a wait sees a delivery by any instance at once.
 * A notification can still be missed (the listen connection dropped, two processes on one SQLite file): waiters also
 * re-read the entry every `OUTBOX_WAIT_RECHECK_MS` as a safety net.
 */
import { SqlClient } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { Deferred, Effect, Option, Schedule, type Scope, Stream } from "effect"

export const settledChannel = "its_outbox_settled"

export interface SettlementsShape {
  /** A latch that opens at the next recorded outcome of `id`; registered until the scope closes. */
  readonly watch: (id: string) => Effect.Effect<Effect.Effect<void>, never, Scope.Scope>
  /** Opens this instance's latches for `ids` and (PostgreSQL) tells the other instances. Never fails. */
  readonly publish: (ids: ReadonlyArray<string>) => Effect.Effect<void>
}

/** How many probe notifications are sent while waiting for this instance's `LISTEN` to be active. */
const listenProbes = 200

export const makeSettlements: Effect.Effect<SettlementsShape, never, SqlClient.SqlClient | Scope.Scope> = Effect.gen(
  function* () {
    const sql = yield* SqlClient.SqlClient
    const waiters = new Map<string, Set<Deferred.Deferred<void>>>()

    const open = (id: string) =>
      Effect.suspend(() => {
        const latches = waiters.get(id)
        waiters.delete(id)
        return latches === undefined
          ? Effect.void
          : Effect.forEach(latches, (latch) => Deferred.succeed(latch, undefined), { discard: true })
      })

    const register = (id: string) =>
      Effect.acquireRelease(
        Effect.tap(Deferred.make<void>(), (latch) =>
          Effect.sync(() => {
            const latches = waiters.get(id) ?? new Set()
            latches.add(latch)
            waiters.set(id, latches)
          })
        ),
        (latch) =>
          Effect.sync(() => {
            const latches = waiters.get(id)
            latches?.delete(latch)
            if (latches?.size === 0) waiters.delete(id)
          })
      )
    const watch = (id: string) => Effect.map(register(id), Deferred.await)

    const pg = yield* Effect.serviceOption(PgClient.PgClient)
    if (Option.isNone(pg)) {
      return { watch, publish: (ids) => Effect.forEach(ids, open, { discard: true }) } satisfies SettlementsShape
    }

    const notify = (id: string) => sql`SELECT pg_notify(${settledChannel}, ${id})`.pipe(Effect.asVoid)
    // Each instance listens on one dedicated connection (the client's listen connection), reconnecting on failure.
    yield* pg.value.listen(settledChannel).pipe(
      Stream.runForEach(open),
      Effect.retry(Schedule.exponential("100 millis").pipe(Schedule.union(Schedule.spaced("5 seconds")))),
      Effect.catchAllCause((cause) => Effect.logWarning("outbox LISTEN stopped", cause)),
      Effect.forkScoped
    )
    // The LISTEN is active once a notification of our own arrives; until then a wait relies on its re-check.
    const probe = `probe:${crypto.randomUUID()}`
    const arrived = yield* Effect.scoped(
      Effect.gen(function* () {
        const latch = yield* register(probe)
        for (let i = 0; i < listenProbes; i++) {
          yield* notify(probe).pipe(Effect.ignore)
          yield* Effect.yieldNow()
          if (yield* Deferred.isDone(latch)) return true
        }
        return false
      })
    )
    if (!arrived) yield* Effect.logWarning("outbox LISTEN not confirmed; ?wait=true falls back to re-reading")

    return {
      watch,
      publish: (ids) =>
        Effect.forEach(ids, (id) => Effect.zipRight(open(id), notify(id).pipe(Effect.ignore)), { discard: true })
    } satisfies SettlementsShape
  }
)
