/**
 * The Transaction 3.0 data plane at `GET /dataplane` (WebSocket), on the simulator's server and port.
 *
 * Upgrade: data-plane faults first (`upgrade` part of the plan), then `Authorization: Bearer <jwt>` verified for one
 * of `SimulatorConfig.dataPlaneAudiences` (401 missing/invalid/expired, 403 another audience). The token is checked
 * only here (transaction-3.0.md §1, A7): an open connection outlives it.
 *
 * Messages are handled concurrently, one fiber each: every text frame is counted, validated as a request envelope and
 * answered with a reply envelope carrying the same `correlationId` and `operation`, `timestampUtc` from `Clock`,
 * `version: "3.0"` and the `DataPlaneHandler`'s content (or an `error-reply`), shaped for the official SDKs
 * (`Envelope.makeReplyEnvelope`; `operatorId` only with `SIM_ECHO_OPERATOR_ID`). Message faults sit in between.
 */
import { HttpLayerRouter, type HttpServerRequest, HttpServerResponse, Socket } from "@effect/platform"
import { NodeHttpServerRequest } from "@effect/platform-node"
import { Chunk, Clock, Duration, Effect, Either, Random, Ref } from "effect"
import { bearerFromRequest, verifyBearer } from "./BearerAuth.ts"
import { SimulatorConfig } from "./Config.ts"
import { DataPlaneCounters } from "./DataPlaneCounters.ts"
import { DataPlaneFaults } from "./DataPlaneFaults.ts"
import { DataPlaneHandler } from "./DataPlaneHandler.ts"
import {
  type EnvelopeEcho,
  type ErrorReplyContent,
  makeReplyEnvelope,
  parseRequest,
  type ReplyContent,
  SchemaValidationCode,
  schemaValidationMessage
} from "./Envelope.ts"
import { faultOutcome, faultResponse, messageResponse, reasonOf } from "./HttpFaults.ts"
import { DataPlanePath } from "./Paths.ts"
import { TokenIssuer } from "./TokenIssuer.ts"

/** `error-reply` code when the handler dies. */
export const InternalErrorCode = 500

const defaultGarbage = "<html><body><h1>502 Bad Gateway</h1></body></html>"

const errorContent = (code: number, message: string): ErrorReplyContent => ({ type: "error-reply", code, message })

/** A reply waiting to be written, with what the counters need. */
interface Outgoing {
  readonly text: string
  readonly operation: string
  readonly errorCode: number | undefined
}

const decoder = new TextDecoder()

/** A permutation of `items` (at least two) that differs from their order. */
const shuffled = <A>(items: ReadonlyArray<A>) =>
  Effect.map(Random.shuffle(items), (chunk) => {
    const result = Chunk.toReadonlyArray(chunk)
    return result.every((item, i) => item === items[i]) ? [...items].reverse() : result
  })

