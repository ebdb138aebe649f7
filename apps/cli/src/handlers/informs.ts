/**
 * `its account-inform …`: the account, balance and casino informs of Transaction 3.0 (reference §10a), sent over the
 * data plane or through the gateway's durable outbox, validated, or printed as examples. The commands:
 * `commands/informs.ts`; what informs share with tickets: `Messages.ts`.
 */
import {
  encodeRequest,
  informExample,
  informExampleKinds,
  informOperation,
  makeRequest,
  type Operation,
  OperatorId
} from "@its/tickets"
import { ItsEnvironment } from "@its/transport"
import { Effect, Option } from "effect"
import type { InformKind } from "../commands/MessageOptions.ts"
import { ExitCode, InputError } from "../Failure.ts"
import { directOrGateway, type GatewayClient } from "../Gateway.ts"
import { readJson } from "../Input.ts"
import { emit, fields, stderr, stdout, toJsonText } from "../Output.ts"
import { cell, plain } from "../Parse.ts"
import { exitWith } from "../Run.ts"
import { isEnvelope, outboxReply, sendDirect, toEnvelope, validateFile, validateForGateway } from "./Messages.ts"

/** Through the gateway's outbox, waiting for the delivery: the reply once delivered, else the queued entry. */
const sendViaGateway = (client: GatewayClient, operation: Operation, input: unknown, id: Option.Option<string>) =>
  Effect.gen(function* () {
    const request = yield* validateForGateway(operation, input)
    const entry = yield* client.accountInforms.send({
      payload: request.content as never,
      urlParams: { wait: "true", ...(Option.isSome(id) ? { id: id.value } : {}) }
    })
    return yield* outboxReply(plain(entry) as Record<string, unknown>)
  })

export interface SendArgs {
  readonly kind: InformKind
  readonly file: string
  readonly id: Option.Option<string>
}

/** `its account-inform send KIND`: the reply printed; exit 1 when its code is not 0. */
export const send = ({ kind, file, id }: SendArgs) =>
  Effect.gen(function* () {
    const operation = informOperation[kind]
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

/** A bare content's operation, by its `type` (`deposit-inform` → `balance-deposit-inform`). */
const operationOfContent = (input: unknown) => {
  const type = (input as { readonly type?: unknown } | null)?.type
  const kind = typeof type === "string" ? type.replace(/-inform$/, "") : ""
  return Object.hasOwn(informOperation, kind)
    ? Effect.succeed(informOperation[kind as InformKind] as Operation)
    : Effect.fail(
        new InputError({
          message: `not an account / balance / casino inform content (type ${JSON.stringify(type)})`,
          hint: `its account-inform example ${informExampleKinds[0]} shows one`
        })
      )
}

/** `its account-inform validate`: a content (its `type` names the operation) or a full envelope. */
export const validateInform = ({ file }: { readonly file: string }) =>
  validateFile(file, (input, operatorId) =>
    isEnvelope(input)
      ? Effect.succeed(input)
      : Effect.flatMap(operationOfContent(input), (operation) => toEnvelope(input, operation, operatorId))
  )

/** `its account-inform example KIND`: a valid inform as a full request envelope. */
export const printExample = ({ kind }: { readonly kind: InformKind }) =>
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
