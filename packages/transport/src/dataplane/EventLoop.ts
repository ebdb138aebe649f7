/**
 * The data plane's one owner of state: a fiber that takes `LoopEvent`s from a queue in batches (socket frames and
 * closes, requests and their cancellation, connections opened by the manager, rotation steps, deadline ticks,
 * shutdown) and applies each as a plain synchronous transition. Callers are completed through their `Effect.async`
 * callback; deadlines share one timer fiber per earliest deadline instead of a timeout fiber pair per request; metrics
 * are updated in place; nothing is forked per message.
 */
import { type Clock, Deferred, Duration, Effect, Exit, type PubSub, Queue, type Scope } from "effect"
import { ChannelClosed, ConnectionLost, DuplicateCorrelationId, ReplyTimeout } from "../Errors.ts"
import type { DataPlaneSettings } from "./Config.ts"
import { type Connection, type ConnectionEvent, corked, frameText, sendText } from "./Connection.ts"
import { CorrelationTable, type DataPlaneReply, type PendingRequest } from "./CorrelationTable.ts"
import type { StatsCounters } from "./Stats.ts"

export type LoopEvent =
  | ConnectionEvent
  | { readonly _tag: "Request"; readonly request: PendingRequest }
  | { readonly _tag: "Cancel"; readonly request: PendingRequest }
  | { readonly _tag: "Opened"; readonly connection: Connection; readonly rotation: boolean }
  | { readonly _tag: "ConnectFailed"; readonly reason: string }
  | { readonly _tag: "Drain"; readonly connection: Connection }
  | { readonly _tag: "Close"; readonly connection: Connection }
  | { readonly _tag: "Tick"; readonly at: number }
  | { readonly _tag: "Shutdown" }

export interface EventLoop {
  readonly offer: (event: LoopEvent) => boolean
  /** Runs until interrupted; on exit, every request still waiting fails (`ConnectionLost` / `ChannelClosed`). */
  readonly run: Effect.Effect<never>
  readonly current: () => Connection | undefined
  readonly closing: () => boolean
  readonly inFlight: () => number
}

const isObject = (json: unknown): json is Record<string, unknown> =>
  typeof json === "object" && json !== null && !Array.isArray(json)

