/**
 * `/v1/tickets`: the Transaction 3.0 operations. Every body is either the bare content (the gateway fills the
 * envelope: operatorId, correlationId, timestamp) or a full request envelope. Payload and reply Schemas are
 * `@its/tickets`' own; consumer bodies are decoded strictly (unknown fields are rejected).
 */
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema } from "@effect/platform"
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
import { OutboxEntry } from "../outbox/OutboxEntry.ts"
import {
  BadGateway,
  BadRequest,
  Forbidden,
  GatewayTimeout,
  NotFound,
  PayloadTooLarge,
  ServiceUnavailable,
  TooManyRequests,
  Unprocessable
} from "./Problem.ts"
import { Authentication } from "./Security.ts"

/** Consumer input is strict: an unknown field is an error naming its path, not silently dropped. */
export const strict = <A, I, R>(schema: Schema.Schema<A, I, R>) =>
  schema.annotations({ parseOptions: { onExcessProperty: "error", errors: "all" } })

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

/** The answer to `POST /v1/tickets/inform`: the outbox entry, `202` once it is durable. */
export const InformAccepted = OutboxEntry.annotations(HttpApiSchema.annotations({ status: 202 }))
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

export class TicketsApi extends HttpApiGroup.make("tickets")
  .add(post("placement", "/placement").setPayload(PlacementBody).addSuccess(TicketReply))
  .add(post("inform", "/inform").setPayload(InformBody).setUrlParams(InformParams).addSuccess(InformAccepted))
  .add(
    HttpApiEndpoint.get("informStatus", "/inform/:id")
      .setPath(Schema.Struct({ id: Schema.String }))
      .addSuccess(OutboxEntry)
      .addError(NotFound)
      .addError(BadGateway)
      .addError(ServiceUnavailable)
  )
  .add(post("ack", "/ack").setPayload(AckBody).addSuccess(TicketAckReply))
  .add(post("cancel", "/cancel").setPayload(CancelBody).addSuccess(CancelReply))
  .add(post("cashoutInform", "/cashout/inform").setPayload(CashoutInformBody).addSuccess(CashoutInformReply))
  .add(post("cashoutBuild", "/cashout/build").setPayload(CashoutBuildBody).addSuccess(CashoutBuildReply))
  .add(
    post("cashoutPlacement", "/cashout/placement").setPayload(CashoutPlacementBody).addSuccess(CashoutPlacementReply)
  )
  .add(post("settlement", "/settlement").setPayload(SettlementBody).addSuccess(ExtSettlementReply))
  .add(post("maxStake", "/max-stake").setPayload(MaxStakeBody).addSuccess(MaxStakeReply))
  .add(post("ltd", "/ltd").setPayload(LtdBody).addSuccess(LtdResponse))
  .addError(Forbidden)
  .addError(TooManyRequests)
  .middleware(Authentication)
  .prefix("/v1/tickets") {}
