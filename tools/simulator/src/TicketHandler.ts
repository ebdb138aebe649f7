/**
 * Ticket semantics for the simulated data plane: a `DataPlaneHandler` that validates every request with
 * `@its/tickets` and answers with deterministic Transaction 3.0 replies (transaction-3.0.md §6–§8), and the
 * `TicketLedger` that records every request and ticket so tests can read them.
 *
 * Rules, in order, per request:
 * 1. Strict decoding (`decodeRequest`: unknown fields, wrong types, missing fields) fails → `error-reply` 401
 *    `Schema validation failed: <path>: <problem>;…` (the router's JSON-Schema check, observed on integration).
 * 2. Semantic rules (`checkRequest`, codes -100…-107): a `ticket-placement` is rejected in its `ticket-reply` with
 *    the first problem's code (§8.1 codes are ticket-reply codes); any other operation gets `error-reply` 401.
 * 3. Operation semantics:
 *    - `ticket-placement`: duplicate `ticketId` → rejected (`duplicateTicketCode`, ASSUMPTION -107); a `uf`
 *      selection on a market in `unknownMarketIds` → rejected -405 "Market is not found in MTS (selection:
 *      uof:<product>/<event>/<market>/<outcome>, …)"; a bet whose stakes exceed `liabilityLimit` → rejected -713 with
 *      an `alt-stake` suggestion of the limit; otherwise accepted (code 0, "Transaction processed").
 *    - `ticket-placement-inform`: `status` mirrors `betValidations` (rejected if any is `rejected`, with its code).
 *    - acks: the ticket must exist and the ack must echo the reply's signature, else a rejected `*-ack-reply`.
 *    - `ticket-cancel`: the ticket must be accepted, not cancelled and not cashed out, with its signature.
 *    - cash-out (`cashout-inform`, `cashout-build`, `cashout-placement`, `ticket-cashout`): likewise; a cancelled
 *      ticket cannot be cashed out (rejected, `refusalCode`). Inform / placement / legacy mark it cashed out.
 *    - `ticket-ext-settlement`: the ticket must be accepted, with its signature.
 *    - `max-stake`: echoes the first bet with its stake replaced by `liabilityLimit`.
 * Every reply carries a `signature` (44-character base64, deterministic per ledger sequence number).
 *
 * Live delay: a `ticket-placement` with any live selection (`isLiveTicket` of `@its/tickets` with `liveProductIds`,
 * the client's own rule) is answered after `liveDelay` (§9: MTS validates live bets after the live time delay), slept
 * with `Effect.sleep` so `TestClock` drives it; pre-match placements and every other operation answer at once.
 * Only the reply waits: the ticket is decided and recorded on arrival, like MTS (a client that gives up early
 * leaves a ticket whose outcome it does not know).
 */
import {
  checkRequest,
  decodeRequest,
  defaultTicketsSettings,
  isLiveTicket,
  type Request,
  TicketLimits
} from "@its/tickets"
import { type ConfigError, Duration, Effect, Layer, Option } from "effect"
import { accountInformReply, accountInformSubject, isAccountInform } from "./AccountInforms.ts"
import { DataPlaneHandler, ErrorReply } from "./DataPlaneHandler.ts"
import { type ReplyContent, type RequestEnvelope, SchemaValidationCode, schemaValidationMessage } from "./Envelope.ts"
import { type ReceivedRequest, TicketLedger, type TicketRecord } from "./TicketLedger.ts"
import { decision, type Json, placementReply } from "./TicketPlacement.ts"
import { defaultTicketRules, liveDelayConfig, type TicketRules } from "./TicketRules.ts"

export {
  type ReceivedRequest,
  TicketLedger,
  type TicketLedgerShape,
  type TicketRecord
} from "./TicketLedger.ts"
export {
  defaultTicketRules,
  LiabilityLimitCode,
  liveDelayConfig,
  MarketNotFoundCode,
  type TicketRules
} from "./TicketRules.ts"

