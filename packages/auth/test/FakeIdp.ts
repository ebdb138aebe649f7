/**
 * An in-memory token endpoint for unit tests: an `HttpClient` that answers from a script, sleeps in virtual
 * time (so `TestClock` drives latency) and records every request it got.
 */
import { HttpClient, HttpClientError, type HttpClientRequest, HttpClientResponse } from "@effect/platform"
import { type Duration, Effect, Layer, Ref } from "effect"

export interface Reply {
  readonly status?: number
  /** JSON-encoded unless a string. Default: a token `tok-<n>` (n = 1-based request number). */
  readonly body?: unknown
  readonly headers?: Record<string, string>
  readonly latency?: Duration.DurationInput
  /** Fail at the transport level, as a dropped connection does. */
  readonly drop?: boolean
}

export interface Recorded {
  readonly form: URLSearchParams
  readonly headers: Record<string, string>
}

export const tokenReply = (n: number, expiresIn = 600): Reply => ({
  body: { access_token: `tok-${n}`, expires_in: expiresIn, token_type: "Bearer" }
})

export const makeFakeIdp = (
  /** Decides the reply to request number `n` (1-based) for `audience`. */
  script: (n: number, audience: string) => Reply
) =>
  Effect.gen(function* () {
    const requests = yield* Ref.make<ReadonlyArray<Recorded>>([])
    const client = HttpClient.make((request: HttpClientRequest.HttpClientRequest) =>
      Effect.gen(function* () {
        const body = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
        const form = new URLSearchParams(body)
        const all = yield* Ref.updateAndGet(requests, (xs) => [...xs, { form, headers: request.headers }])
        const n = all.length
        const reply = script(n, form.get("audience") ?? "")
        if (reply.latency !== undefined) yield* Effect.sleep(reply.latency)
        if (reply.drop === true) {
          return yield* new HttpClientError.RequestError({
            request,
            reason: "Transport",
            cause: new Error("socket hang up")
          })
        }
        const payload = reply.body ?? tokenReply(n).body
        const text = typeof payload === "string" ? payload : JSON.stringify(payload)
        const web = HttpClientResponse.fromWeb(
          request,
          new Response(text, {
            status: reply.status ?? 200,
            headers: { "content-type": "application/json", ...reply.headers }
          })
        )
        // Serve the body synchronously: a real promise here would let TestClock.adjust run ahead of the fiber
        // reading it, and the next virtual sleep would be scheduled after the clock already moved.
        return Object.create(web, { text: { value: Effect.succeed(text) } }) as HttpClientResponse.HttpClientResponse
      })
    )
    return {
      layer: Layer.succeed(HttpClient.HttpClient, client),
      requests: Ref.get(requests),
      count: Effect.map(Ref.get(requests), (xs) => xs.length)
    }
  })
