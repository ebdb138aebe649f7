/**
 * Account, balance and casino informs (reference §6.10, §10a): player-level events MTS uses for player risk and
 * responsible gaming, sent like ticket informs and answered by `<content type>-reply`. Field names and types from the
 * official Java SDK (`entities/request/{Deposit,Withdrawal,AccountStatus,AccountLimit,AccountLimitReached,
 * AccountIntervention,BalanceChange}InformRequest`, `CasinoSessionsRequest` and their sub-types); no docs page exists.
 *
 * Mandatory here (ASSUMPTION, README "Account and balance informs"): the SDKs' primitives (always on the wire) and
 * the fields without which the event means nothing (its id, amount, end customer, status, limit, source, …).
 */
import { Schema } from "effect"
import { DecimalFromString } from "./Decimal.ts"
import { ExchangeRate, Payout, Stake } from "./Money.ts"
import { EpochMillis, Integer, optional } from "./Primitives.ts"
import { Channel, EndCustomer } from "./TicketContext.ts"

/** A money amount: `value` is a decimal string. */
export const Amount = Schema.Struct({ currency: Schema.String, value: DecimalFromString })
export interface Amount extends Schema.Schema.Type<typeof Amount> {}

export const PaymentMethod = Schema.Literal("credit-card")
export const PaymentGateway = Schema.Struct({
  method: optional(PaymentMethod),
  provider: optional(Schema.String),
  referenceId: optional(Schema.String),
  executedAtUtc: EpochMillis,
  initiatedAtUtc: optional(EpochMillis)
})
export interface PaymentGateway extends Schema.Schema.Type<typeof PaymentGateway> {}

export const BalanceMoveStatus = Schema.Literal("approved", "cancelled", "pending", "rejected")

const balanceMove = <T extends string, K extends string>(type: T, idField: K) =>
  Schema.Struct({
    type: Schema.Literal(type),
    ...({ [idField]: Schema.String } as { [P in K]: typeof Schema.String }),
    walletId: optional(Schema.String),
    amount: Amount,
    endCustomer: EndCustomer,
    executedAtUtc: EpochMillis,
    initiatedAtUtc: optional(EpochMillis),
    gateway: optional(PaymentGateway),
    status: BalanceMoveStatus
  })

/** A deposit into the player's wallet (operation `balance-deposit-inform`). */
export const DepositInform = balanceMove("deposit-inform", "depositId")
export interface DepositInform extends Schema.Schema.Type<typeof DepositInform> {}
/** A withdrawal from the player's wallet (operation `balance-withdrawal-inform`). */
export const WithdrawalInform = balanceMove("withdrawal-inform", "withdrawalId")
export interface WithdrawalInform extends Schema.Schema.Type<typeof WithdrawalInform> {}

export const AccountStatus = Schema.Literal("active", "disabled", "excluded")
export const AccountStatusChangeDuration = Schema.Literal("temporary", "permanent")
export const AccountStatusChangeInitiator = Schema.Literal("operator", "player", "regulator", "other")

/** The account was enabled, disabled or self-excluded, from `periodStartUtc` (to `periodEndUtc` when temporary). */
export const AccountStatusInform = Schema.Struct({
  type: Schema.Literal("account-status-inform"),
  endCustomer: EndCustomer,
  status: AccountStatus,
  duration: optional(AccountStatusChangeDuration),
  initiator: optional(AccountStatusChangeInitiator),
  reason: optional(Schema.String),
  periodStartUtc: EpochMillis,
  periodEndUtc: optional(EpochMillis)
})
export interface AccountStatusInform extends Schema.Schema.Type<typeof AccountStatusInform> {}

export const AccountLimitPeriod = Schema.Literal("daily", "weekly", "monthly")
export const AccountLimitType = Schema.Literal("deposit", "loss", "stake", "session")

const amountLimit = <T extends string>(type: T) =>
  Schema.Struct({ type: Schema.Literal(type), period: AccountLimitPeriod, amount: Amount })
/** Responsible-gaming limits: deposit / loss / stake amounts per period, or a session length in minutes (SDK int). */
export const AccountLimit = Schema.Union(
  amountLimit("deposit"),
  amountLimit("loss"),
  amountLimit("stake"),
  Schema.Struct({ type: Schema.Literal("session"), duration: Integer })
)
export type AccountLimit = typeof AccountLimit.Type

export const AccountLimitInform = Schema.Struct({
  type: Schema.Literal("account-limit-inform"),
  endCustomer: EndCustomer,
  limit: AccountLimit
})
export interface AccountLimitInform extends Schema.Schema.Type<typeof AccountLimitInform> {}

