/**
 * Handlers of `/v1/tickets`. A body is either content (sent as is, the `Tickets` client adds the envelope) or a
 * full envelope, whose `operatorId` must be the gateway's; the client re-stamps `correlationId` and `timestampUtc`
 * so replies are always correlated by the gateway itself. `inform` goes through the durable outbox.
 */
import { HttpApiBuilder } from "@effect/platform"
import { Models } from "@its/models"
import { ltdSuggestion, OperatorId, type Ticket, type TicketAck, Tickets } from "@its/tickets"
import { Effect, Option } from "effect"
import { GatewayApi } from "../Api.ts"
import { type BadGateway, problem } from "../api/Problem.ts"
import { requireScope } from "../api/Security.ts"
import { Outbox } from "../outbox/Outbox.ts"
import { toProblem } from "./Errors.ts"

/** Any failure becomes its problem; the API middleware writes it with its own status (see `Http.ts`). */
export const orProblem = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, BadGateway, R> =>
  Effect.mapError(effect, (error) => toProblem(error) as BadGateway)

interface Envelope<C> {
  readonly operatorId?: number | undefined
  readonly operation: string
  readonly content: C
}

const isEnvelope = <C>(body: C | Envelope<C>): body is Envelope<C> =>
  typeof body === "object" && body !== null && "operation" in body && "content" in body

/** The content of a body; an envelope for another operator is refused (422). */
const contentOf = <C>(body: C | Envelope<C>) =>
  Effect.gen(function* () {
    if (!isEnvelope(body)) return body
    const operatorId = yield* OperatorId
    if (body.operatorId !== undefined && body.operatorId !== operatorId)
      return yield* Effect.fail(
        problem(422, "Invalid ticket", {
          detail: "the envelope's operatorId is not the gateway's",
          errors: [{ path: "$.operatorId", code: -107, message: `expected ${operatorId}` }]
        }) as unknown as BadGateway
      )
    return body.content
  })

export const TicketsHttp = HttpApiBuilder.group(GatewayApi, "tickets", (handlers) =>
  Effect.gen(function* () {
    const tickets = yield* Tickets
    const outbox = yield* Outbox
    const models = yield* Models
    const operatorId = yield* OperatorId
    const write = requireScope("tickets:write")
    /** Scope check, content from the body, the operation, its reply as the answer. */
    const forward =
      <C, A, E>(send: (content: C) => Effect.Effect<A, E>) =>
      ({ payload }: { readonly payload: C | Envelope<C> }) =>
        write.pipe(
          Effect.zipRight(contentOf(payload)),
          Effect.flatMap((content) => orProblem(send(content))),
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
            const consumer = yield* write
            const inform = yield* contentOf(payload)
            const entry = yield* orProblem(outbox.enqueue(inform, { consumer: consumer.name }))
            if (urlParams.wait !== "true") return entry
            return yield* orProblem(outbox.awaitSettled(entry.id))
          }).pipe(Effect.provideService(OperatorId, operatorId))
        )
        .handle("informStatus", ({ path }) =>
          requireScope("tickets:read").pipe(
            Effect.zipRight(orProblem(outbox.get(path.id))),
            Effect.flatMap(
              Option.match({
                onNone: () => Effect.fail(problem(404, "Inform not found", { detail: `no inform with id ${path.id}` })),
                onSome: Effect.succeed
              })
            )
          )
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
            yield* write
            const ticket = yield* contentOf(payload.ticket)
            // Built, validated and encoded as a ticket-placement message by the tickets package (one definition).
            return yield* orProblem(ltdSuggestion(ticket, { bookmaker: payload.bookmaker }))
          }).pipe(Effect.provideService(OperatorId, operatorId), Effect.provideService(Models, models))
        )
    )
  })
)
