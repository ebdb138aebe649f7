/**
 * Envelopes and the operation ↔ content pairing (reference §2, §3).
 *
 * Each operation has its own request envelope (the `operation` literal fixes the `content` schema, so a
 * `ticket-placement` envelope must carry `ticket` content) and its own reply envelope (the expected reply content
 * or `error-reply`). `Request` and `Reply` are the unions of those envelopes, discriminated by `operation`.
 */
import { Schema } from "effect"
import {
  CancelAck,
  CashoutAck,
  CashoutInformAck,
  CashoutPlacementAck,
  ExtSettlementAck,
  TicketAck
} from "./Acknowledgement.ts"
import {
  AccountInterventionInform,
  AccountInterventionInformReply,
  AccountLimitInform,
  AccountLimitInformReply,
  AccountLimitReachedInform,
  AccountLimitReachedInformReply,
  AccountStatusInform,
  AccountStatusInformReply,
  BalanceChangeInform,
  BalanceChangeInformReply,
  CasinoSessionsInform,
  CasinoSessionsInformReply,
  DepositInform,
  DepositInformReply,
  WithdrawalInform,
  WithdrawalInformReply
} from "./AccountInforms.ts"
import { Cancel } from "./Cancel.ts"
import { Cashout, CashoutBuild, CashoutInform, CashoutPlacement } from "./Cashout.ts"
import { EpochMillis, Integer, optional, Version } from "./Primitives.ts"
import {
  CancelAckReply,
  CancelReply,
  CashoutAckReply,
  CashoutBuildReply,
  CashoutInformAckReply,
  CashoutInformReply,
  CashoutPlacementAckReply,
  CashoutPlacementReply,
  CashoutReply,
  ErrorReply,
  ExtSettlementAckReply,
  ExtSettlementReply,
  ManualReviewReply,
  MaxStakeReply,
  PayoutModifierSettlementReply,
  TicketAckReply,
  TicketBuildReply,
  TicketInformReply,
  TicketReply
} from "./Replies.ts"
import { ExtSettlement, PayoutModifierSettlement } from "./Settlement.ts"
import { ManualReview, MaxStake, Ticket, TicketBuild, TicketInform } from "./Ticket.ts"

const requestEnvelope = <const Op extends string, C extends Schema.Schema.AnyNoContext>(operation: Op, content: C) =>
  Schema.Struct({
    /** Provided by Sportradar; mandatory in every request. */
    operatorId: Integer,
    /** Client-defined, echoed in the reply. */
    correlationId: Schema.String,
    /** Epoch milliseconds at send time. */
    timestampUtc: EpochMillis,
    operation: Schema.Literal(operation),
    version: Version,
    content
  })

const replyEnvelope = <const Op extends string, C extends Schema.Schema.AnyNoContext>(operation: Op, content: C) =>
  Schema.Struct({
    // Not documented in replies, but real integration replies carry it (A4).
    operatorId: optional(Integer),
    correlationId: Schema.String,
    timestampUtc: EpochMillis,
    operation: Schema.Literal(operation),
    version: Version,
    content: Schema.Union(content, ErrorReply)
  })

// Requests, one envelope per operation.
export const TicketPlacementRequest = requestEnvelope("ticket-placement", Ticket)
export const TicketPlacementInformRequest = requestEnvelope("ticket-placement-inform", TicketInform)
export const TicketPlacementAckRequest = requestEnvelope("ticket-placement-ack", TicketAck)
export const TicketCancelRequest = requestEnvelope("ticket-cancel", Cancel)
export const TicketCancelAckRequest = requestEnvelope("ticket-cancel-ack", CancelAck)
export const TicketCashoutRequest = requestEnvelope("ticket-cashout", Cashout)
export const TicketCashoutAckRequest = requestEnvelope("ticket-cashout-ack", CashoutAck)
export const CashoutInformRequest = requestEnvelope("cashout-inform", CashoutInform)
export const CashoutInformAckRequest = requestEnvelope("cashout-inform-ack", CashoutInformAck)
export const CashoutBuildRequest = requestEnvelope("cashout-build", CashoutBuild)
export const CashoutPlacementRequest = requestEnvelope("cashout-placement", CashoutPlacement)
export const CashoutPlacementAckRequest = requestEnvelope("cashout-placement-ack", CashoutPlacementAck)
export const TicketExtSettlementRequest = requestEnvelope("ticket-ext-settlement", ExtSettlement)
export const TicketExtSettlementAckRequest = requestEnvelope("ticket-ext-settlement-ack", ExtSettlementAck)
export const MaxStakeRequest = requestEnvelope("max-stake", MaxStake)
export const ManualReviewRequest = requestEnvelope("manual-review", ManualReview)
export const TicketBuildRequest = requestEnvelope("ticket-build", TicketBuild)
export const PayoutModifierSettlementRequest = requestEnvelope("payout-modifier-settlement", PayoutModifierSettlement)
// Account, balance and casino informs (§10a; operation names of the Java SDK's protocol implementations).
export const DepositInformRequest = requestEnvelope("balance-deposit-inform", DepositInform)
export const WithdrawalInformRequest = requestEnvelope("balance-withdrawal-inform", WithdrawalInform)
export const AccountStatusInformRequest = requestEnvelope("account-status-inform", AccountStatusInform)
export const AccountLimitInformRequest = requestEnvelope("account-limit-inform", AccountLimitInform)
export const AccountLimitReachedInformRequest = requestEnvelope(
  "account-limit-reached-inform",
  AccountLimitReachedInform
)
export const AccountInterventionInformRequest = requestEnvelope(
  "account-intervention-inform",
  AccountInterventionInform
)
export const CasinoSessionsInformRequest = requestEnvelope("casino-sessions-inform", CasinoSessionsInform)
export const BalanceChangeInformRequest = requestEnvelope("balance-change-inform", BalanceChangeInform)

