/**
 * Issue 12 goal 6: a connected data plane with no traffic starts, fails and interrupts no fiber and polls nothing.
 * Virtual time (TestClock) runs a minute forward in 1-second steps, under a supervisor that counts every fiber the
 * channel starts and ends; no sleep may be pending for less than a second (a polling loop always has one).
 */
import { describe, expect, it } from "@effect/vitest"
import { TokenProvider } from "@its/auth"
import {
  Chunk,
  Context,
  Duration,
  Effect,
  type Exit,
  type Fiber,
  Layer,
  Supervisor,
  TestClock,
  TestServices
} from "effect"
import { DataPlane, type DataPlaneMessage } from "../src/DataPlane.ts"
import { startServer } from "./WsServer.ts"

const audience = "mbs-dp-non-prod-wss"

/** Counts fibers started and ended (and how they ended) below the supervised effect. */
class FiberCounter extends Supervisor.AbstractSupervisor<void> {
  started = 0
  ended = 0
  failedOrInterrupted = 0
  readonly value = Effect.void
  override onStart(): void {
    this.started += 1
  }
  override onEnd<A, E>(exit: Exit.Exit<A, E>, _fiber: Fiber.RuntimeFiber<A, E>): void {
    this.ended += 1
    if (exit._tag === "Failure") this.failedOrInterrupted += 1
  }
}

const message: DataPlaneMessage = { correlationId: "c-1", operation: "ticket-placement", content: {} }

describe("DataPlane when idle", () => {
  it.scoped("a connected channel starts, ends and schedules nothing while time passes without traffic", () =>
    Effect.gen(function* () {
      const server = yield* startServer()
      const counter = new FiberCounter()
      const channel = yield* Layer.build(
        DataPlane.layerWith({ url: server.url, audience, pingInterval: Duration.minutes(5) }).pipe(
          Layer.provide(TokenProvider.layerTest({ [audience]: "ws-token" }))
        )
      ).pipe(
        Effect.map((context) => Context.get(context, DataPlane)),
        Effect.supervised(counter)
      )
      yield* channel.awaitConnected
      // One exchange first, so that whatever a request leaves behind (its deadline timer) is there too.
      const fiber = yield* Effect.fork(channel.request(message))
      const reply = yield* fiber.await.pipe(TestServices.provideLive)
      expect(reply._tag).toBe("Success")
      yield* TestClock.adjust("21 seconds") // the request's deadline timer (20 s) fires and ends
      const before = { started: counter.started, ended: counter.ended, failed: counter.failedOrInterrupted }

      for (let second = 0; second < 60; second++) {
        yield* TestClock.adjust("1 second")
        yield* Effect.sleep("2 millis").pipe(TestServices.provideLive) // let real socket I/O run too
      }

      expect({ started: counter.started, ended: counter.ended, failed: counter.failedOrInterrupted }).toEqual(before)
      const now = yield* TestClock.currentTimeMillis
      const pending = Chunk.toReadonlyArray(yield* TestClock.sleeps()).map((at) => at - now)
      expect(pending.filter((inMillis) => inMillis < 1_000)).toEqual([])
      expect((yield* channel.stats).connected).toBe(true)
      expect(server.upgrades).toHaveLength(1)
    })
  )
})
