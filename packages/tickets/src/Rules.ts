// Over ~350 lines on purpose: one rule set, read top to bottom from the operation down to each field.
/**
 * The semantic rules of each request, for a request that already decoded (reference §5–§7, limits from
 * `TicketLimits`): what the Schema cannot say — lengths, patterns, ranges of exact decimals, uniqueness, one
 * validation per bet. Each problem carries its JSON path and MTS code; paths are built only when one is reported.
 */
import { isIP } from "node:net"
import { BigDecimal } from "effect"
import type { CancelDetails } from "./Cancel.ts"
import type { Cashout, CashoutDetails } from "./Cashout.ts"
import { at, type Checker, type Path } from "./Checker.ts"
import { compareDecimals } from "./Decimal.ts"
import { defaultTicketLimits, type TextLimit, type TicketLimitsShape } from "./Limits.ts"
import type { Request } from "./Messages.ts"
import type { Payout, Stake } from "./Money.ts"
import type { Odds } from "./Odds.ts"
import { ProblemCode } from "./Problem.ts"
import type { Selection } from "./Selection.ts"
import type { ExtSettlementDetails, PayoutModifierSettlement } from "./Settlement.ts"
import type { Bet, Ticket, TicketInform } from "./Ticket.ts"
import type { Channel, TicketContext } from "./TicketContext.ts"

const one = BigDecimal.fromBigInt(1n)
const hundred = BigDecimal.fromBigInt(100n)
// The scale never changes a sign; comparisons go through `compareDecimals` (exact, no `10n ** n` per call).
const isPositive = (v: BigDecimal.BigDecimal) => v.value > 0n
const isNonNegative = (v: BigDecimal.BigDecimal) => v.value >= 0n
const atMost = (v: BigDecimal.BigDecimal, max: BigDecimal.BigDecimal) => compareDecimals(v, max) <= 0
const atLeast = (v: BigDecimal.BigDecimal, min: BigDecimal.BigDecimal) => compareDecimals(v, min) >= 0
const abs = (v: BigDecimal.BigDecimal) => (v.value < 0n ? BigDecimal.make(-v.value, v.scale) : v)
const isRatio = (v: BigDecimal.BigDecimal) => isPositive(v) && atMost(v, one)
const isNonNegativeRatio = (v: BigDecimal.BigDecimal) => isNonNegative(v) && atMost(v, one)

/** The rules of the request's content, by operation. */
export const checkContent = (c: Checker, request: Request): void => {
  const content: Path = at(undefined, "content")
  switch (request.operation) {
    case "ticket-placement":
      checkTicket(c, content, request.content, { cashOnly: false, betIdsRequired: false })
      break
    case "ticket-placement-inform":
      checkTicketInform(c, content, request.content)
      break
    case "max-stake":
      // Only cash stakes are supported (§6.7).
      checkTicket(c, at(content, "ticket"), request.content.ticket, { cashOnly: true, betIdsRequired: false })
      break
    case "ticket-build":
      checkTicket(c, at(content, "ticket"), request.content.ticket, { cashOnly: false, betIdsRequired: false })
      break
    case "ticket-cancel":
    case "ticket-ext-settlement":
      checkIdentifiers(c, content, request.content)
      checkDetails(c, at(content, "details"), request.content.details)
      break
    case "ticket-cashout":
      checkCashout(c, content, request.content)
      break
    case "cashout-inform":
      checkCashout(c, at(content, "cashout"), request.content.cashout)
      c.nonEmpty(at(content, "validation", "message"), request.content.validation.message)
      break
    case "cashout-build":
    case "cashout-placement":
      checkCashout(c, at(content, "cashout"), request.content.cashout)
      break
    case "payout-modifier-settlement":
      checkIdentifiers(c, content, request.content)
      checkPayoutModifierSettlement(c, content, request.content)
      break
    default:
      // Acknowledgements, manual reviews and the account / balance / casino informs: identifiers only.
      checkIdentifiers(c, content, request.content)
  }
}

