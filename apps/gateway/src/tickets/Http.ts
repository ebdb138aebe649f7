/**
 * Handlers of `/v1/tickets` (`tickets/Api.ts`). A body is content or a full envelope (`Envelope.ts`); the client
 * re-stamps `correlationId` and `timestampUtc` so replies are always correlated by the gateway itself. `inform`
 * goes through the durable outbox. Scopes are checked by `Authentication` before these run.
 */
import { HttpApiBuilder } from "@effect/platform"
import { ltdSuggestion, Models } from "@its/models"
import { ltdRequest, makeRequest, OperatorId, type Ticket, type TicketAck, Tickets, validate } from "@its/tickets"
import { Effect, Option } from "effect"
import { GatewayApi } from "../Api.ts"
import { Consumer } from "../keys/Security.ts"
import { Outbox } from "../outbox/Outbox.ts"
import { type DomainError, orProblem } from "../problems/DomainErrors.ts"
import { problem } from "../problems/Problem.ts"
import { contentOf, locatedAt } from "./Envelope.ts"

export const TicketsHttp = HttpApiBuilder.group(GatewayApi, "tickets", (handlers) =>
  Effect.gen(function* () {
    const tickets = yield* Tickets
    const outbox = yield* Outbox
    const models = yield* Models
    const operatorId = yield* OperatorId
    /** Content from the body, the operation, its reply as the answer. */
    const forward =
      <C, A, E extends DomainError>(send: (content: C) => Effect.Effect<A, E>) =>
      ({ payload }: { readonly payload: C | { readonly operation: string; readonly content: C } }) =>
        contentOf(payload).pipe(
          Effect.flatMap((content) => orProblem(send(content))),
          Effect.mapError(locatedAt(payload)),
          Effect.provideService(OperatorId, operatorId)
        )

    return (
      handlers
        // The consumer acks through /v1/tickets/ack: it alone knows whether it followed the reply.
        .handle(
          "placement",
          forward((ticket: Ticket) => tickets.placeTicket(ticket, { autoAck: false }))
        )
        .handle("inform", ({ payload, urlParams }) =>
          Effect.gen(function* () {
            const consumer = yield* Consumer
            const inform = yield* contentOf(payload)
            // Validated as the message the worker will send (what placement does before sending): an invalid inform
            // is a 422 now, not a 202 that the worker can only dead-letter.
            yield* orProblem(Effect.flatMap(makeRequest("ticket-placement-inform", inform), validate))
            const entry = yield* orProblem(outbox.enqueue(inform, { consumer: consumer.name }))
            if (urlParams.wait !== "true") return entry
            return yield* orProblem(outbox.awaitSettled(entry.id))
          }).pipe(Effect.mapError(locatedAt(payload)), Effect.provideService(OperatorId, operatorId))
        )
        .handle("informStatus", ({ path }) =>
          Effect.gen(function* () {
            const consumer = yield* Consumer
            const entry = yield* orProblem(outbox.get(path.id))
            // Only the consumer's own informs (an admin sees all); another's is "not found", not "forbidden".
            if (Option.isNone(entry) || (entry.value.consumer !== consumer.name && !consumer.scopes.has("admin")))
              return yield* problem(404, "Inform not found", { detail: `no inform with id ${path.id}` })
            return entry.value
          })
        )
        .handle(
          "ack",
          forward((ack: TicketAck) =>
            tickets.ack({ ticketId: ack.ticketId, signature: ack.ticketSignature }, ack.acknowledged)
          )
        )
        .handle(
          "cancel",
          forward((content: Parameters<typeof tickets.cancel>[0]) => tickets.cancel(content))
        )
        .handle(
          "cashoutInform",
          forward((content: Parameters<typeof tickets.cashoutInform>[0]) => tickets.cashoutInform(content))
        )
        .handle(
          "cashoutBuild",
          forward((content: Parameters<typeof tickets.cashoutBuild>[0]) => tickets.cashoutBuild(content))
        )
        .handle(
          "cashoutPlacement",
          forward((content: Parameters<typeof tickets.cashoutPlacement>[0]) => tickets.cashoutPlacement(content))
        )
        .handle(
          "settlement",
          forward((content: Parameters<typeof tickets.extSettlement>[0]) => tickets.extSettlement(content))
        )
        .handle(
          "maxStake",
          forward((content: Parameters<typeof tickets.maxStake>[0]) => tickets.maxStake(content))
        )
        .handle("ltd", ({ payload }) =>
          Effect.gen(function* () {
            const ticket = yield* contentOf(payload.ticket)
            // Built, validated and encoded as a ticket-placement message by the tickets package (one definition),
            // then sent by the models package's LTD client.
            return yield* orProblem(
              Effect.flatMap(ltdRequest(ticket), (request) => ltdSuggestion(request, { bookmaker: payload.bookmaker }))
            )
          }).pipe(
            Effect.mapError(locatedAt(payload.ticket, "$.ticket")),
            Effect.provideService(OperatorId, operatorId),
            Effect.provideService(Models, models)
          )
        )
    )
  })
)
