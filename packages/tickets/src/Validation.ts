/**
 * Validation before anything is sent: Schema decoding (strict, every issue mapped to a path and code, see
 * `Issues.ts`), then the semantic rules below. Limits come from `TicketLimits`. Every problem is reported, not just
 * the first.
 */
import { isIP } from "node:net"
import { BigDecimal, Effect, Schema } from "effect"
import type { CancelDetails } from "./Cancel.ts"
import type { Cashout, CashoutDetails } from "./Cashout.ts"
import { decodeRequest, encodeRequest } from "./Codec.ts"
import type { Decimal } from "./Decimal.ts"
import { type NumberRange, type TextLimit, TicketLimits, type TicketLimitsShape } from "./Limits.ts"
import type { Payout, Stake } from "./Money.ts"
import type { Odds } from "./Odds.ts"
import { Request } from "./Messages.ts"
import { describeProblems, formatPath, Problem, ProblemCode } from "./Problem.ts"
import type { Selection } from "./Selection.ts"
import type { ExtSettlementDetails, PayoutModifierSettlement } from "./Settlement.ts"
import type { Bet, Ticket, TicketInform } from "./Ticket.ts"
import type { Channel, TicketContext } from "./TicketContext.ts"

export class ValidationFailed extends Schema.TaggedError<ValidationFailed>()("@its/tickets/ValidationFailed", {
  problems: Schema.Array(Problem)
}) {
  override get message(): string {
    return `Ticket validation failed: ${describeProblems(this.problems)}`
  }
}

// Built once: `Schema.is` compiles a parser for the whole union.
const isRequest = Schema.is(Request)

/**
 * Validates a request, given either as built (a `Request` value) or as parsed JSON. Succeeds with the decoded
 * request; fails with every problem found.
 */
export const validate = Effect.fn("Tickets.validate")(function* (message: unknown) {
  const limits = yield* TicketLimits
  const failed = (e: { readonly problems: ReadonlyArray<Problem> }) => new ValidationFailed({ problems: e.problems })
  // A built request is encoded first, so both forms go through the same strict decoding.
  const json = isRequest(message) ? yield* Effect.mapError(encodeRequest(message), failed) : message
  const request = yield* Effect.mapError(decodeRequest(json), failed)
  const problems = checkRequest(request, limits)
  const bytes = new TextEncoder().encode(JSON.stringify(json)).length
  if (bytes > limits.maxMessageBytes) {
    problems.push(
      new Problem({
        path: "$",
        code: ProblemCode.OutOfRange,
        message: `message is ${bytes} bytes, more than ${limits.maxMessageBytes}`
      })
    )
  }
  if (problems.length > 0) return yield* new ValidationFailed({ problems })
  return request
})

/** The semantic rules alone, for a request that already decoded. */
export const checkRequest = (request: Request, limits: TicketLimitsShape): Array<Problem> => {
  const c = new Checker(limits)
  c.range(["operatorId"], request.operatorId, limits.operatorId, ProblemCode.OutOfRange)
  c.text(["correlationId"], request.correlationId, limits.correlationId, { mandatory: true })
  c.range(["timestampUtc"], request.timestampUtc, limits.timestampUtc, ProblemCode.BadDate)
  checkContent(c, request)
  return c.problems
}

type Path = ReadonlyArray<PropertyKey>

class Checker {
  readonly problems: Array<Problem> = []
  constructor(readonly limits: TicketLimitsShape) {}

  report(path: Path, code: ProblemCode, message: string): void {
    this.problems.push(new Problem({ path: formatPath(path), code, message }))
  }

  /** Mandatory text must be non-empty (-100); any text must fit its limit (`code`, default -107). */
  text(
    path: Path,
    value: string | undefined,
    limit: TextLimit,
    options: { readonly mandatory: boolean; readonly code?: ProblemCode }
  ): void {
    if (value === undefined) return
    const code = options.code ?? ProblemCode.OutOfRange
    if (value.length === 0) {
      this.report(path, options.mandatory ? ProblemCode.MissingMandatory : code, "must not be empty")
    } else if (value.length < limit.minLength || value.length > limit.maxLength) {
      this.report(path, code, `length ${value.length} is outside ${limit.minLength}..${limit.maxLength}`)
    } else if (limit.pattern !== undefined && !limit.pattern.test(value)) {
      this.report(path, code, `does not match ${limit.pattern}`)
    }
  }