/** Identifier fields by name, each with the limit it must respect wherever it appears. */
const identifierLimitsOf = (limits: TicketLimitsShape): ReadonlyArray<readonly [string, TextLimit]> =>
  Object.entries({
    ticketId: limits.ticketId,
    betId: limits.betId,
    cancellationId: limits.operationId,
    cashoutId: limits.operationId,
    settlementId: limits.operationId,
    // Account, balance and casino informs (§10a): their own ids, like the other operation ids (ASSUMPTION 1..128).
    depositId: limits.operationId,
    withdrawalId: limits.operationId,
    balanceChangeId: limits.operationId,
    reportId: limits.operationId,
    signature: limits.signature,
    ticketSignature: limits.signature,
    cancellationSignature: limits.signature,
    cashoutSignature: limits.signature,
    settlementSignature: limits.signature
  })

// Where each identifier name sits in the table: problems keep the table's order whatever the object's key order.
const identifierIndex = new Map(identifierLimitsOf(defaultTicketLimits).map(([key], i) => [key, i]))

/** Checks the (mandatory) identifier fields an object has: ids, signatures. */
const checkIdentifiers = (c: Checker, path: Path, fields: object): void => {
  // An object has few keys and the table many: look each key up rather than each name.
  let found: Array<number> | undefined
  for (const key in fields) {
    const index = identifierIndex.get(key)
    if (index !== undefined && typeof (fields as Record<string, unknown>)[key] === "string") {
      if (found === undefined) found = []
      found.push(index)
    }
  }
  if (found === undefined) return
  const table = c.derived(identifierLimitsOf)
  for (const index of found.sort((a, b) => a - b)) {
    const [key, limit] = table[index]!
    c.text(at(path, key), (fields as Record<string, string>)[key], limit, { mandatory: true })
  }
}

/** Details of a cancellation, cash-out or external settlement. */
const checkDetails = (c: Checker, path: Path, details: CancelDetails | CashoutDetails | ExtSettlementDetails): void => {
  checkIdentifiers(c, path, details)
  // Partial ratios are absolute, e.g. "0.5" (§6.4, §6.5).
  if ("percentage" in details) c.decimal(at(path, "percentage"), details.percentage, isRatio, "a ratio in (0, 1]")
  // Payouts may be 0 (a settled loss) but never negative (§6.6: "between 0 and the maximum payout").
  if ("payout" in details) {
    for (let i = 0; i < details.payout.length; i++) checkPayout(c, at(path, "payout", i), details.payout[i]!)
  }
}

const checkCashout = (c: Checker, path: Path, cashout: Cashout): void => {
  checkIdentifiers(c, path, cashout)
  checkDetails(c, at(path, "details"), cashout.details)
}

const checkPayoutModifierSettlement = (c: Checker, path: Path, content: PayoutModifierSettlement): void => {
  c.nonEmpty(at(path, "reference"), content.reference)
  const settlement = content.settlement
  if (settlement.type === "odds") {
    checkOdds(c, at(path, "settlement", "odds"), settlement.odds)
    return
  }
  const result = settlement.result
  const resultPath = at(path, "settlement", "result")
  if ((result.type === "win" || result.type === "lost") && result.voidFactor !== undefined) {
    c.decimal(at(resultPath, "voidFactor"), result.voidFactor, isNonNegativeRatio, "a factor in [0, 1]")
  }
  if (result.type === "win" && result.deadHeatFactor !== undefined) {
    c.decimal(at(resultPath, "deadHeatFactor"), result.deadHeatFactor, isRatio, "a factor in (0, 1]")
  }
}

interface TicketRules {
  /** `max-stake` supports only cash stakes. */
  readonly cashOnly: boolean
  /** Pre-validated tickets with several bets need `betId`s (A2). */
  readonly betIdsRequired: boolean
}

