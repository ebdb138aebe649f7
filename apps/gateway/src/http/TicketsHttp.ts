/**
 * Handlers of `/v1/tickets`. A body is either content (sent as is, the `Tickets` client adds the envelope) or a
 * full envelope, whose `operatorId` must be the gateway's; the client re-stamps `correlationId` and `timestampUtc`
 * so replies are always correlated by the gateway itself. `inform` goes through the durable outbox.
 */
import { HttpApiBuilder } from "@effect/platform"
import { Models } from "@its/models"
import { ltdSuggestion, OperatorId, Tickets } from "@its/tickets"
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

    return handlers
      .handle("placement", ({ payload }) =>
        write.pipe(
          Effect.zipRight(contentOf(payload)),
          Effect.flatMap((ticket) => orProblem(tickets.placeTicket(ticket, { autoAck: false }))),
          Effect.provideService(OperatorId, operatorId)
        )
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
      .handle("ack", ({ payload }) =>
        write.pipe(
          Effect.zipRight(contentOf(payload)),
          Effect.flatMap((ack) =>
            orProblem(tickets.ack({ ticketId: ack.ticketId, signature: ack.ticketSignature }, ack.acknowledged))
          ),
          Effect.provideService(OperatorId, operatorId)
        )
      )
      .handle("cancel", ({ payload }) =>
        write.pipe(
          Effect.zipRight(contentOf(payload)),
          Effect.flatMap((c) => orProblem(tickets.cancel(c))),
          Effect.provideService(OperatorId, operatorId)
        )
      )
      .handle("cashoutInform", ({ payload }) =>
        write.pipe(
          Effect.zipRight(contentOf(payload)),
          Effect.flatMap((c) => orProblem(tickets.cashoutInform(c))),
          Effect.provideService(OperatorId, operatorId)
        )
      )
      .handle("cashoutBuild", ({ payload }) =>
        write.pipe(
          Effect.zipRight(contentOf(payload)),
          Effect.flatMap((c) => orProblem(tickets.cashoutBuild(c))),
          Effect.provideService(OperatorId, operatorId)
        )
      )
      .handle("cashoutPlacement", ({ payload }) =>
        write.pipe(
          Effect.zipRight(contentOf(payload)),
          Effect.flatMap((c) => orProblem(tickets.cashoutPlacement(c))),
          Effect.provideService(OperatorId, operatorId)
        )
      )
      .handle("settlement", ({ payload }) =>
        write.pipe(
          Effect.zipRight(contentOf(payload)),
          Effect.flatMap((c) => orProblem(tickets.extSettlement(c))),
          Effect.provideService(OperatorId, operatorId)
        )
      )
      .handle("maxStake", ({ payload }) =>
        write.pipe(
          Effect.zipRight(contentOf(payload)),
          Effect.flatMap((c) => orProblem(tickets.maxStake(c))),
          Effect.provideService(OperatorId, operatorId)
        )
      )
      .handle("ltd", ({ payload }) =>
        Effect.gen(function* () {
          yield* write
          const ticket = yield* contentOf(payload.ticket)
          // Built, validated and encoded as a ticket-placement message by the tickets package (one definition).
          return yield* orProblem(ltdSuggestion(ticket, { bookmaker: payload.bookmaker }))
        }).pipe(Effect.provideService(OperatorId, operatorId), Effect.provideService(Models, models))
      )
  })
)
