/**
 * `ItsHttp`: the one place where ITS REST calls get their base URL, bearer token, retries, pacing, timeout and
 * request id. Model clients either call `execute` / `executeJson` with a path relative to the API, or take an
 * `HttpClient` from `client(api)` and hand it to `HttpApiClient.makeWith(Api, { httpClient })`.
 *
 * One logical call:
 *   1. URL = the API's URL (environment base URL + basePath, `ItsEnvironment`) + the request's relative path;
 *      `X-Request-Id` (one per logical call, kept across retries) and the optional `x-api-key` are set.
 *   2. Every physical attempt waits for the API's rate limiter, then runs under the per-request timeout with
 *      `Authorization: Bearer` for the REST audience.
 *   3. 401 → `TokenProvider.invalidate` + exactly one more attempt with a fresh token; a second 401 is
 *      `Unauthorized`. (A 401 means the request was not processed, so this holds for POST too.)
 *   4. 403 → `Forbidden`; 429 → `RateLimited`; network errors, 408 and 5xx (500/502/503/504) →
 *      `UpstreamUnavailable`; timeout → `Timeout`. For idempotent requests these transient failures are retried
 *      with `@its/auth`'s `backoff` (jittered exponential, capped, never shorter than `Retry-After`), bounded by
 *      a number of retries and a time budget. Non-idempotent requests are never retried.
 */
import { HttpClient, type HttpClientError, HttpClientRequest, type HttpClientResponse } from "@effect/platform"
import { AccessToken, backoff, parseRetryAfter, TokenProvider } from "@its/auth"
import {
  type ConfigError,
  Context,
  Duration,
  Effect,
  Layer,
  Metric,
  Option,
  Redacted,
  Schedule,
  type Schema
} from "effect"
import { ApiKeyHeader, type ItsApi, RetryableStatuses } from "./Assumptions.ts"
import {
  type DecodeFailed,
  Forbidden,
  type ItsHttpError,
  RateLimited,
  Timeout,
  Unauthorized,
  UnexpectedStatus,
  UpstreamUnavailable
} from "./Errors.ts"
import { ItsEnvironment } from "./ItsEnvironment.ts"
import { ItsHttpConfig, type ItsHttpSettings, noRateLimits } from "./ItsHttpConfig.ts"
import { attemptsOf, httpRetries } from "./ItsHttpMetrics.ts"
import { makePacer } from "./RateLimits.ts"
import { decodeJson, excerpt, withoutQuery } from "./ResponseBody.ts"

export { ItsHttpConfig, type ItsHttpSettings, noRateLimits } from "./ItsHttpConfig.ts"
export { decodeJson, describeParseError, excerpt } from "./ResponseBody.ts"
export { httpAttempts, httpRetries } from "./ItsHttpMetrics.ts"

export interface HttpRequestOptions {
  /**
   * Safe to send more than once. Default: `true` for GET/HEAD/OPTIONS, `false` otherwise. Mark POST "fetch"
   * endpoints that only read (e.g. Event `POST /fetch`) `true` so they are retried too. A function decides per
   * request (useful for a whole `client(api)`).
   */
  readonly idempotent?: boolean | ((request: HttpClientRequest.HttpClientRequest) => boolean)
  /** Per-attempt timeout; default `ItsHttpConfig.requestTimeout`. */
  readonly timeout?: Duration.DurationInput
}

export interface ItsHttpShape {
  /**
   * Sends `request` (URL relative to the API, e.g. `/v1/bookmakers/1/...`) and returns the response for any status
   * the transport does not own: 2xx, 3xx and 4xx other than 401/403/408/429. Owned statuses become typed errors.
   */
  readonly send: (
    api: ItsApi,
    request: HttpClientRequest.HttpClientRequest,
    options?: HttpRequestOptions
  ) => Effect.Effect<HttpClientResponse.HttpClientResponse, ItsHttpError>
  /** `send`, and any non-2xx status is `UnexpectedStatus` (with a body excerpt). */
  readonly execute: (
    api: ItsApi,
    request: HttpClientRequest.HttpClientRequest,
    options?: HttpRequestOptions
  ) => Effect.Effect<HttpClientResponse.HttpClientResponse, ItsHttpError>
  /** `execute` with `Accept: application/json`, then `decodeJson(schema)`. */
  readonly executeJson: <A, I, R>(
    api: ItsApi,
    request: HttpClientRequest.HttpClientRequest,
    schema: Schema.Schema<A, I, R>,
    options?: HttpRequestOptions
  ) => Effect.Effect<A, ItsHttpError | DecodeFailed, R>
  /**
   * An `HttpClient` bound to one API: everything `send` does, for code built on `@effect/platform`, e.g.
   * `HttpApiClient.makeWith(LbsApi, { httpClient: its.client("lbs") })` (no `baseUrl`: the client adds it).
   * Statuses the transport does not own reach the caller, so HttpApi error schemas (404, 400, …) still decode.
   */
  readonly client: (api: ItsApi, options?: HttpRequestOptions) => HttpClient.HttpClient.With<ItsHttpError>
}

