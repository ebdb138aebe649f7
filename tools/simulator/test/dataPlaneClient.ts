/** A small `ws` client for the data-plane tests: frames go into a queue, the close event into a Deferred. */
import { HttpClientResponse } from "@effect/platform"
import { TokenResponse } from "@its/auth"
import { expect } from "@effect/vitest"
import { Data, Deferred, Duration, Effect, Either, Exit, Queue, Redacted } from "effect"
import { WebSocket } from "ws"
import { SimulatorInfo } from "../src/index.ts"
import { postToken, validForm } from "./helpers.ts"

export const dataPlaneAudience = "mbs-dp-non-prod-wss"

/** The server answered the upgrade with a plain HTTP response. */
export class UpgradeRefused extends Data.TaggedError("UpgradeRefused")<{
  readonly status: number
  readonly headers: Readonly<Record<string, string | Array<string> | undefined>>
  readonly body: string
}> {}

/** The upgrade failed at the transport level (e.g. the server dropped the socket). */
export class ConnectFailed extends Data.TaggedError("ConnectFailed")<{ readonly message: string }> {}

export interface Closed {
  readonly code: number
  readonly reason: string
}

export interface DataPlaneClient {
  readonly ws: WebSocket
  readonly send: (message: unknown) => Effect.Effect<void>
  readonly sendText: (text: string) => Effect.Effect<void>
  /** The next text frame. */
  readonly next: Effect.Effect<string>
  /** The next frame, parsed. */
  readonly nextJson: Effect.Effect<Record<string, unknown>>
  /** `n` frames, parsed. */
  readonly take: (n: number) => Effect.Effect<ReadonlyArray<Record<string, unknown>>>
  /** Frames received but not taken yet. */
  readonly pending: Effect.Effect<number>
  /** Completes when the connection closes. */
  readonly closed: Effect.Effect<Closed>
}

/** Opens a connection (terminated when the scope closes); fails with `UpgradeRefused` or `ConnectFailed`. */
export const connect = (url: string, options: { readonly token?: string; readonly authorization?: string } = {}) =>
  Effect.gen(function* () {
    const frames = yield* Queue.unbounded<string>()
    const closed = yield* Deferred.make<Closed>()
    const authorization = options.authorization ?? (options.token === undefined ? undefined : `Bearer ${options.token}`)
    const ws = yield* Effect.acquireRelease(
      Effect.async<WebSocket, UpgradeRefused | ConnectFailed>((resume) => {
        let settled = false
        const settle = (effect: Effect.Effect<WebSocket, UpgradeRefused | ConnectFailed>) => {
          if (!settled) {
            settled = true
            resume(effect)
          }
        }
        const ws = new WebSocket(url, authorization === undefined ? {} : { headers: { authorization } })
        ws.on("message", (data, isBinary) => {
          Queue.unsafeOffer(frames, isBinary ? "<binary>" : data.toString())
        })
        ws.on("close", (code, reason) => {
          Deferred.unsafeDone(closed, Exit.succeed({ code, reason: reason.toString() }))
        })
        ws.once("open", () => settle(Effect.succeed(ws)))
        ws.once("unexpected-response", (request, response) => {
          let body = ""
          response.setEncoding("utf8")
          response.on("data", (chunk: string) => {
            body += chunk
          })
          response.on("end", () => {
            settle(
              Effect.fail(new UpgradeRefused({ status: response.statusCode ?? 0, headers: response.headers, body }))
            )
            request.destroy()
          })
        })
        ws.on("error", (error) => settle(Effect.fail(new ConnectFailed({ message: error.message }))))
      }),
      (ws) => Effect.sync(() => ws.terminate())
    )
    const next = Queue.take(frames).pipe(
      Effect.timeoutFail({ duration: Duration.seconds(5), onTimeout: () => new Error("no frame within 5 s") }),
      Effect.orDie
    )
    const nextJson = Effect.map(next, (text) => JSON.parse(text) as Record<string, unknown>)
    const client: DataPlaneClient = {
      ws,
      send: (message) => Effect.sync(() => ws.send(JSON.stringify(message))),
      sendText: (text) => Effect.sync(() => ws.send(text)),
      next,
      nextJson,
      take: (n) => Effect.forEach(Array.from({ length: n }), () => nextJson),
      pending: Queue.size(frames),
      closed: Deferred.await(closed).pipe(
        Effect.timeoutFail({ duration: Duration.seconds(5), onTimeout: () => new Error("not closed within 5 s") }),
        Effect.orDie
      )
    }
    return client
  })

/** A token from the simulator's token endpoint (data-plane audience unless given). */
export const fetchToken = (audience: string = dataPlaneAudience) =>
  Effect.gen(function* () {
    const response = yield* postToken(validForm({ audience }))
    const body = yield* HttpClientResponse.schemaBodyJson(TokenResponse)(response)
    return Redacted.value(body.access_token)
  }).pipe(Effect.orDie)

/** Connects to the simulator's data plane with a fresh data-plane token. */
export const connectWithToken = (audience: string = dataPlaneAudience) =>
  Effect.gen(function* () {
    const { dataPlaneUrl } = yield* SimulatorInfo
    return yield* connect(dataPlaneUrl, { token: yield* fetchToken(audience) })
  })

let sequence = 0

/** A well-formed request envelope (`ticket-placement` by default); the ticket id mirrors the correlation id. */
export const request = (
  correlationId: string = `corr-${++sequence}`,
  overrides: Record<string, unknown> = {}
): Record<string, unknown> => ({
  operatorId: 9985,
  correlationId,
  timestampUtc: 1_700_000_000_000,
  operation: "ticket-placement",
  version: "3.0",
  content: { type: "ticket", ticketId: `ticket-${correlationId}` },
  ...overrides
})

/** The upgrade's refusal (fails the test if the connection opened). */
export const refusal = (options: { readonly token?: string; readonly authorization?: string }) =>
  Effect.gen(function* () {
    const { dataPlaneUrl } = yield* SimulatorInfo
    const result = yield* Effect.either(connect(dataPlaneUrl, options))
    if (Either.isRight(result)) return expect.fail("the upgrade was accepted")
    if (!(result.left instanceof UpgradeRefused)) return expect.fail(`transport error: ${result.left.message}`)
    return result.left
  })
