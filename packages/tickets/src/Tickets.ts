/**
 * `Tickets`: the Transaction 3.0 ticket client over `@its/transport`'s `DataPlane` (reference §1, §3, §6–§9).
 *
 * Every operation builds its envelope (operator id, correlation id, `Clock` time), validates it (problems →
 * `InvalidTicket`, nothing sent), sends it, decodes the reply tolerantly and checks that it answers the request
 * (`ReplyCheck.ts`). Accepted and rejected replies are data; an `error-reply` is a `ServerError`; a reply that does
 * not answer the request is an `UnexpectedReply`. Transport failures after the message left become `OutcomeUnknown`
 * (the client never re-sends by itself); failures before it left become `NotSent` (safe to retry).
 *
 * Per message: one encode and one decode of the request (compiled fast paths, `FastCodec.ts`), the semantic rules,
 * one reply decode, one span (`Tickets.send <operation>`); no other fiber, span or re-encoding.
 */
import { DataPlane, type ItsEnvironment } from "@its/transport"
import { Clock, Context, type Duration, Effect, Either, Layer, type Scope, Stream } from "effect"
import type { TicketAck } from "./Acknowledgement.ts"
import { makeCorrelationId, OperatorId } from "./Envelope.ts"
import { makeLateReplyStore, requestTicketId } from "./LateReplies.ts"
import { TicketLimits, type TicketLimitsShape } from "./Limits.ts"
import type { Operation } from "./Messages.ts"
import { checkReply, fromTransport, type ReplyContentFor } from "./ReplyCheck.ts"
import type { Ticket, TicketInform } from "./Ticket.ts"
import { placementTimeout, TicketsConfig, type TicketsSettings } from "./TicketsConfig.ts"
import { AckFailed, InvalidTicket, type MissingOperatorId, OutcomeUnknown, type TicketsError } from "./TicketsErrors.ts"
import type { AckTarget, PlaceOptions, SendOptions, TicketsShape } from "./TicketsShape.ts"
import { validateBuilt } from "./Validation.ts"

export * from "./ReplyCheck.ts"
export * from "./TicketsConfig.ts"
export * from "./TicketsErrors.ts"
export * from "./TicketsShape.ts"

/**
 * Envelope, validation and wire JSON of one request; problems → `InvalidTicket`, nothing sent. The JSON is the one
 * the validation decoded, so what is sent is exactly what was checked.
 */
export const prepareRequest = (
  operation: Operation,
  content: unknown,
  operatorId: number,
  limits: TicketLimitsShape
): Effect.Effect<{ readonly correlationId: string; readonly json: unknown }, InvalidTicket> =>
  Effect.flatMap(Effect.zip(makeCorrelationId, Clock.currentTimeMillis), ([correlationId, timestampUtc]) => {
    const envelope = { operatorId, correlationId, timestampUtc, operation, version: "3.0", content }
    return Either.match(validateBuilt(envelope, limits), {
      onLeft: (e) => Either.left(new InvalidTicket({ operation, problems: e.problems })),
      onRight: ({ json }) => Either.right({ correlationId, json })
    })
  })