export const makeEventLoop = (options: {
  readonly settings: DataPlaneSettings
  readonly counters: StatsCounters
  readonly unmatched: PubSub.PubSub<DataPlaneReply>
  /** Open while a connection accepts requests (or once the channel is closing, to release waiters). */
  readonly connected: Effect.Latch
  readonly clock: Clock.Clock
  readonly scope: Scope.Scope
}): Effect.Effect<EventLoop> =>
  Effect.gen(function* () {
    const { settings, counters, unmatched, connected, clock, scope } = options
    const events = yield* Queue.unbounded<LoopEvent>()
    const table = new CorrelationTable()
    const connections = new Set<Connection>()
    let current: Connection | undefined
    let closing = false
    let lastConnectError: string | undefined
    /** Wake-up times of the timer fibers still sleeping (few: one per earlier deadline seen). */
    const timers: Array<number> = []
    /** Log lines and timers produced by a batch, run once it is applied. */
    let effects: Array<Effect.Effect<void>> = []

    const fail = (
      request: PendingRequest,
      error: ConnectionLost | ReplyTimeout | ChannelClosed | DuplicateCorrelationId
    ) => {
      table.forget(request)
      request.resume(Exit.fail(error))
    }

    const drainedCheck = (connection: Connection) => {
      if (connection.state === "draining" && table.carried(connection) === 0)
        Deferred.unsafeDone(connection.drained, Exit.void)
    }

    const schedule = (deadline: number) => {
      if (deadline === Number.POSITIVE_INFINITY || timers.some((at) => at <= deadline)) return
      timers.push(deadline)
      const delay = Math.max(0, deadline - clock.unsafeCurrentTimeMillis())
      effects.push(
        Effect.asVoid(
          Effect.forkIn(
            Effect.zipRight(Effect.sleep(Duration.millis(delay)), Queue.offer(events, { _tag: "Tick", at: deadline })),
            scope
          )
        )
      )
    }

    /** Sends what waits while there is capacity and an open connection. */
    const flush = () => {
      while (current !== undefined && table.size < settings.maxInFlight) {
        const request = table.nextWaiting()
        if (request === undefined) return
        send(request, current)
      }
    }

    const send = (request: PendingRequest, connection: Connection) => {
      if (table.has(request.correlationId)) {
        counters.add("rejected")
        fail(request, new DuplicateCorrelationId({ correlationId: request.correlationId }))
        return
      }
      table.sent(request, connection)
      counters.add("sent")
      sendText(connection, request.text, request.bytes, settings.fragmentBytes)
    }

    const onFrame = (connection: Connection, text: string) => {
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        json = undefined
      }
      if (!isObject(json)) {
        counters.add("invalidFrames")
        effects.push(
          Effect.logWarning("data-plane frame is not a JSON object; ignored").pipe(
            Effect.annotateLogs({
              connection: connection.id,
              bytes: Buffer.byteLength(text),
              starts: text.slice(0, 60)
            })
          )
        )
        return
      }
      const correlationId = json.correlationId
      const request = typeof correlationId === "string" ? table.take(correlationId) : undefined
      if (request === undefined) {
        counters.add("unmatchedReplies")
        effects.push(
          Effect.logWarning("data-plane reply nobody waits for (late or unknown correlationId); published").pipe(
            Effect.annotateLogs({
              connection: connection.id,
              correlationId: String(correlationId),
              operation: String(json.operation)
            })
          )
        )
        if (typeof correlationId === "string") unmatched.unsafeOffer(json as DataPlaneReply)
        return
      }
      counters.add("replies")
      request.resume(Exit.succeed(json as DataPlaneReply))
      if (request.sentOn !== undefined) drainedCheck(request.sentOn)
    }

    const onClosed = (connection: Connection, code: number, reason: string) => {
      if (connection.state === "closed") return
      connection.state = "closed"
      connections.delete(connection)
      const why = connection.closeReason ?? `connection closed (code ${code}${reason === "" ? "" : ` ${reason}`})`
      for (const request of table.takeCarried(connection)) {
        counters.add("connectionLost")
        request.resume(
          Exit.fail(
            new ConnectionLost({ correlationId: request.correlationId, operation: request.operation, reason: why })
          )
        )
      }
      if (current === connection) {
        current = undefined
        connected.unsafeClose()
        if (!closing) {
          counters.add("drops")
          effects.push(
            Effect.logWarning(`data-plane connection dropped: ${why}`).pipe(
              Effect.annotateLogs({ connection: connection.id })
            )
          )
        }
      }
      Deferred.unsafeDone(connection.drained, Exit.void)
      Deferred.unsafeDone(connection.closed, Exit.void)
    }

    const onOpened = (connection: Connection, rotation: boolean) => {
      counters.add("connects")
      if (rotation) counters.add("rotations")
      if (closing) {
        // Connected while the channel was closing: do not leave it open.
        connection.ws.close(1000, "client shutdown")
        return
      }
      if (connection.state !== "open") return
      lastConnectError = undefined
      connections.add(connection)
      current = connection
      connected.unsafeOpen()
      flush()
    }

    const onRequest = (request: PendingRequest) => {
      if (closing) {
        fail(request, new ChannelClosed())
        return
      }
      schedule(request.deadline)
      // Sent by `flush` at the end of the batch, in arrival order.
      table.wait(request)
    }

    const onTick = (at: number) => {
      const index = timers.indexOf(at)
      if (index >= 0) timers.splice(index, 1)
      const { due, next } = table.expire(clock.unsafeCurrentTimeMillis())
      for (const request of due) {
        counters.add("timeouts")
        const sent = request.sentOn !== undefined
        const waitingFor = current === undefined ? "a connection" : "capacity (maxInFlight requests in flight)"
        request.resume(
          Exit.fail(
            new ReplyTimeout({
              correlationId: request.correlationId,
              operation: request.operation,
              timeoutMillis: request.timeoutMillis,
              sent,
              ...(sent
                ? {}
                : {
                    detail: `waiting for ${waitingFor}${lastConnectError === undefined ? "" : `; last connect error: ${lastConnectError}`}`
                  })
            })
          )
        )
        if (request.sentOn !== undefined) drainedCheck(request.sentOn)
      }
      schedule(next)
    }

    const onShutdown = () => {
      closing = true
      current = undefined
      connected.unsafeOpen()
      for (const request of table.takeWaiting()) fail(request, new ChannelClosed())
      for (const connection of connections) {
        connection.closeReason = "channel closed"
        connection.ws.close(1000, "client shutdown")
      }
    }

    const apply = (event: LoopEvent): void => {
      switch (event._tag) {
        case "Frame":
          onFrame(event.connection, frameText(event.data))
          break
        case "Closed":
          onClosed(event.connection, event.code, event.reason)
          break
        case "Request":
          onRequest(event.request)
          break
        case "Cancel": {
          // Interrupted caller: a later reply becomes "unmatched".
          if (event.request.settled) break
          table.forget(event.request)
          if (event.request.sentOn !== undefined) drainedCheck(event.request.sentOn)
          break
        }
        case "Opened":
          onOpened(event.connection, event.rotation)
          break
        case "ConnectFailed": {
          lastConnectError = event.reason
          counters.add("connectFailures")
          break
        }
        case "Drain": {
          if (event.connection.state !== "open") break
          event.connection.state = "draining"
          if (current === event.connection) current = undefined
          drainedCheck(event.connection)
          break
        }
        case "Close": {
          if (event.connection.state === "closed") break
          event.connection.closeReason = "connection replaced"
          event.connection.ws.close(1000, "rotated")
          break
        }
        case "Tick":
          onTick(event.at)
          break
        case "Shutdown":
          onShutdown()
          break
      }
    }

    const step = Effect.flatMap(Queue.takeBetween(events, 1, 4096), (batch) => {
      corked(current, () => {
        for (const event of batch) apply(event)
        flush()
      })
      counters.inFlight(table.size)
      if (effects.length === 0) return Effect.void
      const produced = effects
      effects = []
      return Effect.all(produced, { discard: true })
    })

    const failRemaining = Effect.sync(() => {
      for (const request of table.takeAll()) {
        request.resume(
          Exit.fail(
            new ConnectionLost({
              correlationId: request.correlationId,
              operation: request.operation,
              reason: "channel closed"
            })
          )
        )
      }
      for (const request of table.takeWaiting()) request.resume(Exit.fail(new ChannelClosed()))
    })

    return {
      offer: (event) => events.unsafeOffer(event),
      run: Effect.forever(step).pipe(Effect.ensuring(failRemaining)),
      current: () => current,
      closing: () => closing,
      inFlight: () => table.size
    }
  })
