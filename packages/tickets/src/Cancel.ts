/**
 * Cancellation — `ticket-cancel` / `cancel` (reference §6.4). Partial percentages are absolute, not cumulative: each
 * request repeats the earlier ratios.
 */
import { Schema } from "effect"
import { DecimalFromString } from "./Decimal.ts"
import { Integer } from "./Primitives.ts"

const ticketFields = { ticketId: Schema.String, ticketSignature: Schema.String, code: Integer }

export const TicketCancelDetails = Schema.Struct({ type: Schema.Literal("ticket"), ...ticketFields })
export const TicketPartialCancelDetails = Schema.Struct({
  type: Schema.Literal("ticket-partial"),
  ...ticketFields,
  percentage: DecimalFromString
})
export const BetCancelDetails = Schema.Struct({ type: Schema.Literal("bet"), ...ticketFields, betId: Schema.String })
export const BetPartialCancelDetails = Schema.Struct({
  type: Schema.Literal("bet-partial"),
  ...ticketFields,
  betId: Schema.String,
  percentage: DecimalFromString
})
export const ReofferCancelDetails = Schema.Struct({ type: Schema.Literal("reoffer"), ...ticketFields })

export const CancelDetails = Schema.Union(
  TicketCancelDetails,
  TicketPartialCancelDetails,
  BetCancelDetails,
  BetPartialCancelDetails,
  ReofferCancelDetails
)
export type CancelDetails = typeof CancelDetails.Type

export const Cancel = Schema.Struct({
  type: Schema.Literal("cancel"),
  cancellationId: Schema.String,
  details: CancelDetails
})
export interface Cancel extends Schema.Schema.Type<typeof Cancel> {}
