/**
 * `its ticket …`: Transaction 3.0 messages over the data plane (`place`, `inform`, `ack`, `cancel`, cash-out,
 * `settle`, `max-stake`), local validation (`validate`), starting points (`example`), and `its ltd` (the LTD
 * suggestion for a live ticket, ITS REST). Input is a message's content or a full envelope, from a file or stdin
 * (`--file -`). Exit 1 when the reply is a rejection.
 */
import { Args, Command, Options } from "@effect/cli"
import { TokenProvider } from "@its/auth"
import { BookmakerId, type LtdTicketRequest, Models } from "@its/models"
import {
  type DecodeError,
  decodeMessage,
  encodeMessage,
  encodeRequest,
  example,
  exampleShapes,
  isReply,
  type Operation,
  Ticket,
  Tickets,
  validate,
  type ValidationFailed
} from "@its/tickets"
import { ItsEnvironment } from "@its/transport"
import { Clock, Config, Effect, Option, Schema } from "effect"
import { ExitCode, InputError, NegativeOutcome } from "../Failure.ts"
import { directOrGateway, type GatewayClient } from "../Gateway.ts"
import { readJson } from "../Input.ts"
import { ModelsLayer, TicketsLayer } from "../Layers.ts"
import { renderOutcome } from "./TicketOutcome.ts"
import { informExampleJson, informExampleKinds, isInformExampleKind } from "./InformExampleJson.ts"
import { emit, fields, stderr, stdout, toJsonText } from "../Output.ts"
import { cell, plain } from "../Parse.ts"
import { exitWith, leaf } from "../Run.ts"
import { bookmaker, bookmakerOption } from "../Scope.ts"

/** Subcommand → Transaction 3.0 operation. */
export const ticketOperations = {
  place: "ticket-placement",
  inform: "ticket-placement-inform",
  ack: "ticket-placement-ack",
  cancel: "ticket-cancel",
  "cashout-build": "cashout-build",
  "cashout-placement": "cashout-placement",
  "cashout-inform": "cashout-inform",
  settle: "ticket-ext-settlement",
  "max-stake": "max-stake"
} as const satisfies Record<string, Operation>

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * An input document as a request envelope for `operation`: a full envelope is checked to be for that operation;
 * a bare content gets an envelope (operator id given, fresh correlation id, `Clock` time, version 3.0).
 */
export const toEnvelope = (input: unknown, operation: Operation | undefined, operatorId: number) =>
  Effect.gen(function* () {
    if (!isRecord(input)) return yield* new InputError({ message: "the message must be a JSON object" })
    if ("content" in input && "operation" in input) {
      if (operation !== undefined && input.operation !== operation)
        return yield* new InputError({
          message: `the envelope is for operation ${JSON.stringify(input.operation)}, this command sends ${operation}`
        })
      return input
    }
    if (operation === undefined) return yield* new InputError({ message: "a bare content needs an envelope here" })
    return {
      operatorId,
      correlationId: crypto.randomUUID().replaceAll("-", ""),
      timestampUtc: yield* Clock.currentTimeMillis,
      operation,
      version: "3.0",
      content: input
    }
  })

const problemsOf = (e: ValidationFailed | DecodeError) =>
  e.problems.map((p) => ({ path: p.path, code: p.code, message: p.message }))

export const operatorIdOf = Effect.flatMap(ItsEnvironment, (env) =>
  Option.match(env.operatorId, {
    onNone: () =>
      Effect.fail(
        new InputError({
          message: "ITS_OPERATOR_ID is not set",
          hint: "set ITS_OPERATOR_ID (the Transaction 3.0 operatorId Sportradar gave you)"
        })
      ),
    onSome: Effect.succeed
  })
)

export const fileOption = Options.text("file").pipe(
  Options.withAlias("f"),
  Options.withDescription("the message (content or full envelope) as JSON; - reads stdin")
)

/** Subcommand → the gateway's endpoint (`/v1/tickets/…`). */
const ltdViaGateway = (client: GatewayClient, bm: BookmakerId, request: { operation: string; content: unknown }) =>
  Effect.gen(function* () {
    if (request.operation !== "ticket-placement")
      return yield* new InputError({ message: "through the gateway, LTD takes a ticket-placement (or a bare ticket)" })
    return yield* client.tickets.ltd({ payload: { bookmaker: bm, ticket: request.content as Ticket } })
  })

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
} as const satisfies Record<keyof typeof ticketOperations, string>

type TicketEndpoint = (request: {
  readonly payload: unknown
  readonly urlParams?: { readonly wait: "true" }
}) => Effect.Effect<unknown, unknown>

/** Straight to ITS over the data plane. */
const sendDirect = (operation: Operation, input: unknown) =>
  Effect.gen(function* () {
    const envelope = yield* toEnvelope(input, operation, yield* operatorIdOf)
    const request = yield* validate(envelope)
    // Authenticate first, so a credentials problem is reported as one (exit 3), not as "not sent".
    const env = yield* ItsEnvironment
    yield* (yield* TokenProvider).get(env.wsAudience)
    const tickets = yield* Tickets
    const reply =
      request.operation === "ticket-placement"
        ? yield* tickets.placeTicket(request.content)
        : yield* tickets.send(request.operation, request.content as never)
    return plain(reply) as Record<string, unknown>
  }).pipe(Effect.provide(TicketsLayer))

/**
 * The operator id used to validate locally before anything is sent through the gateway (the gateway stamps its
 * own into the envelope, so ITS_OPERATOR_ID is optional there).
 */
export const localOperatorId = Effect.map(
  Config.option(Config.integer("ITS_OPERATOR_ID")),
  Option.getOrElse(() => 1)
).pipe(Effect.orElseSucceed(() => 1))

