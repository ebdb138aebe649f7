/**
 * JSON generators shaped like the official SDKs' reply classes (MbsSdkJava `entities/response/*`, MbsSdkNet
 * `Entities/Response/*`), written from their field lists, not from our Schemas: a field that is a Java/.NET primitive
 * (`int`, `long`, `boolean`) is always present; every other field is nullable there, so it is omitted at random.
 *
 * Exceptions, kept on purpose (see the README table): `signature`, `status`, `ticketId`, `code` and `message` of the
 * replies whose docs page marks them mandatory stay present. Shared request-side types (selection echo, stake, payout,
 * exchange rate, channel, bets) come from our own Schemas' arbitraries.
 */
import { Arbitrary, FastCheck as fc, Schema } from "effect"
import { ExchangeRate, Payout, Stake } from "../src/Money.ts"
import { Odds } from "../src/Odds.ts"
import { Selection } from "../src/Selection.ts"
import { SelectionResult } from "../src/Settlement.ts"
import { Bet } from "../src/Ticket.ts"
import { Channel } from "../src/TicketContext.ts"

type Json = Record<string, unknown>
type Field = { readonly arb: fc.Arbitrary<unknown>; readonly always: boolean }

/** Present in every SDK-shaped JSON (a primitive, or docs-mandatory). */
const always = (arb: fc.Arbitrary<unknown>): Field => ({ arb, always: true })
/** Nullable in the SDK: present or omitted at random. */
const maybe = (arb: fc.Arbitrary<unknown>): Field => ({ arb, always: false })

const object = (fields: Record<string, Field>): fc.Arbitrary<Json> => {
  const keys = Object.keys(fields)
  return fc
    .tuple(
      fc.tuple(...keys.map((key) => fields[key]!.arb)),
      fc.array(fc.boolean(), { minLength: keys.length, maxLength: keys.length })
    )
    .map(([values, keep]) => {
      const json: Json = {}
      keys.forEach((key, i) => {
        if (fields[key]!.always || keep[i]) json[key] = values[i]
      })
      return json
    })
}
const typed = (type: string, fields: Record<string, Field>) => object(fields).map((json) => ({ type, ...json }))

const wire = <A, I>(schema: Schema.Schema<A, I>): fc.Arbitrary<unknown> =>
  Arbitrary.make(schema).map((value) => Schema.encodeSync(schema)(value))
const list = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { maxLength: 2 })

const int = fc.integer({ min: -1000, max: 1000 })
const text = fc.string({ maxLength: 12 })
const decimal = fc.tuple(fc.nat(999), fc.nat(99)).map(([a, b]) => `${a}.${b}`)
const status = fc.constantFrom("accepted", "rejected")

const stake = wire(Stake)
const payout = wire(Payout)
const exchangeRate = wire(ExchangeRate)
const selection = wire(Selection)

const suggestion = fc.oneof(
  typed("reoffer", { mode: maybe(text), stake: maybe(list(stake)) }),
  typed("alt-stake", { stake: maybe(list(stake)) })
)
const selectionDetail = object({
  code: always(int),
  selection: maybe(selection),
  message: maybe(text),
  autoAcceptedOdds: maybe(wire(Odds))
})
const betDetail = object({
  code: always(int),
  suggestion: maybe(suggestion),
  betId: maybe(text),
  selectionDetails: maybe(list(selectionDetail)),
  message: maybe(text)
})
const endCustomer = object({ id: maybe(text), confidence: maybe(decimal) })
const ltd = object({
  suggestedLtd: maybe(int),
  modelSuggestedLtd: maybe(fc.constantFrom("None", "Skip", "Delay")),
  accountLbsLtdOffset: maybe(int),
  configuredLtd: maybe(int),
  appliedLtd: maybe(int),
  liveSelectionLtdOffset: maybe(int)
})
const endCustomerSuggestions = object({
  appliedConfidence: maybe(decimal),
  suggestedConfidence: maybe(decimal),
  suggestedMarkerScore: maybe(decimal),
  endCustomer: maybe(endCustomer),
  suggestedBotScore: maybe(decimal),
  suggestedLateBetScore: maybe(decimal)
})
const channelSuggestions = object({
  appliedConfidence: maybe(decimal),
  suggestedConfidence: maybe(decimal),
  channel: maybe(wire(Channel)),
  suggestedLateBetScore: maybe(decimal)
})
const probability = fc.oneof(
  typed("win", { win: maybe(decimal) }),
  typed("push", { halfWin: maybe(decimal), halfLose: maybe(decimal), win: maybe(decimal), refund: maybe(decimal) })
)
const buildSelectionDetail = object({
  suggestedLtd: maybe(int),
  selection: maybe(selection),
  currentResult: maybe(wire(SelectionResult)),
  configuredLtd: maybe(int),
  appliedMarketFactor: maybe(decimal),
  currentProbability: maybe(probability),
  appliedEventRating: maybe(int),
  suggestedEventRating: maybe(int)
})
const buildBetDetail = object({
  betId: maybe(text),
  payout: maybe(list(payout)),
  selectionDetails: maybe(list(buildSelectionDetail)),
  settledPercentage: maybe(decimal)
})
const cashoutSuggestions = object({
  fairCashout: maybe(list(payout)),
  cashoutId: maybe(text),
  cashoutType: maybe(text),
  maxPayout: maybe(list(payout)),
  cashout: maybe(list(payout))
})

