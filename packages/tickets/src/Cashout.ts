/**
 * Cash-out requests (reference §6.5): `cashout-inform` (decision already taken), `cashout-build` (quote),
 * `cashout-placement` (fully validated) and the deprecated `ticket-cashout` whose content is a bare `cashout`.
 */
import { Schema } from "effect"
import { DecimalFromString } from "./Decimal.ts"
import { Payout } from "./Money.ts"
import { Integer, optional } from "./Primitives.ts"

const ticketFields = {
  ticketId: Schema.String,
  ticketSignature: Schema.String,
  /** Reason code; 101 = end-customer-triggered. */
  code: Integer,
  /** Requested amount(s). */
  payout: Schema.Array(Payout)
}

export const TicketCashoutDetails = Schema.Struct({ type: Schema.Literal("ticket"), ...ticketFields })
export const TicketPartialCashoutDetails = Schema.Struct({
  type: Schema.Literal("ticket-partial"),
  ...ticketFields,
  percentage: DecimalFromString
})
export const BetCashoutDetails = Schema.Struct({ type: Schema.Literal("bet"), ...ticketFields, betId: Schema.String })
export const BetPartialCashoutDetails = Schema.Struct({
  type: Schema.Literal("bet-partial"),
  ...ticketFields,
  betId: Schema.String,
  percentage: DecimalFromString
})

export const CashoutDetails = Schema.Union(
  TicketCashoutDetails,
  TicketPartialCashoutDetails,
  BetCashoutDetails,
  BetPartialCashoutDetails
)
export type CashoutDetails = typeof CashoutDetails.Type

/** Content of the legacy `ticket-cashout`, and the `cashout` nested in the other cash-out requests. */
export const Cashout = Schema.Struct({
  type: Schema.Literal("cashout"),
  cashoutId: Schema.String,
  details: CashoutDetails
})
export interface Cashout extends Schema.Schema.Type<typeof Cashout> {}

/**
 * The client's own verdict on a cash-out it already decided (e.g. code 1100 "Validated, OK"). `rejected` is a primitive
 * the SDKs always send since 2025-02, but the docs' cash-out examples omit it, so it is optional here.
 */
export const CashoutInformValidation = Schema.Struct({
  code: Integer,
  rejected: optional(Schema.Boolean),
  message: Schema.String
})
export interface CashoutInformValidation extends Schema.Schema.Type<typeof CashoutInformValidation> {}

export const CashoutInform = Schema.Struct({
  type: Schema.Literal("cashout-inform"),
  cashout: Cashout,
  validation: CashoutInformValidation
})
export interface CashoutInform extends Schema.Schema.Type<typeof CashoutInform> {}

export const CashoutBuild = Schema.Struct({ type: Schema.Literal("cashout-build"), cashout: Cashout })
export interface CashoutBuild extends Schema.Schema.Type<typeof CashoutBuild> {}

export const CashoutPlacement = Schema.Struct({ type: Schema.Literal("cashout-placement"), cashout: Cashout })
export interface CashoutPlacement extends Schema.Schema.Type<typeof CashoutPlacement> {}