const checkTicket = (c: Checker, path: Path, ticket: Ticket, rules: TicketRules): void => {
  checkIdentifiers(c, path, ticket)
  if (c.nonEmptyArray(at(path, "bets"), ticket.bets)) {
    const { max } = c.limits.betsPerTicket
    if (ticket.bets.length > max) {
      c.report(at(path, "bets"), ProblemCode.OutOfRange, `${ticket.bets.length} bets, more than ${max}`)
    }
  }
  const firstIndexOfBetId = new Map<string, number>()
  for (let i = 0; i < ticket.bets.length; i++) {
    const bet = ticket.bets[i]!
    const betPath = at(path, "bets", i)
    if (bet.betId === undefined) {
      if (rules.betIdsRequired && ticket.bets.length > 1) {
        c.report(
          at(betPath, "betId"),
          ProblemCode.MissingMandatory,
          "betId is mandatory when a ticket has several bets"
        )
      }
    } else {
      c.text(at(betPath, "betId"), bet.betId, c.limits.betId, { mandatory: false })
      const first = firstIndexOfBetId.get(bet.betId)
      if (first === undefined) firstIndexOfBetId.set(bet.betId, i)
      else c.report(at(betPath, "betId"), ProblemCode.OutOfRange, `duplicate betId, first used by bets[${first}]`)
    }
    checkBet(c, betPath, bet, rules)
  }
  checkTicketContext(c, at(path, "context"), ticket.context)
}

const checkBet = (c: Checker, path: Path, bet: Bet, rules: TicketRules): void => {
  checkSelections(c, at(path, "selections"), bet.selections)
  c.nonEmptyArray(at(path, "stake"), bet.stake)
  for (let i = 0; i < bet.stake.length; i++) {
    const stake = bet.stake[i]!
    checkStake(c, at(path, "stake", i), stake)
    if (rules.cashOnly && stake.type !== "cash") {
      c.report(
        at(path, "stake", i, "type"),
        ProblemCode.OutOfRange,
        `max-stake supports only cash stakes, actual ${stake.type}`
      )
    }
  }
  checkPayouts(c, at(path, "context", "payoutCap"), bet.context?.payoutCap)
}

/** A non-empty list of selections, each checked. */
const checkSelections = (c: Checker, path: Path, selections: ReadonlyArray<Selection>): void => {
  c.nonEmptyArray(path, selections)
  for (let i = 0; i < selections.length; i++) checkSelection(c, at(path, i), selections[i]!)
}

const ufIds = ["productId", "eventId", "marketId", "outcomeId"] as const
const externalIds = ["event", "outcome"] as const
const fractionParts = ["numerator", "denominator"] as const

const checkSelection = (c: Checker, path: Path, selection: Selection): void => {
  switch (selection.type) {
    case "uf":
      for (const key of ufIds) c.nonEmpty(at(path, key), selection[key])
      checkOdds(c, at(path, "odds"), selection.odds)
      break
    case "uf-custom-bet":
      // Nesting (only `uf` inside a custom bet) is enforced by the Schema.
      checkSelections(c, at(path, "selections"), selection.selections)
      checkOdds(c, at(path, "odds"), selection.odds)
      break
    case "system":
      checkSystemSizes(c, at(path, "size"), selection.size, selection.selections.length)
      checkSelections(c, at(path, "selections"), selection.selections)
      break
    case "accumulator":
    case "ways":
      checkSelections(c, at(path, "selections"), selection.selections)
      break
    case "external":
      for (const key of externalIds) {
        c.text(at(path, key), selection[key], c.limits.externalId, {
          mandatory: true,
          code: ProblemCode.InvalidExternalId
        })
      }
      c.range(at(path, "expSettleTime"), selection.expSettleTime, c.limits.timestampUtc, ProblemCode.BadDate)
      checkOdds(c, at(path, "odds"), selection.odds)
      break
    case "odds-boost":
      checkSelection(c, at(path, "selection"), selection.selection)
      checkOdds(c, at(path, "odds"), selection.odds)
      break
    case "payout-modifier":
      checkSelection(c, at(path, "selection"), selection.selection)
      c.nonEmpty(at(path, "reference"), selection.reference)
      c.nonEmpty(at(path, "description"), selection.description)
      break
  }
}

