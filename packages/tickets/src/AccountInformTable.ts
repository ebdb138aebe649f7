/**
 * The one table of the account, balance and casino informs (§10a): for each operation, its content type and schema
 * and its reply type and schema. The gateway's routes and outbox read this table instead of re-declaring it.
 */
import type { Schema } from "effect"
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
import type { Operation, ReplyFor, ReplyJsonFor, RequestFor, RequestJsonFor } from "./Messages.ts"

const entry = <const ContentType extends string, C, CI, const ReplyType extends string, R, RI>(
  contentType: ContentType,
  content: Schema.Schema<C, CI>,
  replyType: ReplyType,
  reply: Schema.Schema<R, RI>
) => ({ contentType, content, replyType, reply })

/** Operation → `{ contentType, content, replyType, reply }`; typed against `Request` / `Reply`, so it cannot drift. */
export const accountInforms = {
  "balance-deposit-inform": entry("deposit-inform", DepositInform, "deposit-inform-reply", DepositInformReply),
  "balance-withdrawal-inform": entry(
    "withdrawal-inform",
    WithdrawalInform,
    "withdrawal-inform-reply",
    WithdrawalInformReply
  ),
  "account-status-inform": entry(
    "account-status-inform",
    AccountStatusInform,
    "account-status-inform-reply",
    AccountStatusInformReply
  ),
  "account-limit-inform": entry(
    "account-limit-inform",
    AccountLimitInform,
    "account-limit-inform-reply",
    AccountLimitInformReply
  ),
  "account-limit-reached-inform": entry(
    "account-limit-reached-inform",
    AccountLimitReachedInform,
    "account-limit-reached-inform-reply",
    AccountLimitReachedInformReply
  ),
  "account-intervention-inform": entry(
    "account-intervention-inform",
    AccountInterventionInform,
    "account-intervention-inform-reply",
    AccountInterventionInformReply
  ),
  "casino-sessions-inform": entry(
    "casino-sessions-inform",
    CasinoSessionsInform,
    "casino-sessions-inform-reply",
    CasinoSessionsInformReply
  ),
  "balance-change-inform": entry(
    "balance-change-inform",
    BalanceChangeInform,
    "balance-change-inform-reply",
    BalanceChangeInformReply
  )
} as const satisfies {
  readonly [Op in Operation]?: {
    readonly contentType: RequestFor<Op>["content"]["type"]
    readonly content: Schema.Schema<RequestFor<Op>["content"], RequestJsonFor<Op>["content"]>
    readonly replyType: Exclude<ReplyFor<Op>["content"]["type"], "error-reply">
    readonly reply: Schema.Schema<
      Exclude<ReplyFor<Op>["content"], { readonly type: "error-reply" }>,
      Exclude<ReplyJsonFor<Op>["content"], { readonly type: "error-reply" }>
    >
  }
}

export type AccountInformOperation = keyof typeof accountInforms
/** Every account / balance / casino inform operation, in table order. */
export const accountInformOperations = Object.keys(accountInforms) as ReadonlyArray<AccountInformOperation>
export type AccountInformContent = Schema.Schema.Type<(typeof accountInforms)[AccountInformOperation]["content"]>
