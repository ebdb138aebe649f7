/**
 * `its ticket …` and `its ltd`: Transaction 3.0 messages sent over the data plane or through the gateway, local
 * validation, starting points, and the LTD suggestion for a live ticket (ITS REST). The commands:
 * `commands/ticket.ts`; what informs share with tickets: `Messages.ts`.
 */
import { BookmakerId, type LtdTicketRequest, Models } from "@its/models"
import { encodeRequest, example, Ticket, validate } from "@its/tickets"
import { Effect, Schema } from "effect"
import { type ExampleShape, type TicketSend, ticketOperations } from "../commands/ticket.ts"
import { ExitCode, InputError } from "../Failure.ts"
import { directOrGateway, type GatewayClient } from "../Gateway.ts"
import { readJson } from "../Input.ts"
import { ModelsLayer } from "../Layers.ts"
import { emit, fields, stderr, stdout, toJsonText } from "../Output.ts"
import { cell, plain } from "../Parse.ts"
import { exitWith } from "../Run.ts"
import { bookmaker } from "../Scope.ts"
import { informExampleJson, isInformExampleKind } from "./InformExampleJson.ts"
import { isRecord, outboxReply, sendDirect, toEnvelope, validateFile, validateForGateway } from "./Messages.ts"
import { renderOutcome } from "./TicketOutcome.ts"

/** Subcommand → the gateway's endpoint (`/v1/tickets/…`). */
const gatewayEndpoints = {
  place: "placement",
  inform: "inform",
  ack: "ack",
  cancel: "cancel",
  "cashout-build": "cashoutBuild",
  "cashout-placement": "cashoutPlacement",
  "cashout-inform": "cashoutInform",
  settle: "settlement",
  "max-stake": "maxStake"
} as const satisfies Record<TicketSend, string>

type TicketEndpoint = (request: {
  readonly payload: unknown
  readonly urlParams?: { readonly wait: "true" }
}) => Effect.Effect<unknown, unknown>

/** Through the gateway; an inform waits for the outbox delivery (`?wait=true`) and prints the reply once delivered. */
const sendViaGateway = (client: GatewayClient, name: TicketSend, input: unknown) =>
  Effect.gen(function* () {
    const request = yield* validateForGateway(ticketOperations[name], input)
    const endpoint = client.tickets[gatewayEndpoints[name]] as unknown as TicketEndpoint
    if (name !== "inform") return plain(yield* endpoint({ payload: request.content })) as Record<string, unknown>
    return yield* outboxReply(
      plain(yield* endpoint({ payload: request.content, urlParams: { wait: "true" } })) as Record<string, unknown>
    )
  })

/** `its ticket place|inform|…`: the reply printed; exit 1 when rejected. */
export const send =
  (name: TicketSend) =>
  ({ file }: { readonly file: string }) =>
    Effect.gen(function* () {
      const operation = ticketOperations[name]
      const input = yield* readJson(file)
      const json = yield* directOrGateway(sendDirect(operation, input), (client) => sendViaGateway(client, name, input))
      yield* emit(json, () => renderOutcome(json))
      if (json.status === "rejected") {
        yield* stderr(`its: ${operation} rejected (code ${cell(json.code)}: ${cell(json.message)})`)
        return yield* exitWith(ExitCode.negative)
      }
    })

/** `its ticket validate`: any message, request or reply; a bare content is taken as a ticket. */
export const validateTicket = ({ file }: { readonly file: string }) =>
  validateFile(file, (input) => Effect.succeed(input))

/** `its ticket example SHAPE`: a ticket content, or an account / balance / casino inform content. */
export const printExample = ({ shape }: { readonly shape: ExampleShape }) =>
  Effect.gen(function* () {
    const json = isInformExampleKind(shape)
      ? yield* informExampleJson(shape)
      : yield* Schema.encode(Ticket)(example(shape))
    yield* stdout(toJsonText(json))
  })

const ltdViaGateway = (client: GatewayClient, bm: BookmakerId, request: { operation: string; content: unknown }) =>
  Effect.gen(function* () {
    if (request.operation !== "ticket-placement")
      return yield* new InputError({ message: "through the gateway, LTD takes a ticket-placement (or a bare ticket)" })
    return yield* client.tickets.ltd({ payload: { bookmaker: bm, ticket: request.content as Ticket } })
  })

/** `its ltd`: the Live Time Delay suggestion for a live ticket. */
export const ltd = (args: { readonly file: string; readonly bookmaker: number }) =>
  Effect.gen(function* () {
    const input = yield* readJson(args.file)
    const bm = yield* bookmaker(args.bookmaker)
    const envelope = yield* toEnvelope(
      input,
      isRecord(input) && "operation" in input ? undefined : "ticket-placement",
      BookmakerId.make(bm)
    )
    const request = yield* validate(envelope)
    if (request.operation !== "ticket-placement" && request.operation !== "ticket-placement-inform")
      return yield* new InputError({
        message: `LTD takes a ticket-placement or ticket-placement-inform, not ${request.operation}`
      })
    const direct = Effect.gen(function* () {
      const json = yield* encodeRequest(request)
      return yield* (yield* Models).ltd.suggest(bm, json as unknown as LtdTicketRequest)
    }).pipe(Effect.provide(ModelsLayer))
    const answer: unknown = yield* directOrGateway(direct, (client) => ltdViaGateway(client, bm, request))
    const suggestion = plain(answer) as Record<string, unknown>
    yield* emit(suggestion, () => fields(Object.entries(suggestion).map(([k, v]) => [k, cell(v)] as const)))
  })
