/** Stakes, payouts and exchange rates (reference §5.4, §5.7, §5.8). Amounts and rates are exact decimal strings. */
import { Schema } from "effect"
import { DecimalFromString } from "./Decimal.ts"
import { optional } from "./Primitives.ts"

/** Whether a stake amount is per combination (`unit`) or for the whole bet (`total`, the assumed default, A3). */
export const StakeMode = Schema.Literal("unit", "total")
export type StakeMode = typeof StakeMode.Type

export const StakeType = Schema.Literal("cash", "bonus", "free", "free-cash", "free-rollover")
export type StakeType = typeof StakeType.Type

const stake = <T extends StakeType>(type: T) =>
  Schema.Struct({
    type: Schema.Literal(type),
    currency: Schema.String,
    amount: DecimalFromString,
    mode: optional(StakeMode),
    /** Client reference for wallet / source tracing. */
    traceId: optional(Schema.String)
  })

export const CashStake = stake("cash")
export const BonusStake = stake("bonus")
export const FreeStake = stake("free")
export const FreeCashStake = stake("free-cash")
export const FreeRolloverStake = stake("free-rollover")

export const Stake = Schema.Union(CashStake, BonusStake, FreeStake, FreeCashStake, FreeRolloverStake)
export type Stake = typeof Stake.Type

export const PayoutType = Schema.Literal("cash", "free", "withheld")
export type PayoutType = typeof PayoutType.Type

/** Where a payout's money comes from (official Java SDK `PayoutSourceType`; use the strings, not the Java names). */
export const PayoutSource = Schema.Literal(
  "cash",
  "free",
  "bonus",
  "free-cash",
  "free-rollover",
  "odds-boost",
  "ext-settlement",
  "cancel",
  "cashout",
  "manual-cancel",
  "manual-cashout"
)
export type PayoutSource = typeof PayoutSource.Type

const payoutFields = {
  type: PayoutType,
  amount: DecimalFromString,
  currency: Schema.String,
  traceId: optional(Schema.String),
  source: optional(PayoutSource)
}

export const Payout = Schema.Struct(payoutFields)
export interface Payout extends Schema.Schema.Type<typeof Payout> {}

/** Payout items of a `cashout-build-reply` also carry `stakeOrigin` (docs example only, type unknown: a string). */
export const QuotedPayout = Schema.Struct({ ...payoutFields, stakeOrigin: optional(Schema.String) })
export interface QuotedPayout extends Schema.Schema.Type<typeof QuotedPayout> {}

export const ExchangeRate = Schema.Struct({
  fromCurrency: Schema.String,
  toCurrency: Schema.String,
  rate: DecimalFromString
})
export interface ExchangeRate extends Schema.Schema.Type<typeof ExchangeRate> {}
