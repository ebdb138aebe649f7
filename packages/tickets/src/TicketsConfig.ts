/**
 * `Tickets` settings: reply timeouts (§9: 3 s pre-match, 16 s live; 20 s for other operations like the SDKs), late
 * replies, auto-ack, and the rule that decides whether a ticket is live.
 */
import { Context, Duration, Layer } from "effect"
import type { LateReplySettings } from "./LateReplies.ts"
import type { Operation } from "./Messages.ts"
import type { Selection } from "./Selection.ts"
import type { Ticket } from "./Ticket.ts"

export interface TicketsSettings {
  /** Reply timeout of a pre-match `ticket-placement` (§9: "consider a ticket-reply missing after 3 s"). */
  readonly prematchTimeout: Duration.DurationInput
  /** Reply timeout when any selection is live (§9: 16 s, the live time delay comes first). */
  readonly liveTimeout: Duration.DurationInput
  /**
   * Every other operation (the official SDKs use 20 s for every operation, §1). Placements keep the docs' 3 s / 16 s
   * (§9) because an operator must decide about a silent ticket quickly; a later reply is kept (`lateReplies`).
   */
  readonly requestTimeout: Duration.DurationInput
  /** Per-operation reply timeouts, e.g. `{ "ticket-cancel": "10 seconds" }`; placements use the two above. */
  readonly operationTimeouts: Partial<Record<Operation, Duration.DurationInput>>
  /** Replies arriving after a `reply-timeout`: kept at most `capacity` at once, for `ttl` (default 1 000, 15 min). */
  readonly lateReplies: LateReplySettings
  /**
   * UOF producer ids whose selections are live (§5.2: `productId` "1" = live odds, "3" = pre-match; UOF convention).
   * ASSUMPTION: external selections are pre-match.
   */
  readonly liveProductIds: ReadonlyArray<string>
  /** Overrides the product-id rule, e.g. with the operator's own knowledge of which events are in play. */
  readonly isLive?: (ticket: Ticket) => boolean
  /** Send `ticket-placement-ack` (`acknowledged: true`) for accepted tickets before `placeTicket` returns. */
  readonly autoAck: boolean
  /** MTS expects the ack within this window from the reply (§6.3, §9: 10 s default). */
  readonly ackWindow: Duration.DurationInput
}

export const defaultTicketsSettings: TicketsSettings = {
  prematchTimeout: Duration.seconds(3),
  liveTimeout: Duration.seconds(16),
  requestTimeout: Duration.seconds(20),
  operationTimeouts: {},
  lateReplies: { capacity: 1000, ttl: Duration.minutes(15) },
  liveProductIds: ["1"],
  autoAck: false,
  ackWindow: Duration.seconds(10)
}

export class TicketsConfig extends Context.Reference<TicketsConfig>()("@its/tickets/TicketsConfig", {
  defaultValue: (): TicketsSettings => defaultTicketsSettings
}) {
  /** The defaults with some settings replaced. */
  static layerWith(overrides: Partial<TicketsSettings>): Layer.Layer<TicketsConfig> {
    return Layer.succeed(TicketsConfig, { ...defaultTicketsSettings, ...overrides })
  }
}

const selectionIsLive = (selection: Selection, live: ReadonlySet<string>): boolean => {
  switch (selection.type) {
    case "uf":
      return live.has(selection.productId)
    case "uf-custom-bet":
      return selection.selections.some((s) => live.has(s.productId))
    case "external":
      return false
    case "system":
    case "accumulator":
    case "ways":
      return selection.selections.some((s) => selectionIsLive(s, live))
    case "odds-boost":
    case "payout-modifier":
      return selectionIsLive(selection.selection, live)
  }
}

/** Whether any selection of the ticket is live, by `liveProductIds` (or `isLive` when set). */
export const isLiveTicket = (ticket: Ticket, settings: TicketsSettings = defaultTicketsSettings): boolean => {
  if (settings.isLive !== undefined) return settings.isLive(ticket)
  const live = new Set(settings.liveProductIds)
  return ticket.bets.some((bet) => bet.selections.some((s) => selectionIsLive(s, live)))
}

/** The placement reply timeout of §9: 3 s pre-match, 16 s when any selection is live (both configurable). */
export const placementTimeout = (
  ticket: Ticket,
  settings: TicketsSettings = defaultTicketsSettings
): Duration.Duration =>
  Duration.decode(isLiveTicket(ticket, settings) ? settings.liveTimeout : settings.prematchTimeout)
