/**
 * What the simulated data plane saw: every request (`ReceivedRequest`) and every ticket (`TicketRecord`) with its
 * state, plus the deterministic reply signatures. The handler writes it; tests read it.
 */
import { createHash } from "node:crypto"
import { Context, Effect, Layer, Option } from "effect"

export interface TicketRecord {
  readonly ticketId: string
  readonly correlationId: string
  readonly operation: "ticket-placement" | "ticket-placement-inform"
  readonly status: "accepted" | "rejected"
  readonly code: number
  readonly signature: string
  /** The `acknowledged` value of the last valid ack, if any. */
  readonly acknowledged: boolean | undefined
  readonly cancelled: boolean
  readonly cashedOut: boolean
}

export interface ReceivedRequest {
  readonly correlationId: string
  readonly operation: string
  readonly contentType: string
  readonly ticketId: string | undefined
  /** `error-reply` when the request was refused before the operation's rules. */
  readonly outcome: "accepted" | "rejected" | "error-reply"
  readonly code: number
}

export interface TicketLedgerShape {
  /** Every request the handler saw, in order. */
  readonly received: Effect.Effect<ReadonlyArray<ReceivedRequest>>
  /** How many requests match (all when no filter). */
  readonly count: (filter?: {
    readonly operation?: string
    readonly outcome?: ReceivedRequest["outcome"]
  }) => Effect.Effect<number>
  /** Every ticket placed or informed (the first placement of each `ticketId`). */
  readonly tickets: Effect.Effect<ReadonlyArray<TicketRecord>>
  readonly ticket: (ticketId: string) => Effect.Effect<Option.Option<TicketRecord>>
  readonly reset: Effect.Effect<void>
  /** Used by the handler. */
  readonly record: (request: ReceivedRequest) => Effect.Effect<void>
  readonly put: (ticket: TicketRecord) => Effect.Effect<void>
  /** A fresh deterministic signature (44-character base64). */
  readonly sign: (what: string) => Effect.Effect<string>
}

export class TicketLedger extends Context.Tag("@its/simulator/TicketLedger")<TicketLedger, TicketLedgerShape>() {
  static readonly make: Effect.Effect<TicketLedgerShape> = Effect.sync(() => {
    const received: Array<ReceivedRequest> = []
    const tickets = new Map<string, TicketRecord>()
    let sequence = 0
    return TicketLedger.of({
      received: Effect.sync(() => [...received]),
      count: (filter = {}) =>
        Effect.sync(
          () =>
            received.filter(
              (r) =>
                (filter.operation === undefined || r.operation === filter.operation) &&
                (filter.outcome === undefined || r.outcome === filter.outcome)
            ).length
        ),
      tickets: Effect.sync(() => [...tickets.values()]),
      ticket: (ticketId) => Effect.sync(() => Option.fromNullable(tickets.get(ticketId))),
      reset: Effect.sync(() => {
        received.length = 0
        tickets.clear()
        sequence = 0
      }),
      record: (request) => Effect.sync(() => void received.push(request)),
      put: (ticket) => Effect.sync(() => void tickets.set(ticket.ticketId, ticket)),
      sign: (what) =>
        Effect.sync(() => {
          sequence += 1
          return createHash("sha256").update(`its-simulator|${what}|${sequence}`).digest("base64")
        })
    })
  })

  /** A fresh, empty ledger. */
  static readonly layer: Layer.Layer<TicketLedger> = Layer.effect(TicketLedger, TicketLedger.make)
}