// Docs-mandatory decision fields (kept required on purpose).
const decision = { code: always(int), signature: always(text), message: always(text), ticketId: always(text) }
const decisionWith = (id: string) => ({ ...decision, status: always(status), [id]: maybe(text) })
/** SDK-only replies: only `code` is a primitive. */
const informReply = { code: always(int), signature: maybe(text), message: maybe(text) }

/** SDK reply content type → generator of its content JSON. */
export const sdkReplyContents: Record<string, fc.Arbitrary<Json>> = {
  "ticket-reply": typed("ticket-reply", {
    ...decision,
    status: always(status),
    exchangeRate: maybe(list(exchangeRate)),
    betDetails: maybe(list(betDetail))
  }),
  "ticket-inform-reply": typed("ticket-inform-reply", {
    ...decision,
    status: always(status),
    exchangeRate: maybe(list(exchangeRate)),
    betDetails: maybe(list(betDetail))
  }),
  "ticket-ack-reply": typed("ticket-ack-reply", { ...decision, status: always(status) }),
  "cancel-reply": typed("cancel-reply", decisionWith("cancellationId")),
  "cancel-ack-reply": typed("cancel-ack-reply", decisionWith("cancellationId")),
  "cashout-reply": typed("cashout-reply", decisionWith("cashoutId")),
  "cashout-ack-reply": typed("cashout-ack-reply", decisionWith("cashoutId")),
  "cashout-inform-reply": typed("cashout-inform-reply", decisionWith("cashoutId")),
  "cashout-placement-reply": typed("cashout-placement-reply", decisionWith("cashoutId")),
  "cashout-build-reply": typed("cashout-build-reply", {
    ...decisionWith("cashoutId"),
    channelSuggestions: maybe(channelSuggestions),
    exchangeRate: maybe(list(exchangeRate)),
    betDetails: maybe(list(buildBetDetail)),
    endCustomerSuggestions: maybe(endCustomerSuggestions),
    ltd: maybe(ltd),
    cashout: maybe(cashoutSuggestions)
  }),
  "ext-settlement-reply": typed("ext-settlement-reply", decisionWith("settlementId")),
  "ext-settlement-ack-reply": typed("ext-settlement-ack-reply", decisionWith("settlementId")),
  "max-stake-reply": typed("max-stake-reply", {
    code: always(int),
    signature: always(text),
    message: always(text),
    bets: maybe(list(wire(Bet)))
  }),
  "ticket-build-reply": typed("ticket-build-reply", {
    code: always(int),
    channelSuggestions: maybe(channelSuggestions),
    exchangeRate: maybe(list(exchangeRate)),
    signature: maybe(text),
    betDetails: maybe(list(buildBetDetail)),
    endCustomerSuggestions: maybe(endCustomerSuggestions),
    message: maybe(text),
    ltd: maybe(ltd),
    ticketId: maybe(text)
  }),
  "payout-modifier-settlement-reply": typed("payout-modifier-settlement-reply", {
    reference: maybe(text),
    code: always(int),
    signature: maybe(text),
    settlementId: maybe(text),
    message: maybe(text),
    status: maybe(status)
  }),
  "error-reply": typed("error-reply", { code: always(int), message: always(text) })
}

/** Reply content types of the SDKs' account, balance and casino informs (same shape: code, signature?, message?). */
export const sdkInformReplyTypes = [
  "deposit-inform-reply",
  "withdrawal-inform-reply",
  "account-status-inform-reply",
  "account-limit-inform-reply",
  "account-limit-reached-inform-reply",
  "account-intervention-inform-reply",
  "casino-sessions-inform-reply",
  "balance-change-inform-reply"
] as const
export const sdkInformReplyContent = (type: string) => typed(type, informReply)

/** A reply envelope as the SDK's `Response` class reads it, with an occasional `operatorId` echo. */
export const sdkEnvelope = (operation: string, content: fc.Arbitrary<Json>) =>
  object({
    correlationId: always(text),
    timestampUtc: always(fc.nat()),
    operation: always(fc.constant(operation)),
    version: always(fc.constant("3.0")),
    content: always(content),
    operatorId: maybe(fc.nat())
  })