const isIdempotentMethod = (method: string) => method === "GET" || method === "HEAD" || method === "OPTIONS"

const joinUrl = (base: string, path: string) =>
  path === "" ? base : `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`

const retryAfterOf = (error: ItsHttpError): Option.Option<Duration.Duration> =>
  (error._tag === "RateLimited" || error._tag === "UpstreamUnavailable") && error.retryAfterMillis !== undefined
    ? Option.some(Duration.millis(error.retryAfterMillis))
    : Option.none()

const isTransient = (error: ItsHttpError) =>
  error._tag === "RateLimited" || error._tag === "UpstreamUnavailable" || error._tag === "Timeout"

const make = Effect.gen(function* () {
  const env = yield* ItsEnvironment
  const settings = yield* ItsHttpConfig
  const tokens = yield* TokenProvider
  const http = yield* HttpClient.HttpClient
  const pace = yield* makePacer(settings.rateLimits)

  const send = Effect.fn("ItsHttp.send")(function* (
    api: ItsApi,
    request: HttpClientRequest.HttpClientRequest,
    options: HttpRequestOptions = {}
  ) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(request.url)) {
      return yield* Effect.dieMessage(
        `ItsHttp takes a path relative to the ${api} API base URL, got an absolute URL (${withoutQuery(request.url)})`
      )
    }
    const endpoint = env.apis[api]
    const method = request.method
    const idempotent =
      typeof options.idempotent === "function"
        ? options.idempotent(request)
        : (options.idempotent ?? isIdempotentMethod(method))
    const timeout = options.timeout === undefined ? settings.requestTimeout : Duration.decode(options.timeout)
    const requestId = crypto.randomUUID()
    let prepared = HttpClientRequest.setUrl(request, joinUrl(endpoint.url, request.url)).pipe(
      HttpClientRequest.setHeader("x-request-id", requestId)
    )
    if (Option.isSome(endpoint.apiKey)) {
      prepared = HttpClientRequest.setHeader(prepared, ApiKeyHeader, Redacted.value(endpoint.apiKey.value))
    }
    const info = { api, method, url: withoutQuery(prepared.url), requestId }
    yield* Effect.annotateCurrentSpan({
      "its.api": api,
      "http.request.method": method,
      "its.request_id": requestId,
      "its.idempotent": idempotent
    })

    const count = (outcome: string) => Metric.increment(attemptsOf(api, method, outcome))

    const readExcerpt = (response: HttpClientResponse.HttpClientResponse) =>
      response.text.pipe(
        Effect.timeout(timeout),
        Effect.map(excerpt),
        Effect.orElseSucceed(() => "")
      )

    let attempts = 0

    /** One physical request: paced, authorized, under the timeout. */
    const attempt = (token: AccessToken) =>
      Effect.suspend(() => {
        attempts += 1
        const n = attempts
        const authorized = HttpClientRequest.bearerToken(prepared, AccessToken.bearer(token))
        return http.execute(authorized).pipe(
          Effect.timeoutFail({
            duration: timeout,
            onTimeout: () => new Timeout({ ...info, attempts: n, timeoutMillis: Duration.toMillis(timeout) })
          }),
          Effect.catchTag("RequestError", (error: HttpClientError.RequestError) =>
            error.reason === "Transport"
              ? Effect.fail(
                  new UpstreamUnavailable({
                    ...info,
                    attempts: n,
                    reason: `network error: ${error.cause instanceof Error ? error.cause.message : (error.description ?? "request failed")}`
                  })
                )
              : Effect.die(error)
          ),
          Effect.catchTag("ResponseError", (error: HttpClientError.ResponseError) =>
            Effect.fail(
              new UpstreamUnavailable({ ...info, attempts: n, status: error.response.status, reason: error.message })
            )
          ),
          Effect.tap((response) =>
            Effect.zipRight(
              count(String(response.status)),
              Effect.annotateCurrentSpan({ "http.response.status_code": response.status })
            )
          ),
          Effect.tapErrorTag("Timeout", () => count("timeout")),
          Effect.tapErrorTag("UpstreamUnavailable", () => count("network")),
          pace(api, method),
          Effect.map((response) => ({ response, attempt: n })),
          Effect.withSpan("ItsHttp.attempt", {
            attributes: { "its.api": api, "http.request.method": method, "its.attempt": n }
          })
        )
      })

    /** An attempt, and on 401 exactly one more with a fresh token. */
    const authorized = Effect.gen(function* () {
      const token = yield* tokens.get(env.audience)
      const first = yield* attempt(token)
      if (first.response.status !== 401) return first
      yield* readExcerpt(first.response)
      yield* tokens.invalidate(token)
      yield* Effect.logDebug("ITS answered 401; retrying once with a fresh token").pipe(
        Effect.annotateLogs({ api, requestId })
      )
      const second = yield* attempt(yield* tokens.get(env.audience))
      if (second.response.status !== 401) return second
      return yield* new Unauthorized({ ...info, excerpt: yield* readExcerpt(second.response) })
    })

    /** Statuses the transport owns become typed errors; everything else is the caller's. */
    const classified = Effect.flatMap(authorized, ({ response, attempt: n }) =>
      Effect.gen(function* () {
        const status = response.status
        if (status === 403) return yield* new Forbidden({ ...info, excerpt: yield* readExcerpt(response) })
        if (!RetryableStatuses.has(status)) return response
        const retryAfter = yield* parseRetryAfter(response.headers["retry-after"])
        const retryAfterMillis = Option.match(retryAfter, {
          onNone: () => ({}),
          onSome: (d) => ({ retryAfterMillis: Duration.toMillis(d) })
        })
        const body = yield* readExcerpt(response)
        if (status === 429) return yield* new RateLimited({ ...info, attempts: n, ...retryAfterMillis })
        return yield* new UpstreamUnavailable({
          ...info,
          attempts: n,
          status,
          reason: body === "" ? `HTTP ${status}` : body,
          ...retryAfterMillis
        })
      })
    )

    const schedule = Schedule.upTo(
      backoff<ItsHttpError>({
        base: settings.backoffBase,
        cap: settings.backoffCap,
        times: settings.retries,
        while: (error) =>
          idempotent &&
          isTransient(error) &&
          Duration.lessThanOrEqualTo(
            Option.getOrElse(retryAfterOf(error), () => Duration.zero),
            settings.maxRetryAfter
          ),
        retryAfter: retryAfterOf
      }),
      settings.retryBudget
    )

    const response = yield* classified.pipe(
      Effect.tapError((error) =>
        idempotent && isTransient(error)
          ? Effect.logDebug(`ITS call failed: ${error.message}`).pipe(Effect.annotateLogs({ api, requestId }))
          : Effect.void
      ),
      Effect.retry(schedule.pipe(Schedule.tapOutput(() => Metric.increment(Metric.tagged(httpRetries, "api", api)))))
    )
    yield* Effect.annotateCurrentSpan({ "http.response.status_code": response.status, "its.attempts": attempts })
    return response
  })

  const execute = (api: ItsApi, request: HttpClientRequest.HttpClientRequest, options?: HttpRequestOptions) =>
    Effect.flatMap(send(api, request, options), (response) =>
      response.status >= 200 && response.status < 300
        ? Effect.succeed(response)
        : Effect.flatMap(
            response.text.pipe(
              Effect.map(excerpt),
              Effect.orElseSucceed(() => "")
            ),
            (body) =>
              new UnexpectedStatus({
                api,
                method: response.request.method,
                url: withoutQuery(response.request.url),
                requestId: response.request.headers["x-request-id"] ?? "",
                status: response.status,
                excerpt: body
              })
          )
    )

  const executeJson = <A, I, R>(
    api: ItsApi,
    request: HttpClientRequest.HttpClientRequest,
    schema: Schema.Schema<A, I, R>,
    options?: HttpRequestOptions
  ): Effect.Effect<A, ItsHttpError | DecodeFailed, R> =>
    Effect.flatMap(execute(api, HttpClientRequest.acceptJson(request), options), decodeJson(schema, { api }))

  const client = (api: ItsApi, options?: HttpRequestOptions): HttpClient.HttpClient.With<ItsHttpError> =>
    HttpClient.makeWith(
      (request: Effect.Effect<HttpClientRequest.HttpClientRequest>) =>
        Effect.flatMap(request, (r) => send(api, r, options)),
      Effect.succeed
    )

  return ItsHttp.of({ send, execute, executeJson, client })
})

