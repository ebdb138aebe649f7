/**
 * The ticket half of a Live Time Delay suggestion (its-api.md §5). The LTD API is REST (`@its/models`' `Models.ltd`),
 * not the data plane, so it is NOT a `Tickets` method, and the composition with `@its/models` lives there
 * (`ltdSuggestion(request)` / `TicketLtd`, issue #13): this package does not depend on `@its/models`.
 *
 * The request is the typed message itself: its-api.md §5 / A12 want "the full payload of the ticket", the
 * `ticket-placement` or `ticket-placement-inform` envelope. So the envelope is built, validated and encoded exactly
 * as for the data plane: one wire contract, exact decimals, an invalid ticket is never sent. Its correlation id is a
 * fresh one (the placement that follows gets its own).
 */
import { Effect } from "effect"
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

/**
 * The envelope of a live ticket (`Ticket` → `ticket-placement`) or a pre-validated one (`TicketInform` →
 * `ticket-placement-inform`), validated and encoded; hand it to `@its/models`' `ltdSuggestion`.
 */
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
