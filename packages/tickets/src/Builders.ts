/**
 * Constructors for the common ticket shapes. They build typed values only; run `validate` before sending.
 * Decimal arguments accept text (`"1.32"`) or a `Decimal`; malformed decimal text throws, like any bad literal.
 */
import { type DecimalInput, decimal, Decimal } from "./Decimal.ts"
import type { Stake, StakeMode, StakeType } from "./Money.ts"
import type { Odds } from "./Odds.ts"
import type {
  AccumulatorSelection,
  ExternalSelection,
  Selection,
  SystemSelection,
  UfCustomBetSelection,
  UfSelection
} from "./Selection.ts"
import type { Bet, BetContext, BetValidation, Ticket, TicketInform } from "./Ticket.ts"
import type { TicketContext } from "./TicketContext.ts"

/** Odds, or decimal odds given as text / `Decimal`. */
export type OddsInput = Odds | DecimalInput

export const decimalOdds = (value: DecimalInput): Odds => ({ type: "decimal", value: decimal(value) })

const toOdds = (odds: OddsInput): Odds =>
  typeof odds === "string" || odds instanceof Decimal ? decimalOdds(odds) : odds

export const uf = (selection: {
  readonly productId: string
  readonly eventId: string
  readonly marketId: string
  readonly outcomeId: string
  readonly specifiers?: string
  readonly odds: OddsInput
}): UfSelection => ({ type: "uf", ...selection, odds: toOdds(selection.odds) })

/** Bet builder: several `uf` selections priced together (`odds` from the UOF CustomBet API). */
export const customBet = (selections: ReadonlyArray<UfSelection>, odds: OddsInput): UfCustomBetSelection => ({
  type: "uf-custom-bet",
  selections,
  odds: toOdds(odds)
})

/** k-of-n system over `selections`: `system([2], three)` is a 2/3 system. */
export const system = (size: ReadonlyArray<number>, selections: ReadonlyArray<Selection>): SystemSelection => ({
  type: "system",
  size,
  selections
})

/** Explicit accumulator wrapper (official SDKs); a bet's top-level selections already form an accumulator. */
export const accumulatorSelection = (selections: ReadonlyArray<Selection>): AccumulatorSelection => ({
  type: "accumulator",
  selections
})

/** Non-Sportradar selection, settled externally by `expSettleTime` (epoch ms) + 30 days. */
export const external = (selection: {
  readonly event: string
  readonly outcome: string
  readonly odds: OddsInput
  readonly expSettleTime: number
}): ExternalSelection => ({ type: "external", ...selection, odds: toOdds(selection.odds) })

export interface StakeOptions {
  readonly mode?: StakeMode
  readonly traceId?: string
}

export const stake = (type: StakeType, amount: DecimalInput, currency: string, options: StakeOptions = {}): Stake => ({
  type,
  currency,
  amount: decimal(amount),
  ...options
})

export const cash = (amount: DecimalInput, currency: string, options?: StakeOptions): Stake =>
  stake("cash", amount, currency, options)

export const bonus = (amount: DecimalInput, currency: string, options?: StakeOptions): Stake =>
  stake("bonus", amount, currency, options)

/** Multi-stake: a cash part and a bonus part in one currency (docs example "4-fold accumulator with bonus"). */
export const cashAndBonus = (cashAmount: DecimalInput, bonusAmount: DecimalInput, currency: string): Array<Stake> => [
  cash(cashAmount, currency),
  bonus(bonusAmount, currency)
]

export interface BetInput {
  readonly betId?: string
  readonly selections: ReadonlyArray<Selection>
  /** One stake, or several combined (e.g. cash + bonus). */
  readonly stake: Stake | ReadonlyArray<Stake>
  readonly context?: BetContext
}

export const bet = ({ stake: stakes, ...rest }: BetInput): Bet => ({
  ...rest,
  stake: "type" in stakes ? [stakes] : stakes
})

export const ticket = (ticketId: string, bets: ReadonlyArray<Bet>, context: TicketContext): Ticket => ({
  type: "ticket",
  ticketId,
  bets,
  context
})

/** A ticket of one bet; the common fields of the shape constructors below. */
export interface OneBetTicketInput {
  readonly ticketId: string
  readonly context: TicketContext
  readonly betId?: string
  readonly stake: Stake | ReadonlyArray<Stake>
  readonly betContext?: BetContext
}

const oneBet = (input: OneBetTicketInput, selections: ReadonlyArray<Selection>): Ticket =>
  ticket(
    input.ticketId,
    [
      bet({
        ...(input.betId === undefined ? {} : { betId: input.betId }),
        ...(input.betContext === undefined ? {} : { context: input.betContext }),
        selections,
        stake: input.stake
      })
    ],
    input.context
  )

/** Single: one bet on one selection (which may itself be a custom bet or an external selection). */
export const single = (input: OneBetTicketInput & { readonly selection: Selection }): Ticket =>
  oneBet(input, [input.selection])

/** Accumulator: one bet whose top-level selections must all win. */
export const accumulator = (input: OneBetTicketInput & { readonly selections: ReadonlyArray<Selection> }): Ticket =>
  oneBet(input, input.selections)

/** System: one bet holding a k-of-n `system` selection for each k in `size`. */
export const systemTicket = (
  input: OneBetTicketInput & { readonly size: ReadonlyArray<number>; readonly selections: ReadonlyArray<Selection> }
): Ticket => oneBet(input, [system(input.size, input.selections)])

/** The client's verdict on one bet; its `betId` is taken from the bet. */
export interface BetVerdict {
  readonly code: number
  readonly rejected: boolean
  readonly message?: string
}

/** Pre-validated ticket: `verdicts[i]` is the client's validation of `ticket.bets[i]`. */
export const ticketInform = (t: Ticket, verdicts: ReadonlyArray<BetVerdict>): TicketInform => ({
  type: "ticket-inform",
  ticket: t,
  betValidations: verdicts.map((verdict, i): BetValidation => {
    const betId = t.bets[i]?.betId
    return betId === undefined ? verdict : { betId, ...verdict }
  })
})