export const DataPlaneRouteLive = HttpLayerRouter.use((router) =>
  Effect.gen(function* () {
    const { dataPlaneAudiences, echoOperatorId } = yield* SimulatorConfig
    const issuer = yield* TokenIssuer
    const faults = yield* DataPlaneFaults
    const counters = yield* DataPlaneCounters
    const handler = yield* DataPlaneHandler

    const replyContent = (parsed: ReturnType<typeof parseRequest>): Effect.Effect<ReplyContent> =>
      Either.match(parsed, {
        onLeft: ({ problems }) => Effect.succeed(errorContent(SchemaValidationCode, schemaValidationMessage(problems))),
        onRight: (request) =>
          handler.handle(request).pipe(
            Effect.catchTag("ErrorReply", (error) => Effect.succeed(errorContent(error.code, error.message))),
            Effect.catchAllDefect((defect) =>
              Effect.as(
                Effect.logWarning("data-plane handler died", defect),
                errorContent(InternalErrorCode, "Internal error")
              )
            )
          )
      })

    const connection = (request: HttpServerRequest.HttpServerRequest, socket: Socket.Socket) =>
      Effect.gen(function* () {
        const write = yield* socket.writer
        const tcp = NodeHttpServerRequest.toIncomingMessage(request).socket
        // Without a close frame: the client sees an abnormal closure (1006).
        const drop = Effect.sync(() => tcp.destroy())
        const received = yield* Ref.make(0)
        const held = yield* Ref.make<ReadonlyArray<Outgoing>>([])
        const opened = yield* Ref.make(false)

        const send = (out: Outgoing) =>
          Effect.zipRight(
            write(out.text),
            out.errorCode === undefined ? counters.replySent(out.operation) : counters.errorReplySent(out.errorCode)
          )

        /** Writes `out`, or holds it while `outOfOrder` collects a batch to release shuffled. */
        const deliver = (out: Outgoing) =>
          Effect.gen(function* () {
            const { outOfOrder } = yield* faults.plan
            const batch = yield* Ref.modify(held, (waiting): [ReadonlyArray<Outgoing>, ReadonlyArray<Outgoing>] => {
              const next = [...waiting, out]
              return outOfOrder === undefined || next.length >= outOfOrder ? [next, []] : [[], next]
            })
            if (batch.length === 0) return
            if (outOfOrder === undefined || batch.length < 2) {
              return yield* Effect.forEach(batch, send, { discard: true })
            }
            yield* counters.faultApplied("out-of-order")
            yield* Effect.forEach(yield* shuffled(batch), send, { discard: true })
          })

        const reply = (echo: EnvelopeEcho, content: ReplyContent, correlationId?: string) =>
          Effect.map(Clock.currentTimeMillis, (timestampUtc) =>
            makeReplyEnvelope({
              echo,
              content,
              correlationId,
              timestampUtc,
              echoOperatorId,
              sdkContent: handler.asSent !== true
            })
          )

        const onMessage = (text: string) =>
          Effect.gen(function* () {
            const parsed = parseRequest(text)
            const echo: EnvelopeEcho = Either.match(parsed, {
              onLeft: (invalid) => invalid.echo,
              onRight: ({ correlationId, operation, operatorId }) => ({ correlationId, operation, operatorId })
            })
            const operation = echo.operation ?? "-"
            yield* counters.messageReceived(operation)

            const count = yield* Ref.updateAndGet(received, (n) => n + 1)
            const { dropAfter } = yield* faults.plan
            if (dropAfter !== undefined && count > dropAfter) {
              yield* counters.faultApplied("drop-after")
              return yield* drop
            }

            const { latency, step } = yield* faults.nextMessage
            if (Duration.greaterThan(latency, Duration.zero)) yield* Effect.sleep(latency)
            if (step.kind !== "ok") yield* counters.faultApplied(step.kind)
            switch (step.kind) {
              case "drop":
                return yield* drop
              case "no-reply":
                return
              case "close":
                return yield* write(new Socket.CloseEvent(step.code ?? 1012, step.reason ?? "simulated close"))
            }

            const content =
              step.kind === "error-reply"
                ? errorContent(step.code ?? InternalErrorCode, step.message ?? "Internal error (simulated)")
                : yield* replyContent(parsed)
            const envelope = yield* reply(echo, content)
            if (step.kind === "garbage") yield* write(step.text ?? defaultGarbage)
            if (step.kind === "unknown-correlation") {
              const unknown = step.correlationId ?? `sim-unknown-${crypto.randomUUID()}`
              yield* write(JSON.stringify(yield* reply(echo, content, unknown)))
            }
            yield* deliver({
              text: JSON.stringify(envelope),
              operation,
              errorCode: content.type === "error-reply" ? (content as ErrorReplyContent).code : undefined
            })
          }).pipe(
            // A failing message fiber would end the connection; a write to a closed socket is not worth that.
            Effect.catchAllCause((cause) => Effect.logDebug("data-plane message not answered", cause))
          )

        yield* socket
          .runRaw((data) => onMessage(typeof data === "string" ? data : decoder.decode(data)), {
            onOpen: Effect.zipRight(Ref.set(opened, true), counters.connectionOpened)
          })
          .pipe(
            // Abnormal closes (1006 after a drop, a client that vanished) end the connection like clean ones.
            Effect.catchAll((error) => Effect.logDebug("data-plane connection ended", error)),
            Effect.ensuring(
              Effect.zipRight(
                Effect.whenEffect(counters.connectionClosed, Ref.get(opened)),
                // On shutdown the close frame is written already; do not wait for the peer's.
                Effect.sync(() => tcp.destroySoon())
              )
            )
          )
      })

    const upgrade = Effect.fn("DataPlane.upgrade")(function* (request: HttpServerRequest.HttpServerRequest) {
      if ((request.headers.upgrade ?? "").toLowerCase() !== "websocket") {
        return messageResponse(426, "Upgrade Required", { upgrade: "websocket" })
      }
      const fault = yield* faults.nextUpgrade
      if (Duration.greaterThan(fault.latency, Duration.zero)) yield* Effect.sleep(fault.latency)
      if (fault.step.kind !== "ok") {
        const outcome = faultOutcome(fault.step)
        yield* counters.connectionRefused(fault.step.kind === "error" ? String(fault.step.status) : outcome)
        return yield* faultResponse(request, fault.step)
      }

      const bearer = yield* bearerFromRequest(request)
      const claims = yield* Effect.either(verifyBearer(issuer, bearer, dataPlaneAudiences))
      if (Either.isLeft(claims)) {
        const { status, error } = claims.left
        yield* counters.connectionRefused(String(status))
        yield* Effect.logDebug("data-plane upgrade refused").pipe(
          Effect.annotateLogs({ status, reason: error.message })
        )
        return messageResponse(status, reasonOf(status), status === 401 ? { "www-authenticate": "Bearer" } : {})
      }

      yield* connection(request, yield* request.upgrade)
      return HttpServerResponse.empty()
    })

    yield* router.add("GET", DataPlanePath, (request) => Effect.orDie(upgrade(request)))
  })
)