/** Each k of a k-of-n system lies in 1..n (and within the legacy bound), once. */
const checkSystemSizes = (c: Checker, path: Path, sizes: ReadonlyArray<number>, n: number): void => {
  if (!c.nonEmptyArray(path, sizes)) return
  const { min } = c.limits.systemSize
  const max = Math.min(n, c.limits.systemSize.max)
  const seen = new Set<number>()
  for (const [i, k] of sizes.entries()) {
    if (k < min || k > max) {
      c.report(at(path, i), ProblemCode.OutOfRange, `system size ${k} is outside ${min}..${max} (${n} selections)`)
    } else if (seen.has(k)) {
      c.report(at(path, i), ProblemCode.OutOfRange, `duplicate system size ${k}`)
    }
    seen.add(k)
  }
}

/** Valid range of each odds format; fractional odds are checked part by part. */
const oddsRules = (limits: TicketLimitsShape) =>
  ({
    decimal: [
      (v) => compareDecimals(v, one) > 0 && atMost(v, limits.maxDecimalOdds),
      `greater than 1 and at most ${BigDecimal.format(limits.maxDecimalOdds)}`
    ],
    "hong-kong": [isPositive, "positive"],
    indonesian: [(v) => atLeast(abs(v), one), "at least 1 or at most -1"],
    malay: [(v) => isRatio(abs(v)), "non-zero and between -1 and 1"],
    moneyline: [(v) => atLeast(abs(v), hundred), "at least 100 or at most -100"]
  }) satisfies Record<Exclude<Odds["type"], "fractional">, readonly [(v: BigDecimal.BigDecimal) => boolean, string]>

const checkOdds = (c: Checker, path: Path, odds: Odds): void => {
  if (odds.type === "fractional") {
    for (const key of fractionParts) {
      c.decimal(at(path, key), odds[key], (v) => isPositive(v) && BigDecimal.isInteger(v), "a positive integer")
    }
  } else {
    const [valid, expectation] = c.derived(oddsRules)[odds.type]
    c.decimal(at(path, "value"), odds.value, valid, expectation)
  }
}

const checkStake = (c: Checker, path: Path, stake: Stake): void => {
  const max = c.limits.maxStakeAmount
  c.text(at(path, "currency"), stake.currency, c.limits.currency, { mandatory: true })
  c.decimal(
    at(path, "amount"),
    stake.amount,
    (v) => isPositive(v) && atMost(v, max),
    () => `positive and at most ${BigDecimal.format(max)}`
  )
}

const checkPayout = (c: Checker, path: Path, payout: Payout): void => {
  c.text(at(path, "currency"), payout.currency, c.limits.currency, { mandatory: true })
  c.decimal(at(path, "amount"), payout.amount, isNonNegative, "zero or positive")
}

const checkPayouts = (c: Checker, path: Path, payouts: ReadonlyArray<Payout> | undefined): void => {
  if (payouts === undefined) return
  for (let i = 0; i < payouts.length; i++) checkPayout(c, at(path, i), payouts[i]!)
}

