/**
 * `its account-inform …`: the account, balance and casino informs of Transaction 3.0 (reference §10a; deposit,
 * withdrawal, account status, limits, limit reached, interventions, casino sessions, balance change).
 * - `example <kind>`: a valid one (`@its/tickets` `informExample`) as a full request envelope;
 * - `send <kind> --file F|-`: validated, then sent over the data plane, or with `--via-gateway` through the gateway's
 *   durable outbox (`POST /v1/accounts/informs?wait=true`, idempotent by the inform's id or `--id`);
 * - `validate --file F|-`: decoded and validated without sending (the content's `type` names the operation).
 */
import { Args, Command, Options } from "@effect/cli"
import { TokenProvider } from "@its/auth"
import {
  encodeRequest,
  informExample,
  informExampleKinds,
  informOperation,
  makeRequest,
  OperatorId,
  type Operation,
  Tickets,
  validate
} from "@its/tickets"
import { ItsEnvironment } from "@its/transport"
import { Effect, Option } from "effect"
import { ExitCode, InputError, NegativeOutcome } from "../Failure.ts"
import { directOrGateway, type GatewayClient } from "../Gateway.ts"
import { readJson } from "../Input.ts"
import { TicketsLayer } from "../Layers.ts"
import { emit, fields, stderr, stdout, toJsonText } from "../Output.ts"
import { cell, plain } from "../Parse.ts"
import { exitWith, leaf } from "../Run.ts"
import { fileOption, localOperatorId, operatorIdOf, toEnvelope, validateMessage } from "./ticket.ts"

type Kind = (typeof informExampleKinds)[number]
const kindArg = Args.choice(
  informExampleKinds.map((k) => [k, k] as const),
  { name: "kind" }
)

/** Straight to ITS over the data plane: validated, authenticated, sent; the `<type>-reply` content. */
const sendDirect = (operation: Operation, input: unknown) =>
  Effect.gen(function* () {
    const request = yield* validate(yield* toEnvelope(input, operation, yield* operatorIdOf))
    const env = yield* ItsEnvironment
    // Authenticate first, so a credentials problem is reported as one (exit 3), not as "not sent".
    yield* (yield* TokenProvider).get(env.wsAudience)
    return plain(yield* (yield* Tickets).send(request.operation, request.content as never)) as Record<string, unknown>
  }).pipe(Effect.provide(TicketsLayer))

/** Through the gateway's outbox, waiting for the delivery: the reply once delivered, else the queued entry. */
const sendViaGateway = (client: GatewayClient, operation: Operation, input: unknown, id: Option.Option<string>) =>
  Effect.gen(function* () {
    const request = yield* validate(yield* toEnvelope(input, operation, yield* localOperatorId))
    const entry = plain(
      yield* client.accountInforms.send({
        payload: request.content as never,
        urlParams: { wait: "true", ...(Option.isSome(id) ? { id: id.value } : {}) }
      })
    ) as Record<string, unknown>
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

const sendCommand = leaf(
  "send",
  {
    kind: kindArg,
    file: fileOption,
    id: Options.text("id").pipe(
      Options.optional,
      Options.withDescription(
        "with --via-gateway: the inform's idempotency id (required for account-status, account-limit, account-limit-reached, account-intervention, which have none of their own)"
      )
    )
  },
  `Send an account / balance / casino inform (${informExampleKinds.join(", ")}) and print the reply (exit 1 when its code is not 0; with --via-gateway through the gateway's durable outbox).\n\nExamples:\n  its account-inform example deposit | its account-inform send deposit --file -\n  its --via-gateway http://127.0.0.1:8080 account-inform send account-limit --id limit-42 --file limit.json --json`,
  ({ kind, file, id }) =>
    Effect.gen(function* () {
      const operation = informOperation[kind as Kind]
      const input = yield* readJson(file)
      const reply = yield* directOrGateway(sendDirect(operation, input), (client) =>
        sendViaGateway(client, operation, input, id)
      )
      yield* emit(reply, () =>
        fields([
          ["type", reply.type],
          ["code", reply.code],
          ["message", reply.message],
          ["signature", reply.signature],
          ...(reply.status === undefined ? [] : ([["status", reply.status]] as const))
        ])
      )
      if (typeof reply.code === "number" && reply.code !== 0) {
        yield* stderr(`its: ${operation} answered code ${cell(reply.code)}: ${cell(reply.message)}`)
        return yield* exitWith(ExitCode.negative)
      }
    })
)

/** A bare content's operation, by its `type` (`deposit-inform` → `balance-deposit-inform`). */
const operationOfContent = (input: unknown) => {
  const type = (input as { readonly type?: unknown } | null)?.type
  const kind = typeof type === "string" ? type.replace(/-inform$/, "") : ""
  return Object.hasOwn(informOperation, kind)
    ? Effect.succeed(informOperation[kind as Kind] as Operation)
    : Effect.fail(
        new InputError({
          message: `not an account / balance / casino inform content (type ${JSON.stringify(type)})`,
          hint: `its account-inform example ${informExampleKinds[0]} shows one`
        })
      )
}

const validateCommand = leaf(
  "validate",
  { file: fileOption },
  "Decode and validate an account / balance / casino inform (content or full envelope) without sending it; exit 1 when it has problems.\n\nExample: its account-inform example casino-sessions | its account-inform validate --file - --json",
  ({ file }) =>
    Effect.gen(function* () {
      const input = yield* readJson(file)
      const operatorId = Option.getOrElse((yield* ItsEnvironment.load).operatorId, () => 1)
      const isEnvelope = typeof input === "object" && input !== null && "content" in input && "operation" in input
      const envelope = isEnvelope ? input : yield* toEnvelope(input, yield* operationOfContent(input), operatorId)
      const result = yield* validateMessage(envelope, operatorId)
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
    kind: kindArg
  },
  `Print a valid account / balance / casino inform envelope (${informExampleKinds.join(", ")}).\n\nExample: its account-inform example deposit | its ticket validate --file -`,
  ({ kind }) =>
    Effect.gen(function* () {
      const env = yield* ItsEnvironment.load
      const request = yield* makeRequest(informOperation[kind], informExample(kind) as never).pipe(
        Effect.provideService(
          OperatorId,
          Option.getOrElse(env.operatorId, () => 1)
        )
      )
      yield* stdout(toJsonText(yield* encodeRequest(request)))
    })
)

export const accountInformCommand = Command.make("account-inform").pipe(
  Command.withDescription(
    "Account, balance and casino informs of Transaction 3.0 (reference §10a): example, send (data plane or --via-gateway), validate.\n\nExample: its account-inform example account-limit | its account-inform send account-limit --file -"
  ),
  Command.withSubcommands([sendCommand, validateCommand, exampleCommand])
)