export const make: Effect.Effect<TicketsShape, never, DataPlane | OperatorId | Scope.Scope> = Effect.gen(function* () {
  const dataPlane = yield* DataPlane
  const operatorId = yield* OperatorId
  // Read once, when the layer is built: `Tickets.layerWith(…)` or `TicketsConfig.layerWith({ … })`.
  const settings: TicketsSettings = yield* TicketsConfig
  const limits = yield* TicketLimits
  const late = yield* makeLateReplyStore(settings.lateReplies)
  // Subscribed before the layer is up, so no late reply published afterwards is missed.
  yield* dataPlane.unmatched.pipe(
    Stream.runForEach((raw) => late.offer(raw)),
    Effect.forkScoped
  )
  yield* Effect.yieldNow()

  const sendWith = <Op extends Operation>(
    operation: Op,
    content: unknown,
    timeout: Duration.DurationInput | undefined
  ): Effect.Effect<ReplyContentFor<Op>, TicketsError> =>
    Effect.flatMap(prepareRequest(operation, content, operatorId, limits), ({ correlationId, json }) => {
      const ticketId = requestTicketId(content)
      return Effect.annotateCurrentSpan({
        "its.correlation_id": correlationId,
        "its.operation": operation,
        ...(ticketId === undefined ? {} : { "its.ticket_id": ticketId })
      }).pipe(
        Effect.zipRight(
          dataPlane.request(json as never, {
            timeout: timeout ?? settings.operationTimeouts[operation] ?? settings.requestTimeout
          })
        ),
        Effect.mapError(fromTransport(operation, correlationId, ticketId)),
        Effect.tapError((error) =>
          error instanceof OutcomeUnknown && error.reason === "reply-timeout"
            ? late.expect({ correlationId, operation, ticketId })
            : Effect.void
        ),
        Effect.flatMap((raw) => checkReply({ correlationId, operation }, raw))
      )
    }).pipe(Effect.withSpan(`Tickets.send ${operation}`))

  const ack = (target: AckTarget, acknowledged = true, options: SendOptions = {}) => {
    const content: TicketAck = {
      type: "ticket-ack",
      ticketId: target.ticketId,
      ticketSignature: target.signature,
      acknowledged
    }
    return sendWith("ticket-placement-ack", content, options.timeout)
  }

  const placeTicket = (ticket: Ticket, options: PlaceOptions = {}) => {
    const timeout = options.timeout ?? placementTimeout(ticket, settings)
    return Effect.flatMap(sendWith("ticket-placement", ticket, timeout), (reply) =>
      reply.status === "accepted" && (options.autoAck ?? settings.autoAck)
        ? // Sent as soon as the reply is in: the whole window is the ack's reply timeout.
          ack(reply, true, { timeout: settings.ackWindow }).pipe(
            Effect.mapError(
              (cause) => new AckFailed({ ticketId: reply.ticketId, signature: reply.signature, reply, cause })
            ),
            Effect.as(reply)
          )
        : Effect.succeed(reply)
    )
  }

  const op =
    <Op extends Operation, C>(operation: Op) =>
    (content: C, options: SendOptions = {}) =>
      sendWith(operation, content, options.timeout)

  // Pre-validated tickets skip MTS validation; the live rule is kept as the conservative bound.
  const informTicket = (inform: TicketInform, options: SendOptions = {}) =>
    sendWith("ticket-placement-inform", inform, options.timeout ?? placementTimeout(inform.ticket, settings))

  return {
    send: (operation, content, options = {}) => sendWith(operation, content, options.timeout),
    placeTicket,
    informTicket,
    ack,
    cancel: op("ticket-cancel"),
    cashoutInform: op("cashout-inform"),
    cashoutBuild: op("cashout-build"),
    cashoutPlacement: op("cashout-placement"),
    extSettlement: op("ticket-ext-settlement"),
    maxStake: op("max-stake"),
    depositInform: op("balance-deposit-inform"),
    withdrawalInform: op("balance-withdrawal-inform"),
    accountStatusInform: op("account-status-inform"),
    accountLimitInform: op("account-limit-inform"),
    accountLimitReachedInform: op("account-limit-reached-inform"),
    accountInterventionInform: op("account-intervention-inform"),
    casinoSessionsInform: op("casino-sessions-inform"),
    balanceChangeInform: op("balance-change-inform"),
    lateReply: late.byTicketId,
    lateReplyTo: late.byCorrelationId,
    lateReplies: late.stream
  } satisfies TicketsShape
})

export class Tickets extends Context.Tag("@its/tickets/Tickets")<Tickets, TicketsShape>() {
  /** The service with its `OperatorId` (and `TicketsConfig`, `TicketLimits`) from the context. */
  private static readonly fromContext: Layer.Layer<Tickets, never, DataPlane | OperatorId> = Layer.scoped(Tickets, make)

  /** The client from the environment: the operator id is `ITS_OPERATOR_ID` (`ItsEnvironment`). */
  static readonly layer: Layer.Layer<Tickets, MissingOperatorId, DataPlane | ItsEnvironment> = Tickets.fromContext.pipe(
    Layer.provide(OperatorId.layer)
  )

  /** Explicit values: the operator id and any settings (the others default). */
  static layerWith(
    options: { readonly operatorId: number } & Partial<TicketsSettings>
  ): Layer.Layer<Tickets, never, DataPlane> {
    const { operatorId, ...settings } = options
    return Tickets.fromContext.pipe(
      Layer.provide(Layer.merge(OperatorId.layerWith(operatorId), TicketsConfig.layerWith(settings)))
    )
  }
}
