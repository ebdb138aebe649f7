/**
 * The reply contents the official MTS SDKs can read. Their JSON mappers fail on unknown fields (Jackson's default in
 * `MbsSdkJava`), so one field a reply class does not declare makes the SDK reject the whole reply and the call ends in
 * its timeout. `sdkReplyContent` keeps, per reply `type`, only the fields of the SDK's class, recursively for the
 * nested objects the simulator builds; values copied from the request (selections, bets, stakes) were sent by the
 * client and stay as they are.
 *
 * Source: `sportradar/MbsSdkJava` `entities/response/*` (`ContentResponse` subtypes) and the `entities/common`,
 * `suggestion`, `payout` classes they use. A reply type the SDKs do not know (e.g. `manual-review-reply`, which no SDK
 * requests) is left unchanged.
 */

/**
 * `true`: kept as is; a `Shape`: an object (or each object of an array) with only these fields; `ByType`: a
 * polymorphic SDK class (`@JsonTypeInfo` on `type`), the shape of each subtype, `type` included.
 */
type Field = true | Shape | ByType
interface Shape {
  readonly [field: string]: Field
}
interface ByType {
  readonly byType: Readonly<Record<string, Shape>>
}

const ExchangeRate: Shape = { fromCurrency: true, toCurrency: true, rate: true }
/** `CashPayout`, `FreePayout`, `WithheldPayout`. */
const PayoutFields: Shape = { type: true, amount: true, currency: true, traceId: true, source: true }
const Suggestion: ByType = {
  byType: { "alt-stake": { type: true, stake: true }, reoffer: { type: true, mode: true, stake: true } }
}
const SelectionDetail: Shape = { selection: true, code: true, message: true, autoAcceptedOdds: true }
const BetDetail: Shape = {
  betId: true,
  code: true,
  message: true,
  suggestion: Suggestion,
  selectionDetails: SelectionDetail
}
const TicketBuildReplyBetDetail: Shape = {
  betId: true,
  payout: PayoutFields,
  settledPercentage: true,
  selectionDetails: {
    selection: true,
    suggestedLtd: true,
    configuredLtd: true,
    appliedMarketFactor: true,
    currentProbability: true,
    currentResult: true,
    appliedEventRating: true,
    suggestedEventRating: true
  }
}
const LtdSuggestions: Shape = {
  modelSuggestedLtd: true,
  configuredLtd: true,
  suggestedLtd: true,
  accountLbsLtdOffset: true,
  liveSelectionLtdOffset: true,
  appliedLtd: true
}
const EndCustomerSuggestions: Shape = {
  endCustomer: true,
  appliedConfidence: true,
  suggestedConfidence: true,
  suggestedLateBetScore: true,
  suggestedMarkerScore: true,
  suggestedBotScore: true
}
const ChannelSuggestions: Shape = {
  channel: true,
  appliedConfidence: true,
  suggestedConfidence: true,
  suggestedLateBetScore: true
}
const CashoutSuggestions: Shape = {
  cashoutType: true,
  cashoutId: true,
  cashout: PayoutFields,
  maxPayout: PayoutFields,
  fairCashout: PayoutFields
}

const decision = { type: true, code: true, message: true, signature: true, status: true, ticketId: true } as const
const build = {
  code: true,
  message: true,
  signature: true,
  ticketId: true,
  exchangeRate: ExchangeRate,
  betDetails: TicketBuildReplyBetDetail,
  ltd: LtdSuggestions,
  endCustomerSuggestions: EndCustomerSuggestions,
  channelSuggestions: ChannelSuggestions
} as const
/** The account, balance and casino informs: `code`, `signature`, `message` only. */
const informReply: Shape = { type: true, code: true, signature: true, message: true }

/** Each `ContentResponse` subtype of the SDK, by its `type`. */
export const sdkReplyShapes: Readonly<Record<string, Shape>> = {
  "ticket-reply": { ...decision, exchangeRate: ExchangeRate, betDetails: BetDetail },
  "ticket-inform-reply": { ...decision, exchangeRate: ExchangeRate, betDetails: BetDetail },
  "ticket-ack-reply": decision,
  "cancel-reply": { ...decision, cancellationId: true },
  "cancel-ack-reply": { ...decision, cancellationId: true },
  "cashout-reply": { ...decision, cashoutId: true },
  "cashout-ack-reply": { ...decision, cashoutId: true },
  "cashout-inform-reply": { ...decision, cashoutId: true },
  "cashout-placement-reply": { ...decision, cashoutId: true },
  "cashout-build-reply": { type: true, status: true, cashoutId: true, cashout: CashoutSuggestions, ...build },
  "ext-settlement-reply": { ...decision, settlementId: true },
  "ext-settlement-ack-reply": { ...decision, settlementId: true },
  // No `ticketId`: the settlement is identified by `settlementId` and `reference`.
  "payout-modifier-settlement-reply": {
    type: true,
    code: true,
    message: true,
    signature: true,
    status: true,
    settlementId: true,
    reference: true
  },
  // No `status`.
  "ticket-build-reply": { type: true, ...build },
  "max-stake-reply": { type: true, code: true, message: true, signature: true, bets: true },
  "error-reply": { type: true, code: true, message: true },
  "account-status-inform-reply": informReply,
  "account-limit-inform-reply": informReply,
  "account-limit-reached-inform-reply": informReply,
  "account-intervention-inform-reply": informReply,
  "balance-change-inform-reply": informReply,
  "deposit-inform-reply": informReply,
  "withdrawal-inform-reply": informReply,
  "casino-sessions-inform-reply": informReply
}

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const isByType = (field: Shape | ByType): field is ByType => isObject(field.byType)

const project = (value: unknown, field: Field): unknown => {
  if (field === true) return value
  if (Array.isArray(value)) return value.map((item) => project(item, field))
  if (!isObject(value)) return value
  const shape = isByType(field) ? field.byType[String(value.type)] : field
  if (shape === undefined) return value
  const kept: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value)) {
    const declared = shape[key]
    if (declared !== undefined) kept[key] = project(inner, declared)
  }
  return kept
}

/** `content` with only the fields the SDKs' class for its `type` declares (unchanged for a type they do not know). */
export const sdkReplyContent = <C extends { readonly type: string }>(content: C): C => {
  const shape = sdkReplyShapes[content.type]
  return shape === undefined ? content : (project(content, shape) as C)
}