// Replies, one envelope per operation (the reply echoes the request's `operation`).
export const TicketPlacementReply = replyEnvelope("ticket-placement", TicketReply)
export const TicketPlacementInformReply = replyEnvelope("ticket-placement-inform", TicketInformReply)
export const TicketPlacementAckReply = replyEnvelope("ticket-placement-ack", TicketAckReply)
export const TicketCancelReply = replyEnvelope("ticket-cancel", CancelReply)
export const TicketCancelAckReply = replyEnvelope("ticket-cancel-ack", CancelAckReply)
export const TicketCashoutReply = replyEnvelope("ticket-cashout", CashoutReply)
export const TicketCashoutAckReply = replyEnvelope("ticket-cashout-ack", CashoutAckReply)
export const CashoutInformReplyEnvelope = replyEnvelope("cashout-inform", CashoutInformReply)
export const CashoutInformAckReplyEnvelope = replyEnvelope("cashout-inform-ack", CashoutInformAckReply)
export const CashoutBuildReplyEnvelope = replyEnvelope("cashout-build", CashoutBuildReply)
export const CashoutPlacementReplyEnvelope = replyEnvelope("cashout-placement", CashoutPlacementReply)
export const CashoutPlacementAckReplyEnvelope = replyEnvelope("cashout-placement-ack", CashoutPlacementAckReply)
export const TicketExtSettlementReply = replyEnvelope("ticket-ext-settlement", ExtSettlementReply)
export const TicketExtSettlementAckReply = replyEnvelope("ticket-ext-settlement-ack", ExtSettlementAckReply)
export const MaxStakeReplyEnvelope = replyEnvelope("max-stake", MaxStakeReply)
export const ManualReviewReplyEnvelope = replyEnvelope("manual-review", ManualReviewReply)
export const TicketBuildReplyEnvelope = replyEnvelope("ticket-build", TicketBuildReply)
export const PayoutModifierSettlementReplyEnvelope = replyEnvelope(
  "payout-modifier-settlement",
  PayoutModifierSettlementReply
)
export const DepositInformReplyEnvelope = replyEnvelope("balance-deposit-inform", DepositInformReply)
export const WithdrawalInformReplyEnvelope = replyEnvelope("balance-withdrawal-inform", WithdrawalInformReply)
export const AccountStatusInformReplyEnvelope = replyEnvelope("account-status-inform", AccountStatusInformReply)
export const AccountLimitInformReplyEnvelope = replyEnvelope("account-limit-inform", AccountLimitInformReply)
export const AccountLimitReachedInformReplyEnvelope = replyEnvelope(
  "account-limit-reached-inform",
  AccountLimitReachedInformReply
)
export const AccountInterventionInformReplyEnvelope = replyEnvelope(
  "account-intervention-inform",
  AccountInterventionInformReply
)
export const CasinoSessionsInformReplyEnvelope = replyEnvelope("casino-sessions-inform", CasinoSessionsInformReply)
export const BalanceChangeInformReplyEnvelope = replyEnvelope("balance-change-inform", BalanceChangeInformReply)

