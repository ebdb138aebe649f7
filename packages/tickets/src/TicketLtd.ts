/**
 * Live Time Delay suggestion for a ticket (its-api.md §5) — the one module of `@its/tickets` that uses
 * `@its/models`, kept apart so that it can move to where models and tickets meet (issue #13; see the README).
 *
 * The LTD API is REST (`@its/models`' `Models.ltd`), not the data plane, so it is NOT a `Tickets` method:
 * `Tickets` keeps needing only `DataPlane | OperatorId`. The request is the typed message itself: its-api.md §5 / A12
 * want "the full payload of the ticket", the `ticket-placement` or `ticket-placement-inform` envelope, which
 * `@its/models` keeps opaque (`LtdTicketRequest`). So the envelope is built, validated and encoded exactly as for
 * the data plane (`ltdRequest`): one wire contract, exact decimals, an invalid ticket is never sent. Its correlation
 * id is a fresh one (the placement that follows gets its own).
 */
import {
  BookmakerId,
  type LtdResponse,
  type LtdTicketRequest,
  ModelRequestInvalid,
  Models,
  type ModelsError
} from "@its/models"
import { Context, Effect, Layer, Schema } from "effect"
import { OperatorId } from "./Envelope.ts"
import { TicketLimits } from "./Limits.ts"
import type { Ticket, TicketInform } from "./Ticket.ts"
import { prepareRequest } from "./Tickets.ts"
import type { InvalidTicket } from "./TicketsErrors.ts"

/** The LTD API's request for a ticket: its validated envelope as JSON, and the ids to trace it by. */
export interface LtdRequest {
  readonly operatorId: number
  readonly correlationId: string
  readonly ticketId: string
  /** The `ticket-placement` / `ticket-placement-inform` envelope, encoded (what the LTD API receives). */
  readonly json: unknown
}

/** The ticket side of the LTD composition (no `@its/models` involved): envelope, validation, wire JSON. */
export const ltdRequest = (ticket: Ticket | TicketInform): Effect.Effect<LtdRequest, InvalidTicket, OperatorId> =>
  Effect.flatMap(Effect.zip(OperatorId, TicketLimits), ([operatorId, limits]) => {
    const operation = ticket.type === "ticket-inform" ? "ticket-placement-inform" : "ticket-placement"
    const ticketId = ticket.type === "ticket-inform" ? ticket.ticket.ticketId : ticket.ticketId
    return Effect.map(prepareRequest(operation, ticket, operatorId, limits), ({ correlationId, json }) => ({
      operatorId,
      correlationId,
      ticketId,
      json
    }))
  })

export interface LtdOptions {
  /**
   * The bookmaker path parameter. Default: the `OperatorId` (ASSUMPTION A13 of its-api.md: the Transaction 3.0
   * operator id usually equals the ITS bookmaker id).
   */
  readonly bookmaker?: BookmakerId
}

/**
 * The LTD suggestion for a live ticket (`Ticket` → a `ticket-placement` envelope) or a pre-validated one
 * (`TicketInform` → `ticket-placement-inform`). The API is meant for live tickets only (§5); which tickets to ask
 * about is the caller's choice (`isLiveTicket`). `N/A` is "no recommendation" (T3.0's `None`, CONFLICT §5).
 */
export const ltdSuggestion: (
  ticket: Ticket | TicketInform,
  options?: LtdOptions
) => Effect.Effect<LtdResponse, InvalidTicket | ModelsError, Models | OperatorId> = Effect.fn("Tickets.ltdSuggestion")(
  function* (ticket: Ticket | TicketInform, options: LtdOptions = {}) {
    const models = yield* Models
    const request = yield* ltdRequest(ticket)
    yield* Effect.annotateCurrentSpan({
      "its.correlation_id": request.correlationId,
      "its.ticket_id": request.ticketId
    })
    const bookmaker =
      options.bookmaker ??
      (yield* Schema.decodeUnknown(BookmakerId)(request.operatorId).pipe(
        Effect.mapError(
          () =>
            new ModelRequestInvalid({
              api: "ltd",
              problems: [
                `operatorId ${request.operatorId} is not a bookmaker id (0–2147483647): pass options.bookmaker`
              ]
            })
        )
      ))
    // The envelope as a JSON object, which is what `LtdTicketRequest` describes.
    return yield* models.ltd.suggest(bookmaker, request.json as LtdTicketRequest)
  }
)

export interface TicketLtdShape {
  readonly suggest: (
    ticket: Ticket | TicketInform,
    options?: LtdOptions
  ) => Effect.Effect<LtdResponse, InvalidTicket | ModelsError>
}

/** `ltdSuggestion` as a service, for code that injects it (e.g. a placement flow that asks for LTD first). */
export class TicketLtd extends Context.Tag("@its/tickets/TicketLtd")<TicketLtd, TicketLtdShape>() {
  /** Needs `Models` (`Models.Live` over `@its/transport`'s REST) and the `OperatorId`. */
  static readonly layer: Layer.Layer<TicketLtd, never, Models | OperatorId> = Layer.effect(
    TicketLtd,
    Effect.map(Effect.context<Models | OperatorId>(), (context) =>
      TicketLtd.of({ suggest: (ticket, options) => Effect.provide(ltdSuggestion(ticket, options), context) })
    )
  )

  /** @deprecated use layer — alias kept while the repo migrates */
  static readonly Live: Layer.Layer<TicketLtd, never, Models | OperatorId> = TicketLtd.layer
}
