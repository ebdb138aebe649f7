/**
 * `@its/transport/testing`: the one scripted `HttpClient` double for tests of code built on `@effect/platform`'s
 * HttpClient (ITS REST calls, model clients). Each request is recorded and answered by a script, either with a
 * `ScriptedReply` (status, JSON body, headers, virtual-time latency, a transport failure) or with a web `Response`
 * (e.g. from an in-memory `HttpApiBuilder.toWebHandler`).
 *
 * Scripted bodies are served synchronously: a real promise between virtual sleeps would let `TestClock.adjust` run
 * ahead of the fiber reading the body.
 */
import { HttpClient, HttpClientError, type HttpClientRequest, HttpClientResponse } from "@effect/platform"
import { Clock, type Duration, Effect, Layer } from "effect"

export interface ScriptedReply {
  readonly status?: number
  /** JSON-encoded unless a string. Default `{ "ok": true }`. */
  readonly body?: unknown
  readonly headers?: Record<string, string>
  /** Slept in `Clock` time before answering (so `TestClock` drives it). */
  readonly latency?: Duration.DurationInput
  /** Fail at the transport level, as a refused or dropped connection does. */
  readonly drop?: boolean
}

export interface RecordedRequest {
  /** 1-based position of the request. */
  readonly n: number
  readonly method: string
  /** The full URL. */
  readonly url: string
  /** Path and query, percent-decoded, e.g. `/api/lbs/v1/bookmakers/1/sub-bookmakers/*\/source?customer=a`. */
  readonly target: string
  readonly headers: Record<string, string>
  /** The body as text (string and byte bodies), else undefined. */
  readonly body: string | undefined
  /** `Clock` time when the request reached the double. */
  readonly at: number
}

export type ScriptedAnswer = ScriptedReply | Response

export interface ScriptedHttp {
  readonly client: HttpClient.HttpClient
  readonly layer: Layer.Layer<HttpClient.HttpClient>
  readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>
  readonly count: Effect.Effect<number>
  /** The same records, synchronously (for `beforeEach` and plain functions). */
  readonly recorded: () => ReadonlyArray<RecordedRequest>
  readonly clear: () => void
}

const bodyText = (request: HttpClientRequest.HttpClientRequest): string | undefined => {
  switch (request.body._tag) {
    case "Uint8Array":
      return new TextDecoder().decode(request.body.body)
    case "Raw":
      return typeof request.body.body === "string" ? request.body.body : undefined
    default:
      return undefined
  }
}

const scripted = (request: HttpClientRequest.HttpClientRequest, reply: ScriptedReply) =>
  Effect.gen(function* () {
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

/**
 * A double answering request number `n` (1-based) with `answer(n, request, record)`; the answer may be an effect
 * or a promise (e.g. a web handler's response).
 */
export const makeScriptedHttp = (
  answer: (
    n: number,
    request: HttpClientRequest.HttpClientRequest,
    record: RecordedRequest
  ) => ScriptedAnswer | Promise<ScriptedAnswer> | Effect.Effect<ScriptedAnswer>
): ScriptedHttp => {
  let records: Array<RecordedRequest> = []
  const client = HttpClient.make((request, url) =>
    Effect.gen(function* () {
      const record: RecordedRequest = {
        n: records.length + 1,
        method: request.method,
        url: url.toString(),
        target: decodeURIComponent(url.pathname + url.search),
        headers: request.headers,
        body: bodyText(request),
        at: yield* Clock.currentTimeMillis
      }
      records.push(record)
      const result = answer(record.n, request, record)
      const reply = Effect.isEffect(result)
        ? yield* result
        : result instanceof Promise
          ? yield* Effect.tryPromise({
              try: () => result,
              catch: (cause) => new HttpClientError.RequestError({ request, reason: "Transport", cause })
            })
          : result
      return reply instanceof Response ? HttpClientResponse.fromWeb(request, reply) : yield* scripted(request, reply)
    })
  )
  return {
    client,
    layer: Layer.succeed(HttpClient.HttpClient, client),
    requests: Effect.sync(() => [...records]),
    count: Effect.sync(() => records.length),
    recorded: () => [...records],
    clear: () => {
      records = []
    }
  }
}