  /** Mandatory text without a documented limit: only emptiness is checked. */
  nonEmpty(path: Path, value: string): void {
    if (value.length === 0) this.report(path, ProblemCode.MissingMandatory, "must not be empty")
  }

  /** Mandatory arrays must have at least one element. */
  nonEmptyArray(path: Path, values: ReadonlyArray<unknown>): boolean {
    if (values.length > 0) return true
    this.report(path, ProblemCode.MissingMandatory, "must not be empty")
    return false
  }

  range(path: Path, value: number, range: NumberRange, code: ProblemCode): void {
    if (value < range.min || value > range.max)
      this.report(path, code, `${value} is outside ${range.min}..${range.max}`)
  }

  decimal(path: Path, value: Decimal, valid: (v: BigDecimal.BigDecimal) => boolean, expectation: string): void {
    if (!valid(value.value)) this.report(path, ProblemCode.OutOfRange, `must be ${expectation}, actual ${value.text}`)
  }
}

const zero = BigDecimal.fromBigInt(0n)
const one = BigDecimal.fromBigInt(1n)
const hundred = BigDecimal.fromBigInt(100n)
const isPositive = (v: BigDecimal.BigDecimal) => BigDecimal.greaterThan(v, zero)
const isNonNegative = (v: BigDecimal.BigDecimal) => BigDecimal.greaterThanOrEqualTo(v, zero)
const isRatio = (v: BigDecimal.BigDecimal) => isPositive(v) && BigDecimal.lessThanOrEqualTo(v, one)
const isNonNegativeRatio = (v: BigDecimal.BigDecimal) => isNonNegative(v) && BigDecimal.lessThanOrEqualTo(v, one)

const checkContent = (c: Checker, request: Request): void => {
  const at: Path = ["content"]
  switch (request.operation) {
    case "ticket-placement":
      checkTicket(c, at, request.content, { cashOnly: false, betIdsRequired: false })
      break
    case "ticket-placement-inform":
      checkTicketInform(c, at, request.content)
      break
    case "max-stake":
      // Only cash stakes are supported (§6.7).
      checkTicket(c, [...at, "ticket"], request.content.ticket, { cashOnly: true, betIdsRequired: false })
      break
    case "ticket-build":
      checkTicket(c, [...at, "ticket"], request.content.ticket, { cashOnly: false, betIdsRequired: false })
      break
    case "ticket-cancel":
    case "ticket-ext-settlement":
      checkIdentifiers(c, at, request.content)
      checkDetails(c, [...at, "details"], request.content.details)
      break
    case "ticket-cashout":
      checkCashout(c, at, request.content)
      break
    case "cashout-inform":
      checkCashout(c, [...at, "cashout"], request.content.cashout)
      c.nonEmpty([...at, "validation", "message"], request.content.validation.message)
      break
    case "cashout-build":
    case "cashout-placement":
      checkCashout(c, [...at, "cashout"], request.content.cashout)
      break
    case "payout-modifier-settlement":
      checkIdentifiers(c, at, request.content)
      checkPayoutModifierSettlement(c, at, request.content)
      break
    default:
      // Acknowledgements, manual reviews and the account / balance / casino informs: identifiers only.
      checkIdentifiers(c, at, request.content)
  }
}

