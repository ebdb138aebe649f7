/**
 * The requests the event loop is responsible for: those sent and waiting for their reply (by `correlationId`, and by
 * the connection that carried them) and those waiting to be sent (for capacity or a connection), in arrival order.
 * Plain data, changed only by the event loop.
 */
import type { Exit } from "effect"
import type { DataPlaneError } from "../Errors.ts"
import type { Connection } from "./Connection.ts"

/** A decoded reply frame: a JSON object with the request's `correlationId`. Decode the rest with a Schema. */
export interface DataPlaneReply {
  readonly correlationId: string
  readonly [key: string]: unknown
}

export interface PendingRequest {
  readonly correlationId: string
  readonly operation: string
  readonly text: string
  readonly bytes: number
  /** `Clock` millis after which the request fails with `ReplyTimeout`. */
  readonly deadline: number
  readonly timeoutMillis: number
  /** Completes the caller (an `Effect.async` callback); call through `CorrelationTable.settle` only. */
  readonly resume: (exit: Exit.Exit<DataPlaneReply, DataPlaneError>) => void
  /** The connection that carried it, once sent. */
  sentOn: Connection | undefined
  settled: boolean
}

export class CorrelationTable {
  private readonly inFlight = new Map<string, PendingRequest>()
  private readonly byConnection = new Map<Connection, Set<PendingRequest>>()
  private waiting: Array<PendingRequest> = []
  private head = 0

  get size(): number {
    return this.inFlight.size
  }

  has(correlationId: string): boolean {
    return this.inFlight.has(correlationId)
  }

  carried(connection: Connection): number {
    return this.byConnection.get(connection)?.size ?? 0
  }

  /** Queues a request until capacity and a connection are there. */
  wait(request: PendingRequest): void {
    this.waiting.push(request)
  }

  /** The oldest request still waiting to be sent, removed from the queue. */
  nextWaiting(): PendingRequest | undefined {
    while (this.head < this.waiting.length) {
      const request = this.waiting[this.head] as PendingRequest
      this.head += 1
      if (!request.settled) {
        this.compact()
        return request
      }
    }
    this.compact()
    return undefined
  }

  /** Records a request handed to `connection`. */
  sent(request: PendingRequest, connection: Connection): void {
    request.sentOn = connection
    this.inFlight.set(request.correlationId, request)
    let set = this.byConnection.get(connection)
    if (set === undefined) {
      set = new Set()
      this.byConnection.set(connection, set)
    }
    set.add(request)
  }

  /** The in-flight request with this id, removed from the table. */
  take(correlationId: string): PendingRequest | undefined {
    const request = this.inFlight.get(correlationId)
    if (request !== undefined) this.forget(request)
    return request
  }

  /** Removes a request (answered, timed out or cancelled) wherever it is; it stays settled. */
  forget(request: PendingRequest): void {
    request.settled = true
    if (this.inFlight.get(request.correlationId) === request) this.inFlight.delete(request.correlationId)
    if (request.sentOn !== undefined) {
      const set = this.byConnection.get(request.sentOn)
      set?.delete(request)
      if (set?.size === 0) this.byConnection.delete(request.sentOn)
    }
  }

  /** Every request `connection` carried, removed from the table (the connection is gone). */
  takeCarried(connection: Connection): Array<PendingRequest> {
    const set = this.byConnection.get(connection)
    if (set === undefined) return []
    const requests = [...set]
    for (const request of requests) this.forget(request)
    return requests
  }

  /** Every request still waiting to be sent, removed from the queue. */
  takeWaiting(): Array<PendingRequest> {
    const requests = this.waiting.slice(this.head).filter((request) => !request.settled)
    this.waiting = []
    this.head = 0
    return requests
  }

  /** Every in-flight request, removed from the table. */
  takeAll(): Array<PendingRequest> {
    const requests = [...this.inFlight.values()]
    for (const request of requests) this.forget(request)
    return requests
  }

  /** Requests (sent or waiting) whose deadline is at or before `now`, removed; and the earliest deadline left. */
  expire(now: number): { readonly due: Array<PendingRequest>; readonly next: number } {
    const due: Array<PendingRequest> = []
    let next = Number.POSITIVE_INFINITY
    const visit = (request: PendingRequest) => {
      if (request.settled) return
      if (request.deadline <= now) due.push(request)
      else if (request.deadline < next) next = request.deadline
    }
    for (const request of this.inFlight.values()) visit(request)
    for (let i = this.head; i < this.waiting.length; i++) visit(this.waiting[i] as PendingRequest)
    for (const request of due) this.forget(request)
    this.compact()
    return { due, next }
  }

  /** Drops settled entries from the front of the waiting queue once they are many. */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head)
      this.head = 0
    } else if (this.head === this.waiting.length && this.head > 0) {
      this.waiting = []
      this.head = 0
    }
  }
}