export const AccountLimitReachedInform = Schema.Struct({
  type: Schema.Literal("account-limit-reached-inform"),
  endCustomer: EndCustomer,
  reachedLimit: AccountLimitType
})
export interface AccountLimitReachedInform extends Schema.Schema.Type<typeof AccountLimitReachedInform> {}

export const InterventionMethod = Schema.Literal(
  "email",
  "pop-up",
  "care-call",
  "rg-messaging",
  "limits-update",
  "other"
)
export const AccountInterventionInform = Schema.Struct({
  type: Schema.Literal("account-intervention-inform"),
  endCustomer: EndCustomer,
  method: InterventionMethod,
  /** A Java primitive in the SDK: always sent. */
  modelInitiated: Schema.Boolean,
  comment: optional(Schema.String)
})
export interface AccountInterventionInform extends Schema.Schema.Type<typeof AccountInterventionInform> {}

const spin = <T extends string>(type: T) =>
  Schema.Struct({ type: Schema.Literal(type), count: Integer, winningCount: optional(Integer) })
export const CasinoSpin = Schema.Union(spin("ordinary"), spin("free"), spin("bonus"))
export type CasinoSpin = typeof CasinoSpin.Type

export const CasinoGame = Schema.Struct({ id: Schema.String, provider: optional(Schema.String) })
export const CasinoSession = Schema.Struct({
  id: Schema.String,
  game: CasinoGame,
  stake: Schema.Array(Stake),
  payout: optional(Schema.Array(Payout)),
  spins: optional(Schema.Array(CasinoSpin)),
  startUtc: optional(EpochMillis),
  endUtc: optional(EpochMillis)
})
export interface CasinoSession extends Schema.Schema.Type<typeof CasinoSession> {}

export const CasinoContext = Schema.Struct({
  endCustomer: EndCustomer,
  walletId: optional(Schema.String),
  channel: optional(Channel),
  rates: optional(Schema.Array(ExchangeRate))
})
export interface CasinoContext extends Schema.Schema.Type<typeof CasinoContext> {}

/** A report of casino sessions (operation `casino-sessions-inform`). */
export const CasinoSessionsInform = Schema.Struct({
  type: Schema.Literal("casino-sessions-inform"),
  reportId: Schema.String,
  context: CasinoContext,
  sessions: Schema.Array(CasinoSession)
})
export interface CasinoSessionsInform extends Schema.Schema.Type<typeof CasinoSessionsInform> {}

/** What moved the balance: a deposit, a withdrawal, or a ticket's placement or payout. */
export const BalanceChangeSource = Schema.Union(
  Schema.Struct({ type: Schema.Literal("deposit"), id: Schema.String }),
  Schema.Struct({ type: Schema.Literal("withdrawal"), id: Schema.String }),
  Schema.Struct({ type: Schema.Literal("ticket"), id: Schema.String, action: Schema.Literal("place", "payout") })
)
export type BalanceChangeSource = typeof BalanceChangeSource.Type
export const BalanceChangeStatus = Schema.Literal("valid", "invalid")

/** A balance change (no SDK version sends it; operation `balance-change-inform` is an ASSUMPTION, §10a). */
export const BalanceChangeInform = Schema.Struct({
  type: Schema.Literal("balance-change-inform"),
  balanceChangeId: Schema.String,
  walletId: optional(Schema.String),
  amount: Amount,
  endCustomer: EndCustomer,
  executedAtUtc: EpochMillis,
  source: BalanceChangeSource,
  status: BalanceChangeStatus
})
export interface BalanceChangeInform extends Schema.Schema.Type<typeof BalanceChangeInform> {}

/** Replies of the SDKs' `*InformResponse` / `CasinoSessionsResponse`: only `code` is a primitive. */
const informReply = <T extends string>(type: T) =>
  Schema.Struct({
    type: Schema.Literal(type),
    code: Integer,
    signature: optional(Schema.String),
    message: optional(Schema.String)
  })
export const DepositInformReply = informReply("deposit-inform-reply")
export const WithdrawalInformReply = informReply("withdrawal-inform-reply")
export const AccountStatusInformReply = informReply("account-status-inform-reply")
export const AccountLimitInformReply = informReply("account-limit-inform-reply")
export const AccountLimitReachedInformReply = informReply("account-limit-reached-inform-reply")
export const AccountInterventionInformReply = informReply("account-intervention-inform-reply")
export const CasinoSessionsInformReply = informReply("casino-sessions-inform-reply")
export const BalanceChangeInformReply = informReply("balance-change-inform-reply")
