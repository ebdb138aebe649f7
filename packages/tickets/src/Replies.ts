/**
 * Reply contents, MTS → client (reference §7). Replies are decoded tolerantly (unknown fields are ignored, see
 * `Codec.ts`), but their documented fields keep their types.
 */
import { Schema } from "effect"
import { DecimalFromString } from "./Decimal.ts"
import { ExchangeRate, Payout, QuotedPayout, Stake } from "./Money.ts"
import { Odds } from "./Odds.ts"
import { AcceptanceStatus, Integer, optional } from "./Primitives.ts"
import { Selection } from "./Selection.ts"
import { SelectionResult } from "./Settlement.ts"
import { Bet } from "./Ticket.ts"
import { Channel, EndCustomer } from "./TicketContext.ts"

/**
 * What MTS proposes instead of a rejected bet. Every field but `type` is nullable in both official SDKs (omitted from
 * the JSON when null), so a reply without `mode` or `stake` still decodes.
 */
export const ReofferSuggestion = Schema.Struct({
  type: Schema.Literal("reoffer"),
  mode: optional(Schema.String),
  stake: optional(Schema.Array(Stake))
})
export const AltStakeSuggestion = Schema.Struct({
  type: Schema.Literal("alt-stake"),
  stake: optional(Schema.Array(Stake))
})
export const Suggestion = Schema.Union(ReofferSuggestion, AltStakeSuggestion)
export type Suggestion = typeof Suggestion.Type

export const SelectionDetail = Schema.Struct({
  /** Echo of the request selection (nullable in the SDKs). */
  selection: optional(Selection),
  code: optional(Integer),
  message: optional(Schema.String),
  autoAcceptedOdds: optional(Odds)
})
export interface SelectionDetail extends Schema.Schema.Type<typeof SelectionDetail> {}

/** Per-bet outcome, in request order; `betId` is absent when the request's bets had none. */
export const BetDetail = Schema.Struct({
  betId: optional(Schema.String),
  code: optional(Integer),
  message: optional(Schema.String),
  suggestion: optional(Suggestion),
  selectionDetails: optional(Schema.Array(SelectionDetail))
})
export interface BetDetail extends Schema.Schema.Type<typeof BetDetail> {}

const placementReplyFields = {
  /** Proof the reply came from MTS; echoed in the ack as `ticketSignature`. */
  signature: Schema.String,
  status: AcceptanceStatus,
  ticketId: Schema.String,
  /** 0 on accept, negative on reject. */
  code: Integer,
  message: Schema.String,
  betDetails: optional(Schema.Array(BetDetail)),
  exchangeRate: optional(Schema.Array(ExchangeRate)),
  /** Bet referral pending (docs manual-review page; its place at content level is an assumption). */
  pendingManualBetReview: optional(Schema.Boolean)
}

export const TicketReply = Schema.Struct({ type: Schema.Literal("ticket-reply"), ...placementReplyFields })
export interface TicketReply extends Schema.Schema.Type<typeof TicketReply> {}

/** Same fields as `ticket-reply`; `status` mirrors the client's `betValidations`. */
export const TicketInformReply = Schema.Struct({ type: Schema.Literal("ticket-inform-reply"), ...placementReplyFields })
export interface TicketInformReply extends Schema.Schema.Type<typeof TicketInformReply> {}

// Fields shared by the ack, cancel, cash-out and settlement replies (§7.3).
const decisionFields = {
  signature: Schema.String,
  status: AcceptanceStatus,
  ticketId: Schema.String,
  code: Integer,
  message: Schema.String
}
const decisionReply = <T extends string, F extends Schema.Struct.Fields>(type: T, idFields: F) =>
  Schema.Struct({ type: Schema.Literal(type), ...decisionFields, ...idFields })

const cancellationId = { cancellationId: optional(Schema.String) }
const cashoutId = { cashoutId: optional(Schema.String) }
const settlementId = { settlementId: optional(Schema.String) }

export const TicketAckReply = decisionReply("ticket-ack-reply", {})
export const CancelReply = decisionReply("cancel-reply", cancellationId)
export const CancelAckReply = decisionReply("cancel-ack-reply", cancellationId)
export const CashoutReply = decisionReply("cashout-reply", cashoutId)
export const CashoutAckReply = decisionReply("cashout-ack-reply", cashoutId)
export const CashoutInformReply = decisionReply("cashout-inform-reply", cashoutId)
export const CashoutInformAckReply = decisionReply("cashout-inform-ack-reply", cashoutId)
export const CashoutPlacementReply = decisionReply("cashout-placement-reply", cashoutId)
export const CashoutPlacementAckReply = decisionReply("cashout-placement-ack-reply", cashoutId)
export const ExtSettlementReply = decisionReply("ext-settlement-reply", settlementId)
export const ExtSettlementAckReply = decisionReply("ext-settlement-ack-reply", settlementId)

/** Live time delay suggestion; all values in seconds. `N/A` of the ITS REST API is `None` here. */
export const ModelSuggestedLtd = Schema.Literal("None", "Skip", "Delay")
export const LtdSuggestions = Schema.Struct({
  modelSuggestedLtd: optional(ModelSuggestedLtd),
  configuredLtd: optional(Integer),
  suggestedLtd: optional(Integer),
  accountLbsLtdOffset: optional(Integer),
  liveSelectionLtdOffset: optional(Integer),
  appliedLtd: optional(Integer)
})
export interface LtdSuggestions extends Schema.Schema.Type<typeof LtdSuggestions> {}

