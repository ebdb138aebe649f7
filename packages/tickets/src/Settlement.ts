/**
 * Settlement requests: external settlement of `external` selections (reference §6.6) and payout-modifier settlement
 * (official Java SDK, §6.9).
 */
import { Schema } from "effect"
import { DecimalFromString } from "./Decimal.ts"
import { Payout } from "./Money.ts"
import { Odds } from "./Odds.ts"
import { optional } from "./Primitives.ts"

const ticketFields = { ticketId: Schema.String, ticketSignature: Schema.String, payout: Schema.Array(Payout) }

export const TicketExtSettlementDetails = Schema.Struct({ type: Schema.Literal("ticket"), ...ticketFields })
export const BetExtSettlementDetails = Schema.Struct({
  type: Schema.Literal("bet"),
  ...ticketFields,
  betId: Schema.String
})
export const ExtSettlementDetails = Schema.Union(TicketExtSettlementDetails, BetExtSettlementDetails)
export type ExtSettlementDetails = typeof ExtSettlementDetails.Type

/** Must arrive within 30 days of the latest `expSettleTime`, else the external selections settle as lost. */
export const ExtSettlement = Schema.Struct({
  type: Schema.Literal("ext-settlement"),
  settlementId: Schema.String,
  details: ExtSettlementDetails
})
export interface ExtSettlement extends Schema.Schema.Type<typeof ExtSettlement> {}

/** Result of a selection; also reported as `currentResult` in `ticket-build-reply`. */
export const SelectionResult = Schema.Union(
  Schema.Struct({
    type: Schema.Literal("win"),
    voidFactor: optional(DecimalFromString),
    deadHeatFactor: optional(DecimalFromString)
  }),
  Schema.Struct({ type: Schema.Literal("lost"), voidFactor: optional(DecimalFromString) }),
  Schema.Struct({ type: Schema.Literal("void") }),
  Schema.Struct({ type: Schema.Literal("cancel") }),
  Schema.Struct({ type: Schema.Literal("cashout") }),
  Schema.Struct({ type: Schema.Literal("unsettled") })
)
export type SelectionResult = typeof SelectionResult.Type

export const PayoutModifierSettlementOutcome = Schema.Union(
  Schema.Struct({ type: Schema.Literal("odds"), odds: Odds }),
  Schema.Struct({ type: Schema.Literal("result"), result: SelectionResult })
)
export type PayoutModifierSettlementOutcome = typeof PayoutModifierSettlementOutcome.Type

/** Settles a `payout-modifier` selection identified by its `reference`. */
export const PayoutModifierSettlement = Schema.Struct({
  type: Schema.Literal("payout-modifier-settlement"),
  settlementId: Schema.String,
  reference: Schema.String,
  settlement: PayoutModifierSettlementOutcome
})
export interface PayoutModifierSettlement extends Schema.Schema.Type<typeof PayoutModifierSettlement> {}
