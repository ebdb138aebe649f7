/** Odds — discriminated on `type` (reference §5.3). Values are exact decimal strings. */
import { Schema } from "effect"
import { DecimalFromString } from "./Decimal.ts"

const valueOdds = <T extends string>(type: T) => Schema.Struct({ type: Schema.Literal(type), value: DecimalFromString })

export const DecimalOdds = valueOdds("decimal")
export const HongKongOdds = valueOdds("hong-kong")
export const IndonesianOdds = valueOdds("indonesian")
export const MalayOdds = valueOdds("malay")
export const MoneylineOdds = valueOdds("moneyline")

/** Numerator and denominator are big integers sent as strings. */
export const FractionalOdds = Schema.Struct({
  type: Schema.Literal("fractional"),
  numerator: DecimalFromString,
  denominator: DecimalFromString
})

export const Odds = Schema.Union(DecimalOdds, FractionalOdds, HongKongOdds, IndonesianOdds, MalayOdds, MoneylineOdds)
export type Odds = typeof Odds.Type
export type OddsJson = typeof Odds.Encoded
export type OddsType = Odds["type"]
