/**
 * `/v1/tickets`: the Transaction 3.0 operations. Every body is either the bare content (the gateway fills the
 * envelope: operatorId, correlationId, timestamp) or a full request envelope. Payload and reply Schemas are
 * `@its/tickets`' own; consumer bodies are decoded strictly (unknown fields are rejected).
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { BookmakerId, LtdResponse } from "@its/models"
import {
  Cancel,
  CancelReply,
  CashoutBuild,
  CashoutBuildReply,
  CashoutInform,
  CashoutInformReply,
  CashoutPlacement,
  CashoutPlacementReply,
  CashoutInformRequest,
  CashoutBuildRequest,
  CashoutPlacementRequest,
  ExtSettlement,
  ExtSettlementReply,
  MaxStake,
  MaxStakeReply,
  MaxStakeRequest,
  Ticket,
  TicketAck,
  TicketAckReply,
  TicketCancelRequest,
  TicketExtSettlementRequest,
  TicketInform,
  TicketPlacementAckRequest,
  TicketPlacementInformRequest,
  TicketPlacementRequest,
  TicketReply
} from "@its/tickets"
import { Schema } from "effect"
import { InformAccepted, OutboxEntry } from "../outbox/OutboxEntry.ts"
import { strict } from "../server/Strict.ts"
import {
  BadGateway,
  BadRequest,
  Conflict,
  Forbidden,
  GatewayTimeout,
  NotFound,
  PayloadTooLarge,
  ServiceUnavailable,
  TooManyRequests,
  Unprocessable
} from "../problems/Problem.ts"
import { Authentication } from "../keys/Security.ts"
import { operationDoc, ticketBadGateway } from "../docs/OperationDoc.ts"

/** Content alone or the full envelope of one operation. */
const contentOrEnvelope = <C, CI, E, EI>(name: string, content: Schema.Schema<C, CI>, envelope: Schema.Schema<E, EI>) =>
  strict(Schema.Union(content, envelope)).annotations({
    identifier: `${name}Body`,
    description: `The ${name} content (the gateway fills the envelope) or a full Transaction 3.0 request envelope`
  })

export const PlacementBody = contentOrEnvelope("Ticket", Ticket, TicketPlacementRequest)
export const InformBody = contentOrEnvelope("TicketInform", TicketInform, TicketPlacementInformRequest)
export const AckBody = contentOrEnvelope("TicketAck", TicketAck, TicketPlacementAckRequest)
export const CancelBody = contentOrEnvelope("Cancel", Cancel, TicketCancelRequest)
export const CashoutInformBody = contentOrEnvelope("CashoutInform", CashoutInform, CashoutInformRequest)
export const CashoutBuildBody = contentOrEnvelope("CashoutBuild", CashoutBuild, CashoutBuildRequest)
export const CashoutPlacementBody = contentOrEnvelope("CashoutPlacement", CashoutPlacement, CashoutPlacementRequest)
export const SettlementBody = contentOrEnvelope("ExtSettlement", ExtSettlement, TicketExtSettlementRequest)
export const MaxStakeBody = contentOrEnvelope("MaxStake", MaxStake, MaxStakeRequest)
export const LtdBody = strict(
  Schema.Struct({
    bookmaker: BookmakerId,
    ticket: Schema.Union(Ticket, TicketPlacementRequest)
  })
).annotations({ identifier: "LtdBody" })

export const InformParams = Schema.Struct({
  /** Wait (bounded by `OUTBOX_WAIT_MAX_MS`) for the delivery and answer with its reply. */
  wait: Schema.optional(Schema.Literal("true", "false"))
})

const post = <const Name extends string, const Path extends `/${string}`>(name: Name, path: Path) =>
  HttpApiEndpoint.post(name, path)
    .addError(BadRequest)
    .addError(Unprocessable)
    .addError(PayloadTooLarge)
    .addError(BadGateway)
    .addError(ServiceUnavailable)
    .addError(GatewayTimeout)

/** The documentation facts shared by the data-plane ticket operations. */
const ticketDoc = (summary: string, description: string, idempotent: string) =>
  operationDoc({
    summary,
    description: `${description} The body is the bare content (the gateway fills the envelope) or a full request envelope; unknown fields are rejected.`,
    scope: "tickets:write",
    idempotent,
    timeouts:
      "one data-plane request, never re-sent by the gateway; reply timeout 3 s pre-match, 16 s with a live selection, 20 s for the other operations (`TicketsConfig`).",
    errors: { 502: ticketBadGateway }
  })

const sameIdSafe = (id: string) =>
  `no: never resent by the gateway. Sending the same \`${id}\` again is answered by ITS as a duplicate, not processed twice.`

