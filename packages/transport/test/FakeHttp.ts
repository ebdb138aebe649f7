/**
 * An in-memory ITS REST upstream for unit tests: an `HttpClient` that answers from a script, sleeps in virtual
 * time (so `TestClock` drives latency and backoff) and records every request. Bodies are served synchronously:
 * a real promise between virtual sleeps would let `TestClock.adjust` run ahead of the fiber reading it.
 */
import { HttpClient, HttpClientError, type HttpClientRequest, HttpClientResponse } from "@effect/platform"
import { Clock, type Duration, Effect, Layer, Ref } from "effect"

export interface Reply {
  readonly status?: number
  /** JSON-encoded unless a string. Default `{ "ok": true }`. */
  readonly body?: unknown
  readonly headers?: Record<string, string>
  readonly latency?: Duration.DurationInput
  /** Fail at the transport level, as a refused or dropped connection does. */
  readonly drop?: boolean
}

export interface Recorded {
  readonly method: string
  readonly url: string
  readonly headers: Record<string, string>
  /** `Clock` time when the request reached the upstream. */
  readonly at: number
}

export const makeFakeHttp = (script: (n: number, request: HttpClientRequest.HttpClientRequest) => Reply) =>
  Effect.gen(function* () {
    const requests = yield* Ref.make<ReadonlyArray<Recorded>>([])
    const client = HttpClient.make((request, url) =>
      Effect.gen(function* () {
        const at = yield* Clock.currentTimeMillis
        const all = yield* Ref.updateAndGet(requests, (xs) => [
          ...xs,
          { method: request.method, url: url.toString(), headers: request.headers, at }
        ])
        const reply = script(all.length, request)
        if (reply.latency !== undefined) yield* Effect.sleep(reply.latency)
        if (reply.drop === true) {
          return yield* new HttpClientError.RequestError({
            request,
            reason: "Transport",
            cause: new Error("connect ECONNREFUSED")
          })
        }
        const payload = reply.body ?? { ok: true }
        const text = typeof payload === "string" ? payload : JSON.stringify(payload)
        const status = reply.status ?? 200
        const web = HttpClientResponse.fromWeb(
          request,
          new Response(status === 204 ? null : text, {
            status,
            headers: { "content-type": "application/json", ...reply.headers }
          })
        )
        return Object.create(web, { text: { value: Effect.succeed(text) } }) as HttpClientResponse.HttpClientResponse
      })
    )
    return {
      layer: Layer.succeed(HttpClient.HttpClient, client),
      requests: Ref.get(requests),
      count: Effect.map(Ref.get(requests), (xs) => xs.length)
    }
  })
