/**
 * The reply to a `ticket-placement` that passed validation (transaction-3.0.md §8): a duplicate `ticketId` is
 * rejected, a `uf` selection on an unknown market gets -405, stakes over the liability limit get -713 with an
 * `alt-stake` suggestion, anything else is accepted. Also the reply shape every operation shares (`decision`).
 */
import type { Bet, RequestFor, Selection } from "@its/tickets"
import { BigDecimal, Effect, Option } from "effect"
import type { ReplyContent } from "./Envelope.ts"
import type { TicketLedgerShape } from "./TicketLedger.ts"
import { LiabilityLimitCode, MarketNotFoundCode, type TicketRules } from "./TicketRules.ts"

export type Json = Record<string, unknown>

export const decision = (
  type: string,
  fields: { signature: string; ticketId: string; accepted: boolean; code: number; message: string },
  extra: Json = {}
): ReplyContent => ({
  type,
  signature: fields.signature,
  status: fields.accepted ? "accepted" : "rejected",
  ticketId: fields.ticketId,
  code: fields.code,
  message: fields.message,
  ...extra
})

/** Top-level and nested `uf` selections of a bet, with their raw JSON (for the `selectionDetails` echo). */
const ufSelections = (selection: Selection): ReadonlyArray<Extract<Selection, { type: "uf" }>> => {
  switch (selection.type) {
    case "uf":
      return [selection]
    case "uf-custom-bet":
      return selection.selections
    case "external":
      return []
    case "system":
    case "accumulator":
    case "ways":
      return selection.selections.flatMap(ufSelections)
    case "odds-boost":
    case "payout-modifier":
      return ufSelections(selection.selection)
  }
}

const stakeTotal = (bet: Bet): BigDecimal.BigDecimal =>
  bet.stake.reduce((sum, s) => BigDecimal.sum(sum, s.amount.value), BigDecimal.fromBigInt(0n))

/** The reply and whether the ticket is recorded (a duplicate is not). */
export const placementReply = (
  rules: TicketRules,
  ledger: TicketLedgerShape,
  request: RequestFor<"ticket-placement">,
  raw: Json
) =>
  Effect.gen(function* () {
    const limit = BigDecimal.unsafeFromString(rules.liabilityLimit)
    const ticket = request.content
    const signature = yield* ledger.sign(`ticket:${ticket.ticketId}`)
    const rawBets = ((raw.content as Json).bets as ReadonlyArray<Json>) ?? []
    const reply = (accepted: boolean, code: number, message: string, betDetails?: ReadonlyArray<Json>) =>
      decision(
        "ticket-reply",
        { signature, ticketId: ticket.ticketId, accepted, code, message },
        {
          ...(betDetails === undefined ? {} : { betDetails }),
          exchangeRate: [{ fromCurrency: "EUR", toCurrency: "EUR", rate: "1.00000" }]
        }
      )
    const existing = yield* ledger.ticket(ticket.ticketId)
    if (Option.isSome(existing)) {
      return {
        content: reply(false, rules.duplicateTicketCode, `Duplicate ticketId: ${ticket.ticketId}`),
        store: false
      }
    }
    // -405: the first unknown market.
    for (const [b, bet] of ticket.bets.entries()) {
      for (const [s, selection] of bet.selections.entries()) {
        const unknown = ufSelections(selection).find((uf) => rules.unknownMarketIds.includes(uf.marketId))
        if (unknown === undefined) continue
        const message = `Market is not found in MTS (selection: uof:${unknown.productId}/${unknown.eventId}/${unknown.marketId}/${unknown.outcomeId}, match: ${unknown.eventId})`
        const rawSelection = (rawBets[b]?.selections as ReadonlyArray<unknown> | undefined)?.[s]
        const betDetails = [
          {
            ...(bet.betId === undefined ? {} : { betId: bet.betId }),
            code: MarketNotFoundCode,
            message,
            selectionDetails: [{ selection: rawSelection, code: MarketNotFoundCode, message }]
          }
        ]
        return { content: reply(false, MarketNotFoundCode, message, betDetails), store: true }
      }
    }
    // -713: stakes over the liability limit, with the limit as the alternative stake.
    const over = ticket.bets.findIndex((bet) => BigDecimal.greaterThan(stakeTotal(bet), limit))
    if (over >= 0) {
      const bet = ticket.bets[over]!
      const message = "Liability over Customer bet liability limit on Customer level"
      const currency = bet.stake[0]?.currency ?? "EUR"
      const betDetails = ticket.bets.map((other, i) => ({
        ...(other.betId === undefined ? {} : { betId: other.betId }),
        code: i === over ? LiabilityLimitCode : 0,
        message: i === over ? message : "Transaction processed",
        ...(i === over
          ? { suggestion: { type: "alt-stake", stake: [{ type: "cash", currency, amount: rules.liabilityLimit }] } }
          : {})
      }))
      return { content: reply(false, LiabilityLimitCode, message, betDetails), store: true }
    }
    const betDetails = ticket.bets.map((bet) => ({
      ...(bet.betId === undefined ? {} : { betId: bet.betId }),
      code: 0,
      message: "Transaction processed"
    }))
    return { content: reply(true, 0, "Transaction processed", betDetails), store: true }
  })