/** The handler; needs the `TicketLedger` (provide `TicketLedger.layer`, and read it in tests). */
export const make = (rules: TicketRules = defaultTicketRules) =>
  Effect.gen(function* () {
    const ledger = yield* TicketLedger
    const liveDelay = Duration.decode(rules.liveDelay)
    const liveSettings = { ...defaultTicketsSettings, liveProductIds: rules.liveProductIds }

    const refuse = (message: string) => ({ accepted: false, code: rules.refusalCode, message })

    /** Looks up an accepted ticket the request refers to, checking its signature. */
    const referenced = (ticketId: string, signature: string, purpose: string) =>
      Effect.map(ledger.ticket(ticketId), (found): { ticket?: TicketRecord; refusal?: ReturnType<typeof refuse> } => {
        if (Option.isNone(found)) return { refusal: refuse(`Ticket not found: ${ticketId}`) }
        const ticket = found.value
        if (ticket.signature !== signature) return { refusal: refuse(`Ticket signature does not match (${purpose})`) }
        if (ticket.status !== "accepted") return { refusal: refuse(`Ticket ${ticketId} was not accepted`) }
        return { ticket }
      })

    const handle = Effect.fn("TicketHandler.handle")(function* (envelope: RequestEnvelope) {
      const raw = envelope as unknown as Json
      const content = envelope.content as Json
      const record = (outcome: ReceivedRequest["outcome"], code: number, ticketId?: string) =>
        ledger.record({
          correlationId: envelope.correlationId,
          operation: envelope.operation,
          contentType: envelope.content.type,
          ticketId: ticketId ?? (typeof content.ticketId === "string" ? content.ticketId : undefined),
          outcome,
          code
        })
      const schemaError = (problems: ReadonlyArray<{ readonly path: string; readonly message: string }>) =>
        Effect.zipRight(
          record("error-reply", SchemaValidationCode),
          new ErrorReply({
            code: SchemaValidationCode,
            message: schemaValidationMessage(problems.map((p) => `${p.path}: ${p.message}`))
          })
        )

      const decoded = yield* Effect.either(decodeRequest(envelope))
      if (decoded._tag === "Left") return yield* schemaError(decoded.left.problems)
      const request: Request = decoded.right
      const problems = checkRequest(request, yield* TicketLimits)
      if (problems.length > 0 && request.operation !== "ticket-placement") return yield* schemaError(problems)

      const answer = (reply: ReplyContent, ticketId: string) =>
        Effect.as(
          record(
            reply.status === "rejected" ? "rejected" : "accepted",
            (reply.code as number | undefined) ?? 0,
            ticketId
          ),
          reply
        )

      switch (request.operation) {
        case "ticket-placement": {
          const ticket = request.content
          if (problems.length > 0) {
            const [first] = problems
            const signature = yield* ledger.sign(`ticket:${ticket.ticketId}`)
            const reply = decision("ticket-reply", {
              signature,
              ticketId: ticket.ticketId,
              accepted: false,
              code: first!.code,
              message: `${first!.path}: ${first!.message}`
            })
            return yield* answer(reply, ticket.ticketId)
          }
          const { content: reply, store } = yield* placementReply(rules, ledger, request, raw)
          if (store) {
            yield* ledger.put({
              ticketId: ticket.ticketId,
              correlationId: request.correlationId,
              operation: "ticket-placement",
              status: reply.status as "accepted" | "rejected",
              code: reply.code as number,
              signature: reply.signature as string,
              acknowledged: undefined,
              cancelled: false,
              cashedOut: false
            })
          }
          const answered = yield* answer(reply, ticket.ticketId)
          if (Duration.greaterThan(liveDelay, Duration.zero) && isLiveTicket(ticket, liveSettings)) {
            yield* Effect.annotateCurrentSpan("its.live_delay", Duration.format(liveDelay))
            yield* Effect.sleep(liveDelay)
          }
          return answered
        }
        case "ticket-placement-inform": {
          const { ticket, betValidations } = request.content
          const signature = yield* ledger.sign(`inform:${ticket.ticketId}`)
          const rejected = betValidations.find((v) => v.rejected)
          const existing = yield* ledger.ticket(ticket.ticketId)
          const reply = Option.isSome(existing)
            ? decision("ticket-inform-reply", {
                signature,
                ticketId: ticket.ticketId,
                accepted: false,
                code: rules.duplicateTicketCode,
                message: `Duplicate ticketId: ${ticket.ticketId}`
              })
            : decision(
                "ticket-inform-reply",
                {
                  signature,
                  ticketId: ticket.ticketId,
                  accepted: rejected === undefined,
                  code: rejected === undefined ? 0 : rejected.code,
                  message:
                    rejected === undefined ? "Transaction processed" : (rejected.message ?? "Rejected by the client")
                },
                {
                  betDetails: betValidations.map((v) => ({
                    ...(v.betId === undefined ? {} : { betId: v.betId }),
                    code: v.code,
                    message: v.message ?? (v.rejected ? "Rejected by the client" : "Transaction processed")
                  }))
                }
              )
          if (Option.isNone(existing)) {
            yield* ledger.put({
              ticketId: ticket.ticketId,
              correlationId: request.correlationId,
              operation: "ticket-placement-inform",
              status: reply.status as "accepted" | "rejected",
              code: reply.code as number,
              signature,
              acknowledged: undefined,
              cancelled: false,
              cashedOut: false
            })
          }
          return yield* answer(reply, ticket.ticketId)
        }
        case "ticket-placement-ack": {
          const ack = request.content
          const signature = yield* ledger.sign(`ack:${ack.ticketId}`)
          const found = yield* ledger.ticket(ack.ticketId)
          // An ack may acknowledge a rejected ticket too (acknowledged: false = the client did not follow MTS).
          const verdict = Option.isNone(found)
            ? refuse(`Ticket not found: ${ack.ticketId}`)
            : found.value.signature !== ack.ticketSignature
              ? refuse("ticketSignature does not match the ticket reply")
              : { accepted: true, code: 0, message: "Acknowledgement processed" }
          if (verdict.accepted && Option.isSome(found))
            yield* ledger.put({ ...found.value, acknowledged: ack.acknowledged })
          return yield* answer(
            decision("ticket-ack-reply", { signature, ticketId: ack.ticketId, ...verdict }),
            ack.ticketId
          )
        }
        case "ticket-cancel": {
          const cancel = request.content
          const { ticketId, ticketSignature } = cancel.details
          const signature = yield* ledger.sign(`cancel:${cancel.cancellationId}`)
          const { ticket, refusal } = yield* referenced(ticketId, ticketSignature, "cancel")
          const verdict =
            refusal ??
            (ticket!.cancelled
              ? refuse(`Ticket ${ticketId} is already cancelled`)
              : ticket!.cashedOut
                ? refuse(`Ticket ${ticketId} is cashed out`)
                : { accepted: true, code: 0, message: "Cancellation processed" })
          if (verdict.accepted && ticket !== undefined) yield* ledger.put({ ...ticket, cancelled: true })
          return yield* answer(
            decision("cancel-reply", { signature, ticketId, ...verdict }, { cancellationId: cancel.cancellationId }),
            ticketId
          )
        }
        case "cashout-inform":
        case "cashout-build":
        case "cashout-placement":
        case "ticket-cashout": {
          const cashout = request.content.type === "cashout" ? request.content : request.content.cashout
          const { ticketId, ticketSignature } = cashout.details
          const signature = yield* ledger.sign(`cashout:${cashout.cashoutId}`)
          const { ticket, refusal } = yield* referenced(ticketId, ticketSignature, "cash-out")
          const clientVerdict =
            request.content.type === "cashout-inform" && request.content.validation.rejected
              ? { accepted: false, code: request.content.validation.code, message: request.content.validation.message }
              : undefined
          const verdict =
            refusal ??
            (ticket!.cancelled
              ? refuse(`Ticket ${ticketId} is cancelled and cannot be cashed out`)
              : ticket!.cashedOut
                ? refuse(`Ticket ${ticketId} is already cashed out`)
                : (clientVerdict ?? { accepted: true, code: 0, message: "Cashout processed" }))
          const type = `${request.content.type}-reply`
          const extra: Json = { cashoutId: cashout.cashoutId }
          if (request.operation === "cashout-build" && verdict.accepted) {
            const payout = cashout.details.payout.map((p) => ({
              type: p.type,
              amount: p.amount.text,
              currency: p.currency
            }))
            extra.cashout = {
              cashoutType: cashout.details.type,
              cashoutId: cashout.cashoutId,
              cashout: payout,
              maxPayout: payout
            }
          }
          if (verdict.accepted && request.operation !== "cashout-build" && ticket !== undefined)
            yield* ledger.put({ ...ticket, cashedOut: true })
          return yield* answer(decision(type, { signature, ticketId, ...verdict }, extra), ticketId)
        }
        case "ticket-ext-settlement": {
          const settlement = request.content
          const { ticketId, ticketSignature } = settlement.details
          const signature = yield* ledger.sign(`settlement:${settlement.settlementId}`)
          const { refusal } = yield* referenced(ticketId, ticketSignature, "settlement")
          const verdict = refusal ?? { accepted: true, code: 0, message: "Settlement processed" }
          return yield* answer(
            decision(
              "ext-settlement-reply",
              { signature, ticketId, ...verdict },
              { settlementId: settlement.settlementId }
            ),
            ticketId
          )
        }
        case "max-stake": {
          const ticket = request.content.ticket
          const signature = yield* ledger.sign(`max-stake:${ticket.ticketId}`)
          const rawBet = (((content.ticket as Json).bets as ReadonlyArray<Json>) ?? [])[0] ?? {}
          const currency = ticket.bets[0]?.stake[0]?.currency ?? "EUR"
          const reply: ReplyContent = {
            type: "max-stake-reply",
            code: 0,
            message: "Max stake calculated",
            signature,
            bets: [{ ...rawBet, stake: [{ type: "cash", currency, amount: rules.liabilityLimit }] }]
          }
          return yield* answer(reply, ticket.ticketId)
        }
        default: {
          if (isAccountInform(request)) {
            const signature = yield* ledger.sign(`${request.operation}:${request.correlationId}`)
            return yield* answer(accountInformReply(request, signature), accountInformSubject(request))
          }
          // The other acks, manual review, ticket build, payout-modifier settlement: accepted, with their ids.
          const c = request.content as unknown as Json
          const ticketId = typeof c.ticketId === "string" ? c.ticketId : ""
          const signature = yield* ledger.sign(`${request.operation}:${request.correlationId}`)
          const ids: Json = {}
          for (const key of ["cancellationId", "cashoutId", "settlementId", "reference"]) {
            if (typeof c[key] === "string") ids[key] = c[key]
          }
          const type = `${c.type as string}-reply`
          const reply: ReplyContent =
            request.operation === "manual-review"
              ? { type, status: "accepted", signature, code: 0, message: "Review processed" }
              : request.operation === "ticket-build"
                ? { type, code: 0, message: "Ticket built", signature, ticketId: request.content.ticket.ticketId }
                : decision(type, { signature, ticketId, accepted: true, code: 0, message: "Processed" }, ids)
          return yield* answer(reply, ticketId)
        }
      }
    })

    return DataPlaneHandler.of({ handle })
  })

/** The ticket semantics as the simulator's `DataPlaneHandler` with explicit rules; needs `TicketLedger`. */
export const layerWith = (rules: Partial<TicketRules> = {}): Layer.Layer<DataPlaneHandler, never, TicketLedger> =>
  Layer.effect(DataPlaneHandler, make({ ...defaultTicketRules, ...rules }))

/** `layerWith` with `liveDelay` from `SIM_LIVE_DELAY_MS`; what `Simulator.layer` and `pnpm sim` use. */
export const layer: Layer.Layer<DataPlaneHandler, ConfigError.ConfigError, TicketLedger> = Layer.unwrapEffect(
  Effect.map(liveDelayConfig, (liveDelay) => layerWith({ liveDelay }))
)