export const Request = Schema.Union(
  TicketPlacementRequest,
  TicketPlacementInformRequest,
  TicketPlacementAckRequest,
  TicketCancelRequest,
  TicketCancelAckRequest,
  TicketCashoutRequest,
  TicketCashoutAckRequest,
  CashoutInformRequest,
  CashoutInformAckRequest,
  CashoutBuildRequest,
  CashoutPlacementRequest,
  CashoutPlacementAckRequest,
  TicketExtSettlementRequest,
  TicketExtSettlementAckRequest,
  MaxStakeRequest,
  ManualReviewRequest,
  TicketBuildRequest,
  PayoutModifierSettlementRequest,
  DepositInformRequest,
  WithdrawalInformRequest,
  AccountStatusInformRequest,
  AccountLimitInformRequest,
  AccountLimitReachedInformRequest,
  AccountInterventionInformRequest,
  CasinoSessionsInformRequest,
  BalanceChangeInformRequest
).annotations({ identifier: "Request" })
export type Request = typeof Request.Type
/** The wire (JSON) form of a request. */
export type RequestJson = typeof Request.Encoded

export const Reply = Schema.Union(
  TicketPlacementReply,
  TicketPlacementInformReply,
  TicketPlacementAckReply,
  TicketCancelReply,
  TicketCancelAckReply,
  TicketCashoutReply,
  TicketCashoutAckReply,
  CashoutInformReplyEnvelope,
  CashoutInformAckReplyEnvelope,
  CashoutBuildReplyEnvelope,
  CashoutPlacementReplyEnvelope,
  CashoutPlacementAckReplyEnvelope,
  TicketExtSettlementReply,
  TicketExtSettlementAckReply,
  MaxStakeReplyEnvelope,
  ManualReviewReplyEnvelope,
  TicketBuildReplyEnvelope,
  PayoutModifierSettlementReplyEnvelope,
  DepositInformReplyEnvelope,
  WithdrawalInformReplyEnvelope,
  AccountStatusInformReplyEnvelope,
  AccountLimitInformReplyEnvelope,
  AccountLimitReachedInformReplyEnvelope,
  AccountInterventionInformReplyEnvelope,
  CasinoSessionsInformReplyEnvelope,
  BalanceChangeInformReplyEnvelope
).annotations({ identifier: "Reply" })
export type Reply = typeof Reply.Type
/** The wire (JSON) form of a reply. */
export type ReplyJson = typeof Reply.Encoded

export type Operation = Request["operation"]
export type RequestFor<Op extends Operation> = Extract<Request, { readonly operation: Op }>
export type RequestJsonFor<Op extends Operation> = Extract<RequestJson, { readonly operation: Op }>
export type ReplyFor<Op extends Operation> = Extract<Reply, { readonly operation: Op }>
export type ReplyJsonFor<Op extends Operation> = Extract<ReplyJson, { readonly operation: Op }>

/** The request envelope schema of each operation. */
export const requestEnvelopes: { readonly [Op in Operation]: Schema.Schema<RequestFor<Op>, RequestJsonFor<Op>> } = {
  "ticket-placement": TicketPlacementRequest,
  "ticket-placement-inform": TicketPlacementInformRequest,
  "ticket-placement-ack": TicketPlacementAckRequest,
  "ticket-cancel": TicketCancelRequest,
  "ticket-cancel-ack": TicketCancelAckRequest,
  "ticket-cashout": TicketCashoutRequest,
  "ticket-cashout-ack": TicketCashoutAckRequest,
  "cashout-inform": CashoutInformRequest,
  "cashout-inform-ack": CashoutInformAckRequest,
  "cashout-build": CashoutBuildRequest,
  "cashout-placement": CashoutPlacementRequest,
  "cashout-placement-ack": CashoutPlacementAckRequest,
  "ticket-ext-settlement": TicketExtSettlementRequest,
  "ticket-ext-settlement-ack": TicketExtSettlementAckRequest,
  "max-stake": MaxStakeRequest,
  "manual-review": ManualReviewRequest,
  "ticket-build": TicketBuildRequest,
  "payout-modifier-settlement": PayoutModifierSettlementRequest,
  "balance-deposit-inform": DepositInformRequest,
  "balance-withdrawal-inform": WithdrawalInformRequest,
  "account-status-inform": AccountStatusInformRequest,
  "account-limit-inform": AccountLimitInformRequest,
  "account-limit-reached-inform": AccountLimitReachedInformRequest,
  "account-intervention-inform": AccountInterventionInformRequest,
  "casino-sessions-inform": CasinoSessionsInformRequest,
  "balance-change-inform": BalanceChangeInformRequest
}