const checkTicketContext = (c: Checker, path: Path, context: TicketContext): void => {
  checkChannel(c, at(path, "channel"), context.channel)
  c.range(at(path, "limitId"), context.limitId, c.limits.limitId, ProblemCode.OutOfRange)
  const customer = context.endCustomer
  // An unusable end-customer id has its own code (-106, reference §8.1).
  c.text(at(path, "endCustomer", "id"), customer?.id, c.limits.endCustomerId, {
    mandatory: false,
    code: ProblemCode.InvalidChannelOrCustomer
  })
  if (customer?.confidence !== undefined) {
    const min = c.limits.minEndCustomerConfidence
    const atLeastMin = (v: BigDecimal.BigDecimal) => atLeast(v, min)
    c.decimal(
      at(path, "endCustomer", "confidence"),
      customer.confidence,
      atLeastMin,
      () => `at least ${BigDecimal.format(min)}`
    )
  }
  if (context.walletId === "") c.report(at(path, "walletId"), ProblemCode.OutOfRange, "must not be empty")
  if (context.ref !== undefined) checkIdentifiers(c, at(path, "ref"), context.ref)
  checkPayouts(c, at(path, "payoutCap"), context.payoutCap)
  for (const [i, rate] of (context.rates ?? []).entries()) {
    const ratePath = at(path, "rates", i)
    c.text(at(ratePath, "fromCurrency"), rate.fromCurrency, c.limits.currency, { mandatory: true })
    c.text(at(ratePath, "toCurrency"), rate.toCurrency, c.limits.currency, { mandatory: true })
    c.decimal(at(ratePath, "rate"), rate.rate, isPositive, "positive")
  }
}

const checkChannel = (c: Checker, path: Path, channel: Channel): void => {
  if ("ip" in channel && channel.ip !== undefined && isIP(channel.ip) === 0) {
    c.report(at(path, "ip"), ProblemCode.OutOfRange, `not an IPv4 or IPv6 address: ${channel.ip}`)
  }
  c.text(at(path, "lang"), channel.lang, c.limits.lang, { mandatory: false })
  if ("deviceId" in channel) c.text(at(path, "deviceId"), channel.deviceId, c.limits.channelId, { mandatory: false })
  if ("shopId" in channel) c.text(at(path, "shopId"), channel.shopId, c.limits.channelId, { mandatory: false })
  if ("terminalId" in channel) {
    // An unrecognised terminal id has its own code (-106, reference §8.1).
    const code = ProblemCode.InvalidChannelOrCustomer
    c.text(at(path, "terminalId"), channel.terminalId, c.limits.channelId, { mandatory: false, code })
  }
  if ("location" in channel && channel.location !== undefined) {
    const { latitude, longitude } = channel.location
    c.range(at(path, "location", "latitude"), latitude, { min: -90, max: 90 }, ProblemCode.OutOfRange)
    c.range(at(path, "location", "longitude"), longitude, { min: -180, max: 180 }, ProblemCode.OutOfRange)
  }
}

/** The ticket's own rules, plus exactly one `betValidations` entry per bet, each naming an existing bet (A2). */
const checkTicketInform = (c: Checker, path: Path, inform: TicketInform): void => {
  const bets = inform.ticket.bets
  checkTicket(c, at(path, "ticket"), inform.ticket, { cashOnly: false, betIdsRequired: true })
  const validationsPath = at(path, "betValidations")
  if (!c.nonEmptyArray(validationsPath, inform.betValidations)) return
  const covered = new Set<number>()
  for (const [i, { betId }] of inform.betValidations.entries()) {
    const betIdPath = at(validationsPath, i, "betId")
    // Without a betId, a validation can only refer to the ticket's single bet.
    const betIndex = betId === undefined ? (bets.length === 1 ? 0 : -1) : bets.findIndex((b) => b.betId === betId)
    if (betId === undefined && bets.length > 1) {
      c.report(betIdPath, ProblemCode.MissingMandatory, "betId is mandatory when the ticket has several bets")
    } else if (betIndex < 0) {
      c.report(betIdPath, ProblemCode.OutOfRange, `no bet of the ticket has betId ${JSON.stringify(betId)}`)
    } else if (covered.has(betIndex)) {
      c.report(betIdPath, ProblemCode.OutOfRange, `a second validation for ticket.bets[${betIndex}]`)
    }
    if (betIndex >= 0) covered.add(betIndex)
  }
  for (const [i, bet] of bets.entries()) {
    if (!covered.has(i)) {
      const name = bet.betId === undefined ? "" : ` (betId ${JSON.stringify(bet.betId)})`
      c.report(validationsPath, ProblemCode.MissingMandatory, `no validation for ticket.bets[${i}]${name}`)
    }
  }
}