export class ItsHttp extends Context.Tag("@its/transport/ItsHttp")<ItsHttp, ItsHttpShape>() {
  /** Settings from `ITS_HTTP_*` keys; needs the environment, a `TokenProvider` and a platform `HttpClient`. */
  static readonly layer: Layer.Layer<
    ItsHttp,
    ConfigError.ConfigError,
    ItsEnvironment | TokenProvider | HttpClient.HttpClient
  > = Layer.scoped(ItsHttp, make).pipe(Layer.provide(ItsHttpConfig.layer))

  /** With explicit settings (the rest defaulted). Rate limiters live with the layer. */
  static readonly layerWith = (
    settings: Partial<ItsHttpSettings> = {}
  ): Layer.Layer<ItsHttp, never, ItsEnvironment | TokenProvider | HttpClient.HttpClient> =>
    Layer.scoped(ItsHttp, make).pipe(Layer.provide(ItsHttpConfig.layerWith(settings)))

  /**
   * For tests of code that uses `ItsHttp`: the `local` environment (optionally changed), a static token
   * `test-token`, no rate limits, and the given settings; supply an `HttpClient` double.
   */
  static readonly layerTest = (
    options: { readonly settings?: Partial<ItsHttpSettings>; readonly apiUrl?: string } = {}
  ): Layer.Layer<ItsHttp, never, HttpClient.HttpClient> => {
    const env = ItsEnvironment.make(options.apiUrl === undefined ? {} : { apiUrl: options.apiUrl })
    return ItsHttp.layerWith({ rateLimits: noRateLimits, ...options.settings }).pipe(
      Layer.provide([Layer.succeed(ItsEnvironment, env), TokenProvider.layerTest({ [env.audience]: "test-token" })])
    )
  }
}