export class TicketsApi extends HttpApiGroup.make("tickets")
  .add(
    post("placement", "/placement")
      .setPayload(PlacementBody)
      .addSuccess(TicketReply)
      .annotateContext(
        ticketDoc(
          "Place a ticket",
          "Sends a Transaction 3.0 `ticket-placement` and answers with ITS's `ticket-reply` (`accepted` or `rejected` with a code). The ticket is validated first: a `422` lists every problem and nothing is sent.",
          sameIdSafe("ticketId")
        )
      )
  )
  .add(
    post("inform", "/inform")
      .setPayload(InformBody)
      .setUrlParams(InformParams)
      .addSuccess(InformAccepted)
      // The ticketId was informed by another consumer, or with another payload (issue 14).
      .addError(Conflict)
      .annotateContext(
        operationDoc({
          summary: "Send a ticket inform (durable)",
          description:
            "Stores a `ticket-inform` (a ticket the operator already accepted or rejected) in the durable outbox and answers `202` with the entry once it is stored; a worker delivers it to ITS with retries and records the reply. Follow it with `GET /v1/tickets/inform/{id}`, or pass `?wait=true` to wait for the delivery.",
          scope: "tickets:write",
          idempotent:
            "yes, by `ticketId`: sending the same inform again returns the existing entry (no second delivery).",
          timeouts:
            "answers once stored; with `wait=true` waits for the delivery at most `OUTBOX_WAIT_MAX_MS` (default 10 s), then answers `202` with the entry still pending.",
          errors: {
            503: "The inform was not stored (outbox store unavailable): send it again later; it is idempotent by `ticketId`."
          }
        })
      )
  )
  .add(
    HttpApiEndpoint.get("informStatus", "/inform/:id")
      .setPath(Schema.Struct({ id: Schema.String }))
      .addSuccess(OutboxEntry)
      .addError(NotFound)
      .addError(BadGateway)
      .addError(ServiceUnavailable)
      .annotateContext(
        operationDoc({
          summary: "Follow an inform to delivery",
          description:
            "The outbox entry of an inform: its `status` (`pending`, `delivering`, `delivered`, `dead`), attempts, last error and, once delivered, ITS's reply. This is how a caller finds out what happened to an inform.",
          scope: "tickets:read",
          idempotent: "yes (a read).",
          timeouts: "reads the outbox store only; no call to ITS.",
          errors: { 404: "No inform with this id in the outbox." }
        })
      )
  )
  .add(
    post("ack", "/ack")
      .setPayload(AckBody)
      .addSuccess(TicketAckReply)
      .annotateContext(
        ticketDoc(
          "Acknowledge a ticket reply",
          "Sends a `ticket-ack` for a placed ticket (with the reply's `ticketSignature`): tells ITS whether the operator acted on the reply.",
          "yes: acknowledging the same ticket twice is harmless."
        )
      )
  )
  .add(
    post("cancel", "/cancel")
      .setPayload(CancelBody)
      .addSuccess(CancelReply)
      .annotateContext(
        ticketDoc(
          "Cancel a ticket",
          "Sends a `cancel` for a placed ticket (or some of its bets) with a cancellation code; the answer is ITS's `cancel-reply`. Also the way out of a placement whose outcome is unknown.",
          sameIdSafe("cancellationId")
        )
      )
  )
  .add(
    post("cashoutInform", "/cashout/inform")
      .setPayload(CashoutInformBody)
      .addSuccess(CashoutInformReply)
      .annotateContext(
        ticketDoc(
          "Inform a cash-out",
          "Sends a `cashout-inform`: a cash-out the operator already decided, with its validation result.",
          sameIdSafe("cashoutId")
        )
      )
  )
  .add(
    post("cashoutBuild", "/cashout/build")
      .setPayload(CashoutBuildBody)
      .addSuccess(CashoutBuildReply)
      .annotateContext(
        ticketDoc(
          "Build a cash-out offer",
          "Sends a `cashout-build`: asks ITS for a cash-out offer on a placed ticket.",
          "yes: it only asks for an offer."
        )
      )
  )
  .add(
    post("cashoutPlacement", "/cashout/placement")
      .setPayload(CashoutPlacementBody)
      .addSuccess(CashoutPlacementReply)
      .annotateContext(
        ticketDoc(
          "Place a cash-out",
          "Sends a `cashout-placement` and answers with ITS's verdict (`accepted` or `rejected`).",
          sameIdSafe("cashoutId")
        )
      )
  )
  .add(
    post("settlement", "/settlement")
      .setPayload(SettlementBody)
      .addSuccess(ExtSettlementReply)
      .annotateContext(
        ticketDoc(
          "Settle a ticket externally",
          "Sends an `ext-settlement` with the payout of a ticket on external selections.",
          sameIdSafe("settlementId")
        )
      )
  )
  .add(
    post("maxStake", "/max-stake")
      .setPayload(MaxStakeBody)
      .addSuccess(MaxStakeReply)
      .annotateContext(
        ticketDoc(
          "Ask for the maximum stake",
          "Sends a `max-stake` request for a ticket and answers with the largest stake ITS would accept.",
          "yes: a question, nothing is placed."
        )
      )
  )
  .add(
    post("ltd", "/ltd")
      .setPayload(LtdBody)
      .addSuccess(LtdResponse)
      .annotateContext(
        operationDoc({
          summary: "Live time delay suggestion",
          description:
            "Asks the LTD model whether to delay a live ticket (`Delay`, `Skip` or `N/A`) before placing it; the ticket is sent as content or envelope, nothing is placed.",
          scope: "tickets:write",
          idempotent: "yes: a question, nothing is placed.",
          timeouts: "one REST call, per attempt `ITS_HTTP_TIMEOUT`, retried on transient failures (`ITS_HTTP_RETRIES`)."
        })
      )
  )
  .addError(Forbidden)
  .addError(TooManyRequests)
  .middleware(Authentication)
  .prefix("/v1/tickets")
  .annotateContext(
    OpenApi.annotations({
      description:
        "Transaction 3.0 ticket operations over ITS's data plane: placement, informs (durable outbox), acks, cancels, cash-outs, settlements, max stake, live time delay."
    })
  ) {}