/** The reply envelope schema of each operation: its own reply content or `error-reply`. */
export const replyEnvelopes: { readonly [Op in Operation]: Schema.Schema<ReplyFor<Op>, ReplyJsonFor<Op>> } = {
  "ticket-placement": TicketPlacementReply,
  "ticket-placement-inform": TicketPlacementInformReply,
  "ticket-placement-ack": TicketPlacementAckReply,
  "ticket-cancel": TicketCancelReply,
  "ticket-cancel-ack": TicketCancelAckReply,
  "ticket-cashout": TicketCashoutReply,
  "ticket-cashout-ack": TicketCashoutAckReply,
  "cashout-inform": CashoutInformReplyEnvelope,
  "cashout-inform-ack": CashoutInformAckReplyEnvelope,
  "cashout-build": CashoutBuildReplyEnvelope,
  "cashout-placement": CashoutPlacementReplyEnvelope,
  "cashout-placement-ack": CashoutPlacementAckReplyEnvelope,
  "ticket-ext-settlement": TicketExtSettlementReply,
  "ticket-ext-settlement-ack": TicketExtSettlementAckReply,
  "max-stake": MaxStakeReplyEnvelope,
  "manual-review": ManualReviewReplyEnvelope,
  "ticket-build": TicketBuildReplyEnvelope,
  "payout-modifier-settlement": PayoutModifierSettlementReplyEnvelope,
  "balance-deposit-inform": DepositInformReplyEnvelope,
  "balance-withdrawal-inform": WithdrawalInformReplyEnvelope,
  "account-status-inform": AccountStatusInformReplyEnvelope,
  "account-limit-inform": AccountLimitInformReplyEnvelope,
  "account-limit-reached-inform": AccountLimitReachedInformReplyEnvelope,
  "account-intervention-inform": AccountInterventionInformReplyEnvelope,
  "casino-sessions-inform": CasinoSessionsInformReplyEnvelope,
  "balance-change-inform": BalanceChangeInformReplyEnvelope
}
export type RequestContentType = Request["content"]["type"]
export type ReplyContentType = Reply["content"]["type"]

/**
 * The reply content type each operation expects besides `error-reply` (reference §3). Typed against the reply
 * envelopes, so it cannot drift from the schemas. `cashout-inform-ack-reply`, `cashout-placement-ack-reply` and the
 * `ticket-build` operation are assumptions (A5).
 */
export const replyContentType: { readonly [Op in Operation]: Exclude<ReplyFor<Op>["content"]["type"], "error-reply"> } =
  {
    "ticket-placement": "ticket-reply",
    "ticket-placement-inform": "ticket-inform-reply",
    "ticket-placement-ack": "ticket-ack-reply",
    "ticket-cancel": "cancel-reply",
    "ticket-cancel-ack": "cancel-ack-reply",
    "ticket-cashout": "cashout-reply",
    "ticket-cashout-ack": "cashout-ack-reply",
    "cashout-inform": "cashout-inform-reply",
    "cashout-inform-ack": "cashout-inform-ack-reply",
    "cashout-build": "cashout-build-reply",
    "cashout-placement": "cashout-placement-reply",
    "cashout-placement-ack": "cashout-placement-ack-reply",
    "ticket-ext-settlement": "ext-settlement-reply",
    "ticket-ext-settlement-ack": "ext-settlement-ack-reply",
    "max-stake": "max-stake-reply",
    "manual-review": "manual-review-reply",
    "ticket-build": "ticket-build-reply",
    "payout-modifier-settlement": "payout-modifier-settlement-reply",
    "balance-deposit-inform": "deposit-inform-reply",
    "balance-withdrawal-inform": "withdrawal-inform-reply",
    "account-status-inform": "account-status-inform-reply",
    "account-limit-inform": "account-limit-inform-reply",
    "account-limit-reached-inform": "account-limit-reached-inform-reply",
    "account-intervention-inform": "account-intervention-inform-reply",
    "casino-sessions-inform": "casino-sessions-inform-reply",
    "balance-change-inform": "balance-change-inform-reply"
  }

/** Every operation this package speaks, in reference order. */
export const operations = Object.keys(replyContentType) as ReadonlyArray<Operation>

/** Reply content types acceptable for a request's operation: its own reply, or `error-reply`. */
export const expectedReplyTypes = (operation: Operation): ReadonlyArray<ReplyContentType> => [
  replyContentType[operation],
  "error-reply"
]

/** Whether a reply answers a request: same correlation id and operation, and an expected content type. */
export const isReplyTo = (request: Request, reply: Reply): boolean =>
  reply.correlationId === request.correlationId &&
  reply.operation === request.operation &&
  expectedReplyTypes(request.operation).includes(reply.content.type)
