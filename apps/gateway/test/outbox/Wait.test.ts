import { describe, expect, it } from "@effect/vitest"
import { Deferred, Duration, Effect, Fiber, Layer } from "effect"
import { Outbox } from "../../src/outbox/Outbox.ts"
import { OutboxConfig, type OutboxSettings } from "../../src/outbox/OutboxConfig.ts"
import { OutboxStore } from "../../src/outbox/Store.ts"
import { type Backend, backends, fast, informFor, instance, replyFor } from "./support.ts"

/**
 * An `Outbox` (no worker) whose reads of single entries (`find`) are counted, `firstRead` completing at the first;
 * also exposes the raw store.
 */
const counted = (backend: Backend, config: Partial<OutboxSettings> = {}) => {
  let reads = 0
  const firstRead = Effect.runSync(Deferred.make<void>())
  const store = OutboxStore.layer.pipe(Layer.provideMerge(backend.sql()))
  const counting = Layer.effect(
    OutboxStore,
    Effect.map(OutboxStore, (s) => ({
      ...s,
      find: (id: string) =>
        Effect.suspend(() => {
          reads += 1
          return Effect.tap(s.find(id), () => Deferred.succeed(firstRead, undefined))
        })
    }))
  )
  const layer = Outbox.layer.pipe(
    Layer.provide(counting),
    Layer.provideMerge(store),
    Layer.provideMerge(OutboxConfig.layerWith({ ...fast, ...config })),
    Layer.orDie
  )
  return {
    layer,
    firstRead: Deferred.await(firstRead),
    get reads() {
      return reads
    }
  }
}

for (const backend of backends) {
  describe.skipIf(backend.skip)(`?wait=true on ${backend.name}`, () => {
    // TestClock: nothing advances it, so a wait that polled on a schedule would never see the outcome.
    it.scoped("awaitSettled is woken by the recorded outcome: no clock advance, O(1) reads", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        const outbox = counted(db)
        yield* Effect.gen(function* () {
          const box = yield* Outbox
          const store = yield* OutboxStore
          const entry = yield* box.enqueue(informFor("T-wake"), { consumer: "c" })
          const waiting = yield* Effect.fork(box.awaitSettled(entry.id, Duration.seconds(10)))
          yield* outbox.firstRead
          expect(outbox.reads).toBe(1)
          const [claimed] = yield* store.claim({ limit: 1, now: 0, leaseMillis: 60_000, owner: "t", token: "k" })
          expect(claimed?.entry.id).toBe(entry.id)
          yield* store.markDelivered(entry.id, JSON.stringify(replyFor("T-wake")), 1)
          const settled = yield* Fiber.join(waiting)
          expect(settled).toMatchObject({ id: entry.id, status: "delivered", reply: replyFor("T-wake") })
          expect(outbox.reads).toBe(2) // the read before waiting, the read after the wake-up
        }).pipe(Effect.provide(outbox.layer))
      })
    )

    it.scoped("a dead-lettered outcome wakes the waiter too", () =>
      Effect.gen(function* () {
        const db = yield* backend.make
        const outbox = counted(db)
        yield* Effect.gen(function* () {
          const box = yield* Outbox
          const store = yield* OutboxStore
          const entry = yield* box.enqueue(informFor("T-wake-dead"), { consumer: "c" })
          const waiting = yield* Effect.fork(box.awaitSettled(entry.id, Duration.seconds(10)))
          yield* outbox.firstRead
          yield* store.claim({ limit: 1, now: 0, leaseMillis: 60_000, owner: "t", token: "k" })
          // A retry (pending again) is not an outcome: the waiter keeps waiting without re-reading.
          expect(
            yield* store.markFailed(entry.id, "k", { status: "pending", nextAttemptAt: 0, error: "e", now: 1 })
          ).toBe(true)
          yield* store.claim({ limit: 1, now: 2, leaseMillis: 60_000, owner: "t", token: "k2" })
          expect(
            yield* store.markFailed(entry.id, "k2", { status: "dead", nextAttemptAt: 3, error: "no", now: 3 })
          ).toBe(true)
          const settled = yield* Fiber.join(waiting)
          expect(settled).toMatchObject({ status: "dead", lastError: "no" })
          expect(outbox.reads).toBe(2)
        }).pipe(Effect.provide(outbox.layer))
      })
    )
  })
}

const postgres = backends.find((b) => b.name === "postgres")
describe.skipIf(postgres?.skip ?? true)("?wait=true across instances (PostgreSQL LISTEN/NOTIFY)", () => {
  // TestClock, never advanced: instance A can only learn of B's record through the notification.
  it.scoped("a wait on one instance is woken by the outcome another instance records", () =>
    Effect.gen(function* () {
      const db = yield* (postgres as (typeof backends)[number]).make
      const a = counted(db)
      const contextA = yield* Layer.build(a.layer)
      const contextB = yield* Layer.build(instance(db, { worker: false }))
      const box = yield* Effect.provide(Outbox, contextA)
      const storeB = yield* Effect.provide(OutboxStore, contextB)
      const entry = yield* box.enqueue(informFor("T-across"), { consumer: "c" })
      const waiting = yield* Effect.fork(box.awaitSettled(entry.id, Duration.seconds(10)))
      yield* a.firstRead
      const [claimed] = yield* storeB.claim({ limit: 1, now: 0, leaseMillis: 60_000, owner: "b", token: "kb" })
      expect(claimed?.entry.id).toBe(entry.id)
      yield* storeB.markDelivered(entry.id, JSON.stringify(replyFor("T-across")), 1)
      const settled = yield* Fiber.join(waiting)
      expect(settled).toMatchObject({ id: entry.id, status: "delivered", reply: replyFor("T-across") })
      expect(a.reads).toBe(2)
    })
  )
})
