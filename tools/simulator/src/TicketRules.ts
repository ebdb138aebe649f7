/**
 * The knobs of the simulated ticket semantics (`TicketHandler`): unknown markets, the liability limit, refusal codes
 * and the live delay, with their defaults and `SIM_LIVE_DELAY_MS`.
 */
import { defaultTicketsSettings } from "@its/tickets"
import { Config, Duration } from "effect"

export interface TicketRules {
  /** `uf` selections on these markets are rejected with -405. */
  readonly unknownMarketIds: ReadonlyArray<string>
  /** A bet whose stake amounts add up to more than this (any currency) is rejected with -713 + `alt-stake`. */
  readonly liabilityLimit: string
  /** Code of a rejected duplicate `ticketId` (ASSUMPTION: not documented). */
  readonly duplicateTicketCode: number
  /** Code of refused cancels, cash-outs, settlements and acks (unknown ticket, bad signature, wrong state). */
  readonly refusalCode: number
  /** How long a live `ticket-placement` waits for its reply (MTS's live time delay); `SIM_LIVE_DELAY_MS`. */
  readonly liveDelay: Duration.DurationInput
  /** UOF producers whose selections are live; the client's default (`"1"`, live odds), so both sides agree. */
  readonly liveProductIds: ReadonlyArray<string>
}

export const defaultTicketRules: TicketRules = {
  unknownMarketIds: ["999"],
  liabilityLimit: "1000",
  duplicateTicketCode: -107,
  refusalCode: -107,
  // 0 so tests and benchmarks are not slowed down by surprise; a standalone simulator sets `SIM_LIVE_DELAY_MS`.
  liveDelay: Duration.zero,
  liveProductIds: defaultTicketsSettings.liveProductIds
}

/** `SIM_LIVE_DELAY_MS`: the live delay in milliseconds (default 0). */
export const liveDelayConfig: Config.Config<Duration.Duration> = Config.integer("SIM_LIVE_DELAY_MS").pipe(
  Config.validate({ message: "SIM_LIVE_DELAY_MS must be a non-negative integer", validation: (ms) => ms >= 0 }),
  Config.map(Duration.millis),
  Config.withDefault(Duration.decode(defaultTicketRules.liveDelay))
)

export const MarketNotFoundCode = -405
export const LiabilityLimitCode = -713