/**
 * Through the gateway: validated here first (nothing is sent when invalid), then the content is posted (the gateway
 * fills the envelope). An inform waits for the outbox delivery (`?wait=true`) and prints the reply once delivered.
 */
const sendViaGateway = (client: GatewayClient, name: keyof typeof ticketOperations, input: unknown) =>
  Effect.gen(function* () {
    const operation = ticketOperations[name]
    const request = yield* validate(yield* toEnvelope(input, operation, yield* localOperatorId))
    const endpoint = client.tickets[gatewayEndpoints[name]] as unknown as TicketEndpoint
    if (name !== "inform") return plain(yield* endpoint({ payload: request.content })) as Record<string, unknown>
    const entry = plain(yield* endpoint({ payload: request.content, urlParams: { wait: "true" } })) as Record<
      string,
      unknown
    >
    if (entry.status === "delivered" && typeof entry.reply === "object" && entry.reply !== null)
      return entry.reply as Record<string, unknown>
    if (entry.status === "dead")
      return yield* new NegativeOutcome({
        message: `the gateway could not deliver the inform (outbox entry ${cell(entry.id)}: ${cell(entry.lastError)})`
      })
    yield* stderr(
      `its: the inform is queued in the gateway's outbox (entry ${cell(entry.id)}, status ${cell(entry.status)}); it will be delivered`
    )
    return entry
  })

const send = (name: keyof typeof ticketOperations) =>
  leaf(
    name,
    { file: fileOption },
    `Send a ${ticketOperations[name]} message and print the reply (exit 1 when rejected; with --via-gateway through the gateway).\n\nExample: its ticket example single | its ticket ${name} --file -`,
    ({ file }) =>
      Effect.gen(function* () {
        const operation = ticketOperations[name]
        const input = yield* readJson(file)
        const json = yield* directOrGateway(sendDirect(operation, input), (client) =>
          sendViaGateway(client, name, input)
        )
        yield* emit(json, () => renderOutcome(json))
        if (json.status === "rejected") {
          yield* stderr(`its: ${operation} rejected (code ${cell(json.code)}: ${cell(json.message)})`)
          return yield* exitWith(ExitCode.negative)
        }
      })
  )

/** The `its ticket validate` result: every problem, and the decoded message re-encoded. */
export const validateMessage = (input: unknown, operatorId: number) =>
  Effect.gen(function* () {
    if (isRecord(input) && "content" in input && "operation" in input) {
      const decoded = yield* Effect.either(decodeMessage(input))
      if (decoded._tag === "Left") return { valid: false, problems: problemsOf(decoded.left), message: null }
      if (isReply(decoded.right)) return { valid: true, problems: [], message: yield* encodeMessage(decoded.right) }
    }
    const envelope = yield* toEnvelope(
      input,
      isRecord(input) && "content" in input ? undefined : "ticket-placement",
      operatorId
    )
    const result = yield* Effect.either(validate(envelope))
    if (result._tag === "Left") return { valid: false, problems: problemsOf(result.left), message: null }
    return { valid: true, problems: [], message: yield* encodeRequest(result.right) }
  })

const validateCommand = leaf(
  "validate",
  { file: fileOption },
  "Decode and validate any Transaction 3.0 message (request or reply; a bare content is taken as a ticket) without sending it; exit 1 when it has problems.\n\nExample: its ticket validate --file ticket.json --json",
  ({ file }) =>
    Effect.gen(function* () {
      const input = yield* readJson(file)
      const env = yield* ItsEnvironment.load
      const result = yield* validateMessage(
        input,
        Option.getOrElse(env.operatorId, () => 1)
      )
      yield* emit(result, () =>
        result.valid
          ? "valid"
          : ["invalid:", ...result.problems.map((p) => `  ${p.path}  ${p.code}  ${p.message}`)].join("\n")
      )
      if (!result.valid) {
        yield* stderr(`its: ${result.problems.length} problem(s)`)
        return yield* exitWith(ExitCode.negative)
      }
    })
)

const exampleCommand = leaf(
  "example",
  {
    shape: Args.choice(
      [...exampleShapes, ...informExampleKinds].map((s) => [s, s] as const),
      { name: "shape" }
    )
  },
  `Print a valid ticket content of a shape (${exampleShapes.join(", ")}), or an account / balance / casino inform content (${informExampleKinds.join(", ")}), to start from.\n\nExample: its ticket example accumulator > ticket.json`,
  ({ shape }) =>
    Effect.gen(function* () {
      const json = isInformExampleKind(shape)
        ? yield* informExampleJson(shape)
        : yield* Schema.encode(Ticket)(example(shape))
      yield* stdout(toJsonText(json))
    })
)

export const ticketCommand = Command.make("ticket").pipe(
  Command.withDescription(
    "Transaction 3.0 tickets over the data plane (needs ITS_OPERATOR_ID), or through the gateway with --via-gateway.\n\nExample: its ticket example single | its ticket place --file -"
  ),
  Command.withSubcommands([
    send("place"),
    send("inform"),
    send("ack"),
    send("cancel"),
    send("cashout-build"),
    send("cashout-placement"),
    send("cashout-inform"),
    send("settle"),
    send("max-stake"),
    validateCommand,
    exampleCommand
  ])
)

export const ltdCommand = leaf(
  "ltd",
  { file: fileOption, bookmaker: bookmakerOption },
  "The Live Time Delay suggestion for a live ticket (content or ticket-placement / ticket-placement-inform envelope).\n\nExample: its ltd --bookmaker 1234 --file live-ticket.json",
  (args) =>
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
)