export const EndCustomerSuggestions = Schema.Struct({
  endCustomer: optional(EndCustomer),
  appliedConfidence: optional(DecimalFromString),
  /** sCCF. */
  suggestedConfidence: optional(DecimalFromString),
  suggestedLateBetScore: optional(DecimalFromString),
  suggestedMarkerScore: optional(DecimalFromString),
  suggestedBotScore: optional(DecimalFromString)
})
export interface EndCustomerSuggestions extends Schema.Schema.Type<typeof EndCustomerSuggestions> {}

export const ChannelSuggestions = Schema.Struct({
  channel: optional(Channel),
  appliedConfidence: optional(DecimalFromString),
  suggestedConfidence: optional(DecimalFromString),
  suggestedLateBetScore: optional(DecimalFromString)
})
export interface ChannelSuggestions extends Schema.Schema.Type<typeof ChannelSuggestions> {}

/** The cash-out quote: maximum, fair and offered amounts. */
export const CashoutQuote = Schema.Struct({
  cashoutType: optional(Schema.String),
  cashoutId: optional(Schema.String),
  maxPayout: optional(Schema.Array(QuotedPayout)),
  fairCashout: optional(Schema.Array(QuotedPayout)),
  cashout: optional(Schema.Array(QuotedPayout))
})
export interface CashoutQuote extends Schema.Schema.Type<typeof CashoutQuote> {}

/** Probability that a selection wins (or, for `push`, its win / refund / half-win / half-lose split). */
export const SelectionProbability = Schema.Union(
  Schema.Struct({ type: Schema.Literal("win"), win: optional(DecimalFromString) }),
  Schema.Struct({
    type: Schema.Literal("push"),
    win: optional(DecimalFromString),
    refund: optional(DecimalFromString),
    halfWin: optional(DecimalFromString),
    halfLose: optional(DecimalFromString)
  })
)
export type SelectionProbability = typeof SelectionProbability.Type

export const TicketBuildSelectionDetail = Schema.Struct({
  selection: optional(Selection),
  suggestedLtd: optional(Integer),
  configuredLtd: optional(Integer),
  appliedMarketFactor: optional(DecimalFromString),
  currentProbability: optional(SelectionProbability),
  currentResult: optional(SelectionResult),
  appliedEventRating: optional(Integer),
  suggestedEventRating: optional(Integer)
})
export interface TicketBuildSelectionDetail extends Schema.Schema.Type<typeof TicketBuildSelectionDetail> {}

export const TicketBuildBetDetail = Schema.Struct({
  betId: optional(Schema.String),
  payout: optional(Schema.Array(Payout)),
  settledPercentage: optional(DecimalFromString),
  selectionDetails: optional(Schema.Array(TicketBuildSelectionDetail))
})
export interface TicketBuildBetDetail extends Schema.Schema.Type<typeof TicketBuildBetDetail> {}

export const CashoutBuildReply = decisionReply("cashout-build-reply", {
  ...cashoutId,
  cashout: optional(CashoutQuote),
  ltd: optional(LtdSuggestions),
  endCustomerSuggestions: optional(EndCustomerSuggestions),
  channelSuggestions: optional(ChannelSuggestions),
  /** The SDKs' `TicketBuildReplyBetDetail`, not the placement `BetDetail`. */
  betDetails: optional(Schema.Array(TicketBuildBetDetail)),
  exchangeRate: optional(Schema.Array(ExchangeRate))
})
export interface CashoutBuildReply extends Schema.Schema.Type<typeof CashoutBuildReply> {}

/** Official SDKs only: no `status`, everything but `code` (a primitive in both SDKs) optional. */
export const TicketBuildReply = Schema.Struct({
  type: Schema.Literal("ticket-build-reply"),
  ticketId: optional(Schema.String),
  code: Integer,
  message: optional(Schema.String),
  signature: optional(Schema.String),
  exchangeRate: optional(Schema.Array(ExchangeRate)),
  betDetails: optional(Schema.Array(TicketBuildBetDetail)),
  ltd: optional(LtdSuggestions),
  endCustomerSuggestions: optional(EndCustomerSuggestions),
  channelSuggestions: optional(ChannelSuggestions)
})
export interface TicketBuildReply extends Schema.Schema.Type<typeof TicketBuildReply> {}

/** The maximum stake comes back in the stakes of `bets`. */
export const MaxStakeReply = Schema.Struct({
  type: Schema.Literal("max-stake-reply"),
  code: Integer,
  message: Schema.String,
  signature: Schema.String,
  bets: optional(Schema.Array(Bet))
})
export interface MaxStakeReply extends Schema.Schema.Type<typeof MaxStakeReply> {}

/** `accepted` and `rejected` are final; `pending` means the review continues. */
export const ManualReviewReply = Schema.Struct({
  type: Schema.Literal("manual-review-reply"),
  status: Schema.Literal("pending", "rejected", "accepted"),
  signature: Schema.String,
  code: Integer,
  message: Schema.String
})
export interface ManualReviewReply extends Schema.Schema.Type<typeof ManualReviewReply> {}

/** Official Java SDK only (no docs page): as there, everything but `code` may be absent. */
export const PayoutModifierSettlementReply = Schema.Struct({
  type: Schema.Literal("payout-modifier-settlement-reply"),
  settlementId: optional(Schema.String),
  reference: optional(Schema.String),
  signature: optional(Schema.String),
  status: optional(AcceptanceStatus),
  code: Integer,
  message: optional(Schema.String)
})
export interface PayoutModifierSettlementReply extends Schema.Schema.Type<typeof PayoutModifierSettlementReply> {}

/**
 * Sent instead of the normal reply when the Data Plane Router rejects a request (authorisation, configuration,
 * schema) or on internal errors, e.g. code 401 "Schema validation failed: $.version: …".
 */
export const ErrorReply = Schema.Struct({ type: Schema.Literal("error-reply"), code: Integer, message: Schema.String })
export interface ErrorReply extends Schema.Schema.Type<typeof ErrorReply> {}
