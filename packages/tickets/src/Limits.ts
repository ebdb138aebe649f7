/**
 * Every length, pattern and numeric bound the semantic validation enforces, in one place.
 *
 * Transaction 3.0 documents few limits; most here are assumptions (reference §12, A1–A3) or come from the legacy
 * v2.4 ticket schema (`sportradar/MtsSdkNetCore` docs/mts_tickets/ticket-schema.json, "hint only" in the
 * reference). The v2.4 schema scaled amounts, odds and confidence by 10,000, so its "minimum 1" means 0.0001.
 *
 * Override per program or test with `TicketLimits.layerWith({ ...overrides })` or
 * `Effect.provideService(TicketLimits, { ...defaultTicketLimits, ...overrides })`.
 */
import { BigDecimal, Context, Layer } from "effect"

export interface TextLimit {
  readonly minLength: number
  readonly maxLength: number
  /** Tested against the whole value; omit for "any characters". */
  readonly pattern?: RegExp
}

export interface NumberRange {
  readonly min: number
  readonly max: number
}

export interface TicketLimitsShape {
  /** §2.1 + A1: "minimum length 1"; the maximum is unknown (ASSUMPTION 128, like the other ids). */
  readonly correlationId: TextLimit
  /** §6.1 + A1: 1..128 (ASSUMPTION from v2.4), characters `[A-Za-z0-9_:-]` recommended. */
  readonly ticketId: TextLimit
  /** §5.1: legacy v2.4 `^[0-9A-Za-z:\-_]{1,128}$`. */
  readonly betId: TextLimit
  /** §6.4 / §7.3: `cancellationId` 1..128 (docs); `cashoutId`, `settlementId` assumed the same. */
  readonly operationId: TextLimit
  /** §7.1 / §12.6: signatures 1..128 (stated on the cancel-reply page). */
  readonly signature: TextLimit
  /** §5.5: legacy v2.4 `^[0-9A-Za-z:\-_]{1,36}$`; a violation is code -106 ("endCustomer id too long"). */
  readonly endCustomerId: TextLimit
  /** §5.6: legacy v2.4 `deviceId`, `shopId`, `terminalId` `^[0-9A-Za-z:\-_]{1,36}$` (terminalId: code -106). */
  readonly channelId: TextLimit
  /** §5.6: legacy v2.4 ISO 639-1, 2 characters (examples use both `EN` and `en`). */
  readonly lang: TextLimit
  /** §5.4: 3 letters in every example; legacy v2.4 allows 3–4 ("4 letters only apply to mBTC"). */
  readonly currency: TextLimit
  /** §5.2: external `event` / `outcome` ids; format unknown (ASSUMPTION 1..128 without whitespace, code -105). */
  readonly externalId: TextLimit
  /** §6.1: `bets` ≥ 1 (A2); legacy v2.4 at most 50. */
  readonly betsPerTicket: NumberRange
  /** §5.2: system sizes, legacy v2.4 1..63 (and never more than the number of nested selections). */
  readonly systemSize: NumberRange
  /** §5.5: legacy v2.4 1..2147483647. */
  readonly limitId: NumberRange
  /** §2.1: provided by Sportradar; ASSUMPTION positive. */
  readonly operatorId: NumberRange
  /** §2.1: epoch ms, minimum 1, maximum Long.MAX (bounded here by JS safe integers). Also `expSettleTime`. */
  readonly timestampUtc: NumberRange
  /** §5.3: decimal odds must exceed 1; legacy v2.4 maximum 100,000 (1,000,000,000 / 10,000). */
  readonly maxDecimalOdds: BigDecimal.BigDecimal
  /** §5.4: stake amounts must be positive; legacy v2.4 maximum 10^14 (10^18 / 10,000). */
  readonly maxStakeAmount: BigDecimal.BigDecimal
  /** §5.5: legacy v2.4 confidence minimum 1 / 10,000. */
  readonly minEndCustomerConfidence: BigDecimal.BigDecimal
  /** §1: the official SDKs refuse messages larger than 128,000 bytes (UTF-8). */
  readonly maxMessageBytes: number
}

const legacyId = /^[0-9A-Za-z:\-_]+$/

export const defaultTicketLimits: TicketLimitsShape = {
  correlationId: { minLength: 1, maxLength: 128 },
  ticketId: { minLength: 1, maxLength: 128, pattern: legacyId },
  betId: { minLength: 1, maxLength: 128, pattern: legacyId },
  operationId: { minLength: 1, maxLength: 128 },
  signature: { minLength: 1, maxLength: 128 },
  endCustomerId: { minLength: 1, maxLength: 36, pattern: legacyId },
  channelId: { minLength: 1, maxLength: 36, pattern: legacyId },
  lang: { minLength: 2, maxLength: 2, pattern: /^[A-Za-z]{2}$/ },
  currency: { minLength: 3, maxLength: 4, pattern: /^(?:[A-Z]{3}|mBTC)$/ },
  externalId: { minLength: 1, maxLength: 128, pattern: /^\S+$/ },
  betsPerTicket: { min: 1, max: 50 },
  systemSize: { min: 1, max: 63 },
  limitId: { min: 1, max: 2_147_483_647 },
  operatorId: { min: 1, max: Number.MAX_SAFE_INTEGER },
  timestampUtc: { min: 1, max: Number.MAX_SAFE_INTEGER },
  maxDecimalOdds: BigDecimal.fromBigInt(100_000n),
  maxStakeAmount: BigDecimal.fromBigInt(10n ** 14n),
  minEndCustomerConfidence: BigDecimal.make(1n, 4),
  maxMessageBytes: 128_000
}

export class TicketLimits extends Context.Reference<TicketLimits>()("@its/tickets/TicketLimits", {
  defaultValue: (): TicketLimitsShape => defaultTicketLimits
}) {
  /** The defaults with some limits replaced. */
  static layerWith(overrides: Partial<TicketLimitsShape>): Layer.Layer<TicketLimits> {
    return Layer.succeed(TicketLimits, { ...defaultTicketLimits, ...overrides })
  }
}
