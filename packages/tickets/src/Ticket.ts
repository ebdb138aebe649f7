/**
 * Tickets and the requests that carry one: `ticket` (placement), `ticket-inform` (pre-validated placement),
 * `max-stake` and `ticket-build` (reference §5.1, §6.1, §6.2, §6.7, §6.9).
 */
import { Schema } from "effect"
import { Integer, optional } from "./Primitives.ts"
import { Payout, Stake } from "./Money.ts"
import { Selection } from "./Selection.ts"
import { TicketContext } from "./TicketContext.ts"

export const OddsChange = Schema.Literal("none", "lower", "higher", "any")
export type OddsChange = typeof OddsChange.Type

export const BetContext = Schema.Struct({ oddsChange: optional(OddsChange), payoutCap: optional(Schema.Array(Payout)) })
export interface BetContext extends Schema.Schema.Type<typeof BetContext> {}

/** One bet. Several top-level selections in one bet form an accumulator; several stakes combine, e.g. cash + bonus. */
export const Bet = Schema.Struct({
  betId: optional(Schema.String),
  selections: Schema.Array(Selection),
  stake: Schema.Array(Stake),
  context: optional(BetContext)
})
export interface Bet extends Schema.Schema.Type<typeof Bet> {}

export const Ticket = Schema.Struct({
  type: Schema.Literal("ticket"),
  ticketId: Schema.String,
  bets: Schema.Array(Bet),
  context: TicketContext
})
export interface Ticket extends Schema.Schema.Type<typeof Ticket> {}

/** The client's verdict on one bet of a pre-validated ticket; `rejected` drives the reply status (A8). */
export const BetValidation = Schema.Struct({
  betId: optional(Schema.String),
  code: Integer,
  rejected: Schema.Boolean,
  message: optional(Schema.String)
})
export interface BetValidation extends Schema.Schema.Type<typeof BetValidation> {}

/** Pre-validated placement: the full ticket (with its own `type: "ticket"`) and one validation per bet (A2). */
export const TicketInform = Schema.Struct({
  type: Schema.Literal("ticket-inform"),
  ticket: Ticket,
  betValidations: Schema.Array(BetValidation)
})
export interface TicketInform extends Schema.Schema.Type<typeof TicketInform> {}

/** Maximum-stake query: only the first bet is considered and only `cash` stakes are supported. */
export const MaxStake = Schema.Struct({ type: Schema.Literal("max-stake"), ticket: Ticket })
export interface MaxStake extends Schema.Schema.Type<typeof MaxStake> {}

/** Ticket build (official SDKs only): LTD and confidence suggestions for a ticket. */
export const TicketBuild = Schema.Struct({ type: Schema.Literal("ticket-build"), ticket: Ticket })
export interface TicketBuild extends Schema.Schema.Type<typeof TicketBuild> {}

/** Manual review (bet referral) of a ticket whose reply carried `pendingManualBetReview` (docs only). */
export const ManualReview = Schema.Struct({
  type: Schema.Literal("manual-review"),
  ticketId: Schema.String,
  signature: Schema.String
})
export interface ManualReview extends Schema.Schema.Type<typeof ManualReview> {}