/** Identifier fields by name, each with the limit it must respect wherever it appears. */
const identifierLimits = (limits: TicketLimitsShape): Record<string, TextLimit> => ({
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

/** Checks the (mandatory) identifier fields an object has: ids, signatures. */
const checkIdentifiers = (c: Checker, path: Path, fields: object): void => {
  for (const [key, limit] of Object.entries(identifierLimits(c.limits))) {
    const value: unknown = (fields as Record<string, unknown>)[key]
    if (typeof value === "string") c.text([...path, key], value, limit, { mandatory: true })
  }
}

/** Details of a cancellation, cash-out or external settlement. */
const checkDetails = (c: Checker, path: Path, details: CancelDetails | CashoutDetails | ExtSettlementDetails): void => {
  checkIdentifiers(c, path, details)
  // Partial ratios are absolute, e.g. "0.5" (§6.4, §6.5).
  if ("percentage" in details) c.decimal([...path, "percentage"], details.percentage, isRatio, "a ratio in (0, 1]")
  // Payouts may be 0 (a settled loss) but never negative (§6.6: "between 0 and the maximum payout").
  if ("payout" in details) {
    for (const [i, payout] of details.payout.entries()) checkPayout(c, [...path, "payout", i], payout)
  }
}

const checkCashout = (c: Checker, path: Path, cashout: Cashout): void => {
  checkIdentifiers(c, path, cashout)
  checkDetails(c, [...path, "details"], cashout.details)
}

const checkPayoutModifierSettlement = (c: Checker, path: Path, content: PayoutModifierSettlement): void => {
  c.nonEmpty([...path, "reference"], content.reference)
  const settlement = content.settlement
  if (settlement.type === "odds") {
    checkOdds(c, [...path, "settlement", "odds"], settlement.odds)
    return
  }
  const result = settlement.result
  const resultPath = [...path, "settlement", "result"]
  if ((result.type === "win" || result.type === "lost") && result.voidFactor !== undefined) {
    c.decimal([...resultPath, "voidFactor"], result.voidFactor, isNonNegativeRatio, "a factor in [0, 1]")
  }
  if (result.type === "win" && result.deadHeatFactor !== undefined) {
    c.decimal([...resultPath, "deadHeatFactor"], result.deadHeatFactor, isRatio, "a factor in (0, 1]")
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
  if (c.nonEmptyArray([...path, "bets"], ticket.bets)) {
    const { max } = c.limits.betsPerTicket
    if (ticket.bets.length > max) {
      c.report([...path, "bets"], ProblemCode.OutOfRange, `${ticket.bets.length} bets, more than ${max}`)
    }
  }
  const firstIndexOfBetId = new Map<string, number>()
  for (const [i, bet] of ticket.bets.entries()) {
    const betPath = [...path, "bets", i]
    if (bet.betId === undefined) {
      if (rules.betIdsRequired && ticket.bets.length > 1) {
        c.report(
          [...betPath, "betId"],
          ProblemCode.MissingMandatory,
          "betId is mandatory when a ticket has several bets"
        )
      }
    } else {
      c.text([...betPath, "betId"], bet.betId, c.limits.betId, { mandatory: false })
      const first = firstIndexOfBetId.get(bet.betId)
      if (first === undefined) firstIndexOfBetId.set(bet.betId, i)
      else c.report([...betPath, "betId"], ProblemCode.OutOfRange, `duplicate betId, first used by bets[${first}]`)
    }
    checkBet(c, betPath, bet, rules)
  }
  checkTicketContext(c, [...path, "context"], ticket.context)
}

const checkBet = (c: Checker, path: Path, bet: Bet, rules: TicketRules): void => {
  checkSelections(c, [...path, "selections"], bet.selections)
  c.nonEmptyArray([...path, "stake"], bet.stake)
  for (const [i, stake] of bet.stake.entries()) {
    checkStake(c, [...path, "stake", i], stake)
    if (rules.cashOnly && stake.type !== "cash") {
      c.report(
        [...path, "stake", i, "type"],
        ProblemCode.OutOfRange,
        `max-stake supports only cash stakes, actual ${stake.type}`
      )
    }
  }
  checkPayouts(c, [...path, "context", "payoutCap"], bet.context?.payoutCap)
}

/** A non-empty list of selections, each checked. */
const checkSelections = (c: Checker, path: Path, selections: ReadonlyArray<Selection>): void => {
  c.nonEmptyArray(path, selections)
  for (const [i, selection] of selections.entries()) checkSelection(c, [...path, i], selection)
}

const checkSelection = (c: Checker, path: Path, selection: Selection): void => {
  switch (selection.type) {
    case "uf":
      for (const key of ["productId", "eventId", "marketId", "outcomeId"] as const)
        c.nonEmpty([...path, key], selection[key])
      checkOdds(c, [...path, "odds"], selection.odds)
      break
    case "uf-custom-bet":
      // Nesting (only `uf` inside a custom bet) is enforced by the Schema.
      checkSelections(c, [...path, "selections"], selection.selections)
      checkOdds(c, [...path, "odds"], selection.odds)
      break
    case "system":
      checkSystemSizes(c, [...path, "size"], selection.size, selection.selections.length)
      checkSelections(c, [...path, "selections"], selection.selections)
      break
    case "accumulator":
    case "ways":
      checkSelections(c, [...path, "selections"], selection.selections)
      break
    case "external":
      for (const key of ["event", "outcome"] as const) {
        c.text([...path, key], selection[key], c.limits.externalId, {
          mandatory: true,
          code: ProblemCode.InvalidExternalId
        })
      }
      c.range([...path, "expSettleTime"], selection.expSettleTime, c.limits.timestampUtc, ProblemCode.BadDate)
      checkOdds(c, [...path, "odds"], selection.odds)
      break
    case "odds-boost":
      checkSelection(c, [...path, "selection"], selection.selection)
      checkOdds(c, [...path, "odds"], selection.odds)
      break
    case "payout-modifier":
      checkSelection(c, [...path, "selection"], selection.selection)
      c.nonEmpty([...path, "reference"], selection.reference)
      c.nonEmpty([...path, "description"], selection.description)
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
      c.report([...path, i], ProblemCode.OutOfRange, `system size ${k} is outside ${min}..${max} (${n} selections)`)
    } else if (seen.has(k)) {
      c.report([...path, i], ProblemCode.OutOfRange, `duplicate system size ${k}`)
    }
    seen.add(k)
  }
}

/** Valid range of each odds format; fractional odds are checked part by part. */
const oddsRules = (limits: TicketLimitsShape) =>
  ({
    decimal: [
      (v) => BigDecimal.greaterThan(v, one) && BigDecimal.lessThanOrEqualTo(v, limits.maxDecimalOdds),
      `greater than 1 and at most ${BigDecimal.format(limits.maxDecimalOdds)}`
    ],
    "hong-kong": [isPositive, "positive"],
    indonesian: [(v) => BigDecimal.greaterThanOrEqualTo(BigDecimal.abs(v), one), "at least 1 or at most -1"],
    malay: [(v) => isRatio(BigDecimal.abs(v)), "non-zero and between -1 and 1"],
    moneyline: [(v) => BigDecimal.greaterThanOrEqualTo(BigDecimal.abs(v), hundred), "at least 100 or at most -100"]
  }) satisfies Record<Exclude<Odds["type"], "fractional">, readonly [(v: BigDecimal.BigDecimal) => boolean, string]>

const checkOdds = (c: Checker, path: Path, odds: Odds): void => {
  if (odds.type === "fractional") {
    for (const key of ["numerator", "denominator"] as const) {
      c.decimal([...path, key], odds[key], (v) => isPositive(v) && BigDecimal.isInteger(v), "a positive integer")
    }
  } else {
    const [valid, expectation] = oddsRules(c.limits)[odds.type]
    c.decimal([...path, "value"], odds.value, valid, expectation)
  }
}

const checkStake = (c: Checker, path: Path, stake: Stake): void => {
  const max = c.limits.maxStakeAmount
  c.text([...path, "currency"], stake.currency, c.limits.currency, { mandatory: true })
  c.decimal(
    [...path, "amount"],
    stake.amount,
    (v) => isPositive(v) && BigDecimal.lessThanOrEqualTo(v, max),
    `positive and at most ${BigDecimal.format(max)}`
  )
}

const checkPayout = (c: Checker, path: Path, payout: Payout): void => {
  c.text([...path, "currency"], payout.currency, c.limits.currency, { mandatory: true })
  c.decimal([...path, "amount"], payout.amount, isNonNegative, "zero or positive")
}

const checkPayouts = (c: Checker, path: Path, payouts: ReadonlyArray<Payout> | undefined): void => {
  for (const [i, payout] of (payouts ?? []).entries()) checkPayout(c, [...path, i], payout)
}

const checkTicketContext = (c: Checker, path: Path, context: TicketContext): void => {
  checkChannel(c, [...path, "channel"], context.channel)
  c.range([...path, "limitId"], context.limitId, c.limits.limitId, ProblemCode.OutOfRange)
  const customer = context.endCustomer
  // An unusable end-customer id has its own code (-106, reference §8.1).
  c.text([...path, "endCustomer", "id"], customer?.id, c.limits.endCustomerId, {
    mandatory: false,
    code: ProblemCode.InvalidChannelOrCustomer
  })
  if (customer?.confidence !== undefined) {
    const min = c.limits.minEndCustomerConfidence
    const atLeastMin = (v: BigDecimal.BigDecimal) => BigDecimal.greaterThanOrEqualTo(v, min)
    c.decimal(
      [...path, "endCustomer", "confidence"],
      customer.confidence,
      atLeastMin,
      `at least ${BigDecimal.format(min)}`
    )
  }
  if (context.walletId === "") c.report([...path, "walletId"], ProblemCode.OutOfRange, "must not be empty")
  if (context.ref !== undefined) checkIdentifiers(c, [...path, "ref"], context.ref)
  checkPayouts(c, [...path, "payoutCap"], context.payoutCap)
  for (const [i, rate] of (context.rates ?? []).entries()) {
    const ratePath = [...path, "rates", i]
    c.text([...ratePath, "fromCurrency"], rate.fromCurrency, c.limits.currency, { mandatory: true })
    c.text([...ratePath, "toCurrency"], rate.toCurrency, c.limits.currency, { mandatory: true })
    c.decimal([...ratePath, "rate"], rate.rate, isPositive, "positive")
  }
}

const checkChannel = (c: Checker, path: Path, channel: Channel): void => {
  if ("ip" in channel && channel.ip !== undefined && isIP(channel.ip) === 0) {
    c.report([...path, "ip"], ProblemCode.OutOfRange, `not an IPv4 or IPv6 address: ${channel.ip}`)
  }
  c.text([...path, "lang"], channel.lang, c.limits.lang, { mandatory: false })
  if ("deviceId" in channel) c.text([...path, "deviceId"], channel.deviceId, c.limits.channelId, { mandatory: false })
  if ("shopId" in channel) c.text([...path, "shopId"], channel.shopId, c.limits.channelId, { mandatory: false })
  if ("terminalId" in channel) {
    // An unrecognised terminal id has its own code (-106, reference §8.1).
    const code = ProblemCode.InvalidChannelOrCustomer
    c.text([...path, "terminalId"], channel.terminalId, c.limits.channelId, { mandatory: false, code })
  }
  if ("location" in channel && channel.location !== undefined) {
    const { latitude, longitude } = channel.location
    c.range([...path, "location", "latitude"], latitude, { min: -90, max: 90 }, ProblemCode.OutOfRange)
    c.range([...path, "location", "longitude"], longitude, { min: -180, max: 180 }, ProblemCode.OutOfRange)
  }
}

/** The ticket's own rules, plus exactly one `betValidations` entry per bet, each naming an existing bet (A2). */
const checkTicketInform = (c: Checker, path: Path, inform: TicketInform): void => {
  const bets = inform.ticket.bets
  checkTicket(c, [...path, "ticket"], inform.ticket, { cashOnly: false, betIdsRequired: true })
  const validationsPath = [...path, "betValidations"]
  if (!c.nonEmptyArray(validationsPath, inform.betValidations)) return
  const covered = new Set<number>()
  for (const [i, { betId }] of inform.betValidations.entries()) {
    const betIdPath = [...validationsPath, i, "betId"]
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
