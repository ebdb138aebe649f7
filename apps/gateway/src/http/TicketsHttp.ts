/**
 * Handlers of `/v1/tickets`. A body is either content (sent as is, the `Tickets` client adds the envelope) or a
 * full envelope, whose `operatorId` must be the gateway's; the client re-stamps `correlationId` and `timestampUtc`
 * so replies are always correlated by the gateway itself. `inform` goes through the durable outbox.
 */
import { HttpApiBuilder } from "@effect/platform"
import { Models } from "@its/models"
import { ltdSuggestion, makeRequest, OperatorId, type Ticket, type TicketAck, Tickets, validate } from "@its/tickets"
import { Effect, Option } from "effect"
import { GatewayApi } from "../Api.ts"
import { type BadGateway, type ProblemItem, problem } from "../api/Problem.ts"
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
export const contentOf = <C>(body: C | Envelope<C>) =>
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

/**
 * The tickets package validates the envelope it builds, so its JSON paths start at the envelope (`$.content.bets…`).
 * For a body that was the bare content those paths are moved to where the consumer put the content (`$.bets…`).
 */
const rebasePath = (path: string, from: string, to: string): string =>
  path === from
    ? to
    : path.startsWith(`${from}.`) || path.startsWith(`${from}[`)
      ? `${to}${path.slice(from.length)}`
      : path

const rebaseProblem =
  (from: string, to: string) =>
  <P>(failure: P): P => {
    const errors = (failure as { readonly errors?: ReadonlyArray<ProblemItem> }).errors
    if (errors === undefined || from === to) return failure
    const p = failure as unknown as BadGateway
    return problem(p.status, p.title, {
      type: p.type,
      ...(p.detail === undefined ? {} : { detail: p.detail }),
      ...(p.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: p.retryAfterSeconds }),
      ...(p.ticketOutcome === undefined ? {} : { ticketOutcome: p.ticketOutcome }),
      errors: errors.map((e) => ({ ...e, path: rebasePath(e.path, from, to) }))
    }) as unknown as P
  }

/** Where the operation's content is in the consumer's body, `at` being where the body (content or envelope) is. */
export const locatedAt = (body: unknown, at = "$") =>
  rebaseProblem("$.content", isEnvelope(body as object) ? `${at}.content` : at)

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
            const consumer = yield* write
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
            const consumer = yield* requireScope("tickets:read")
            const entry = yield* orProblem(outbox.get(path.id))
            // Only the consumer's own informs (an admin sees all); another's is "not found", not "forbidden".
            if (Option.isNone(entry) || (entry.value.consumer !== consumer.name && !consumer.scopes.has("admin")))
              return yield* Effect.fail(problem(404, "Inform not found", { detail: `no inform with id ${path.id}` }))
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
            yield* write
            const ticket = yield* contentOf(payload.ticket)
            // Built, validated and encoded as a ticket-placement message by the tickets package (one definition).
            return yield* orProblem(ltdSuggestion(ticket, { bookmaker: payload.bookmaker }))
          }).pipe(
            Effect.mapError(locatedAt(payload.ticket, "$.ticket")),
            Effect.provideService(OperatorId, operatorId),
            Effect.provideService(Models, models)
          )
        )
    )
  })
)
