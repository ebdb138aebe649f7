/**
 * Selections — discriminated on `type` (reference §5.2). `system`, `accumulator`, `ways`, `odds-boost` and
 * `payout-modifier` nest other selections, so the union is recursive and its types are written out.
 */
import { Schema } from "effect"
import { Odds, type OddsJson } from "./Odds.ts"
import { EpochMillis, Integer, optional } from "./Primitives.ts"

/** Unified Odds Feed selection. All ids are strings, even when numeric. */
export const UfSelection = Schema.Struct({
  type: Schema.Literal("uf"),
  productId: Schema.String,
  eventId: Schema.String,
  marketId: Schema.String,
  outcomeId: Schema.String,
  /** Pipe-separated `k=v` pairs, e.g. `hcp=1:0` or `from=1|to=10`. */
  specifiers: optional(Schema.String),
  odds: Odds
})
export interface UfSelection extends Schema.Schema.Type<typeof UfSelection> {}

/** Bet builder: `uf` selections only, priced together by the UOF CustomBet API. */
export const UfCustomBetSelection = Schema.Struct({
  type: Schema.Literal("uf-custom-bet"),
  selections: Schema.Array(UfSelection),
  odds: Odds
})
export interface UfCustomBetSelection extends Schema.Schema.Type<typeof UfCustomBetSelection> {}

/** Non-Sportradar content; must be settled externally within 30 days of `expSettleTime` (epoch ms). */
export const ExternalSelection = Schema.Struct({
  type: Schema.Literal("external"),
  event: Schema.String,
  outcome: Schema.String,
  odds: Odds,
  expSettleTime: EpochMillis
})
export interface ExternalSelection extends Schema.Schema.Type<typeof ExternalSelection> {}

/** k-of-n system: each `size` element k combines the nested selections k at a time. */
export interface SystemSelection {
  readonly type: "system"
  readonly size: ReadonlyArray<number>
  readonly selections: ReadonlyArray<Selection>
}
export interface AccumulatorSelection {
  readonly type: "accumulator"
  readonly selections: ReadonlyArray<Selection>
}
export interface WaysSelection {
  readonly type: "ways"
  readonly selections: ReadonlyArray<Selection>
}
/** Promotion: boosted odds wrapping one selection. */
export interface OddsBoostSelection {
  readonly type: "odds-boost"
  readonly selection: Selection
  readonly odds: Odds
}
/** Promotion ("promo bet", Java SDK only) modifying the payout of one selection. */
export interface PayoutModifierSelection {
  readonly type: "payout-modifier"
  readonly selection: Selection
  readonly reference: string
  readonly description: string
}

export type Selection =
  | UfSelection
  | UfCustomBetSelection
  | SystemSelection
  | ExternalSelection
  | AccumulatorSelection
  | WaysSelection
  | OddsBoostSelection
  | PayoutModifierSelection

export type SelectionType = Selection["type"]

/** The wire (JSON) form of a selection. */
export type SelectionJson =
  | typeof UfSelection.Encoded
  | typeof UfCustomBetSelection.Encoded
  | typeof ExternalSelection.Encoded
  | { readonly type: "system"; readonly size: ReadonlyArray<number>; readonly selections: ReadonlyArray<SelectionJson> }
  | { readonly type: "accumulator"; readonly selections: ReadonlyArray<SelectionJson> }
  | { readonly type: "ways"; readonly selections: ReadonlyArray<SelectionJson> }
  | { readonly type: "odds-boost"; readonly selection: SelectionJson; readonly odds: OddsJson }
  | {
      readonly type: "payout-modifier"
      readonly selection: SelectionJson
      readonly reference: string
      readonly description: string
    }

const nested = Schema.suspend((): Schema.Schema<Selection, SelectionJson> => Selection)

export const SystemSelection = Schema.Struct({
  type: Schema.Literal("system"),
  size: Schema.Array(Integer),
  selections: Schema.Array(nested)
})
export const AccumulatorSelection = Schema.Struct({
  type: Schema.Literal("accumulator"),
  selections: Schema.Array(nested)
})
export const WaysSelection = Schema.Struct({ type: Schema.Literal("ways"), selections: Schema.Array(nested) })
export const OddsBoostSelection = Schema.Struct({ type: Schema.Literal("odds-boost"), selection: nested, odds: Odds })
export const PayoutModifierSelection = Schema.Struct({
  type: Schema.Literal("payout-modifier"),
  selection: nested,
  reference: Schema.String,
  description: Schema.String
})

export const Selection: Schema.Schema<Selection, SelectionJson> = Schema.Union(
  UfSelection,
  UfCustomBetSelection,
  SystemSelection,
  ExternalSelection,
  AccumulatorSelection,
  WaysSelection,
  OddsBoostSelection,
  PayoutModifierSelection
).annotations({ identifier: "Selection" })
