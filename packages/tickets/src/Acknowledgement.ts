/**
 * Acknowledgements — client → MTS after the client's final decision, within 10 s (reference §6.3).
 * `acknowledged: false` means the client did not follow MTS's decision.
 */
import { Schema } from "effect"

export const TicketAck = Schema.Struct({
  type: Schema.Literal("ticket-ack"),
  ticketId: Schema.String,
  ticketSignature: Schema.String,
  acknowledged: Schema.Boolean
})
export interface TicketAck extends Schema.Schema.Type<typeof TicketAck> {}

export const CancelAck = Schema.Struct({
  type: Schema.Literal("cancel-ack"),
  cancellationId: Schema.String,
  ticketId: Schema.String,
  cancellationSignature: Schema.String,
  acknowledged: Schema.Boolean
})
export interface CancelAck extends Schema.Schema.Type<typeof CancelAck> {}

// The cash-out acks carry `cashoutSignature` and the settlement ack `settlementSignature` (A6).
const cashoutAck = <T extends string>(type: T) =>
  Schema.Struct({
    type: Schema.Literal(type),
    cashoutId: Schema.String,
    ticketId: Schema.String,
    cashoutSignature: Schema.String,
    acknowledged: Schema.Boolean
  })

export const CashoutAck = cashoutAck("cashout-ack")
export interface CashoutAck extends Schema.Schema.Type<typeof CashoutAck> {}
export const CashoutInformAck = cashoutAck("cashout-inform-ack")
export interface CashoutInformAck extends Schema.Schema.Type<typeof CashoutInformAck> {}
export const CashoutPlacementAck = cashoutAck("cashout-placement-ack")
export interface CashoutPlacementAck extends Schema.Schema.Type<typeof CashoutPlacementAck> {}

export const ExtSettlementAck = Schema.Struct({
  type: Schema.Literal("ext-settlement-ack"),
  settlementId: Schema.String,
  ticketId: Schema.String,
  settlementSignature: Schema.String,
  acknowledged: Schema.Boolean
})
export interface ExtSettlementAck extends Schema.Schema.Type<typeof ExtSettlementAck> {}
