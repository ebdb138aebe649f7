/**
 * What `its ticket …` and `its account-inform …` share: a message file (`--file F|-`, content or full envelope) made
 * into a request envelope, validated locally, sent straight over the data plane, or posted to the gateway and — for
 * informs, which go through its outbox — turned back into the delivered reply.
 */
import { TokenProvider } from "@its/auth"
import {
  type DecodeError,
  decodeMessage,
  encodeMessage,
  encodeRequest,
  isReply,
  type Operation,
  Tickets,
  validate,
  type ValidationFailed
} from "@its/tickets"
import { ItsEnvironment } from "@its/transport"
import { Clock, Config, Effect, Option } from "effect"
import { ExitCode, InputError, NegativeOutcome } from "../Failure.ts"
import { readJson } from "../Input.ts"
import { TicketsLayer } from "../Layers.ts"
import { emit, stderr } from "../Output.ts"
import { cell, plain } from "../Parse.ts"
import { exitWith } from "../Run.ts"

export const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** A full envelope (`operation` + `content`), as opposed to a bare content. */
export const isEnvelope = (input: unknown): input is Record<string, unknown> =>
  isRecord(input) && "content" in input && "operation" in input

/**
 * An input document as a request envelope for `operation`: a full envelope is checked to be for that operation;
 * a bare content gets an envelope (operator id given, fresh correlation id, `Clock` time, version 3.0).
 */
export const toEnvelope = (input: unknown, operation: Operation | undefined, operatorId: number) =>
  Effect.gen(function* () {
    if (!isRecord(input)) return yield* new InputError({ message: "the message must be a JSON object" })
    if (isEnvelope(input)) {
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

/**
 * The operator id used to validate locally before anything is sent through the gateway (the gateway stamps its
 * own into the envelope, so ITS_OPERATOR_ID is optional there).
 */
export const localOperatorId = Effect.map(
  Config.option(Config.integer("ITS_OPERATOR_ID")),
  Option.getOrElse(() => 1)
).pipe(Effect.orElseSucceed(() => 1))

/** Straight to ITS over the data plane: validated, authenticated, sent; the reply as plain JSON. */
export const sendDirect = (operation: Operation, input: unknown) =>
  Effect.gen(function* () {
    const request = yield* validate(yield* toEnvelope(input, operation, yield* operatorIdOf))
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

/** Validated here before anything goes to the gateway (nothing is sent when invalid); the gateway fills the envelope. */
export const validateForGateway = (operation: Operation, input: unknown) =>
  Effect.flatMap(
    Effect.flatMap(localOperatorId, (operatorId) => toEnvelope(input, operation, operatorId)),
    validate
  )

/**
 * An inform posted with `?wait=true` answers with its outbox entry: the reply once delivered, a failure when the
 * entry is dead, else the entry itself (still queued; said on stderr).
 */
export const outboxReply = (entry: Record<string, unknown>) =>
  Effect.gen(function* () {
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

const problemsOf = (e: ValidationFailed | DecodeError) =>
  e.problems.map((p) => ({ path: p.path, code: p.code, message: p.message }))

/** The `validate` result: every problem, and the decoded message re-encoded. */
export const validateMessage = (input: unknown, operatorId: number) =>
  Effect.gen(function* () {
    if (isEnvelope(input)) {
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

/**
 * `validate --file F|-`: the file read, made into an envelope by `envelopeOf`, validated without sending; every
 * problem printed, exit 1 when there is any.
 */
export const validateFile = <E, R>(
  file: string,
  envelopeOf: (input: unknown, operatorId: number) => Effect.Effect<unknown, E, R>
) =>
  Effect.gen(function* () {
    const input = yield* readJson(file)
    const operatorId = Option.getOrElse((yield* ItsEnvironment.load).operatorId, () => 1)
    const result = yield* validateMessage(yield* envelopeOf(input, operatorId), operatorId)
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
