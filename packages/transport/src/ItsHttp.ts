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
  Config,
  type ConfigError,
  Context,
  Duration,
  Effect,
  Layer,
  Metric,
  Option,
  ParseResult,
  Redacted,
  Schedule,
  Schema
} from "effect"
import {
  type ApiRateLimits,
  ApiKeyHeader,
  DocumentedRateLimits,
  type ItsApi,
  RetryableStatuses
} from "./Assumptions.ts"
import {
  DecodeFailed,
  Forbidden,
  type ItsHttpError,
  RateLimited,
  Timeout,
  Unauthorized,
  UnexpectedStatus,
  UpstreamUnavailable
} from "./Errors.ts"
import { ItsEnvironment } from "./ItsEnvironment.ts"
import { makePacer, rateLimitsConfig } from "./RateLimits.ts"

// ---------------------------------------------------------------------------------------------------------------
// Configuration

export interface ItsHttpSettings {
  /** Per physical attempt, until the response headers arrive (error bodies are read within it too). */
  readonly requestTimeout: Duration.Duration
  /** Retries after the first attempt (transient failures of idempotent requests only). */
  readonly retries: number
  /** No retry starts after this much time has passed since the first attempt. */
  readonly retryBudget: Duration.Duration
  readonly backoffBase: Duration.Duration
  readonly backoffCap: Duration.Duration
  /** A `Retry-After` longer than this is not waited for: the call fails with `RateLimited` at once. */
  readonly maxRetryAfter: Duration.Duration
  readonly rateLimits: Record<ItsApi, ApiRateLimits>
}

const defaults: ItsHttpSettings = {
  requestTimeout: Duration.seconds(10),
  retries: 3,
  retryBudget: Duration.seconds(30),
  backoffBase: Duration.millis(200),
  backoffCap: Duration.seconds(5),
  maxRetryAfter: Duration.seconds(30),
  rateLimits: DocumentedRateLimits
}

const nonNegative = (name: string, fallback: number) =>
  Config.integer(name).pipe(
    Config.validate({ message: "Expected 0 or more", validation: (n) => n >= 0 }),
    Config.withDefault(fallback)
  )

const positiveDuration = (name: string, fallback: Duration.Duration) =>
  Config.duration(name).pipe(
    Config.validate({ message: "Expected a positive duration", validation: (d) => Duration.toMillis(d) > 0 }),
    Config.withDefault(fallback)
  )

export class ItsHttpConfig extends Context.Tag("@its/transport/ItsHttpConfig")<ItsHttpConfig, ItsHttpSettings>() {
  static readonly defaults = defaults

  static readonly make = (settings: Partial<ItsHttpSettings> = {}): ItsHttpSettings => ({ ...defaults, ...settings })

  static readonly layer = (settings: Partial<ItsHttpSettings> = {}) =>
    Layer.succeed(ItsHttpConfig, ItsHttpConfig.make(settings))

  /** `ITS_HTTP_*` and `ITS_RATE_LIMIT*` keys (see README); a missing key keeps its default. */
  static readonly fromEnv: Layer.Layer<ItsHttpConfig, ConfigError.ConfigError> = Layer.effect(
    ItsHttpConfig,
    Config.all({
      requestTimeout: positiveDuration("ITS_HTTP_TIMEOUT", defaults.requestTimeout),
      retries: nonNegative("ITS_HTTP_RETRIES", defaults.retries),
      retryBudget: positiveDuration("ITS_HTTP_RETRY_BUDGET", defaults.retryBudget),
      backoffBase: positiveDuration("ITS_HTTP_BACKOFF_BASE", defaults.backoffBase),
      backoffCap: positiveDuration("ITS_HTTP_BACKOFF_CAP", defaults.backoffCap),
      maxRetryAfter: positiveDuration("ITS_HTTP_MAX_RETRY_AFTER", defaults.maxRetryAfter),
      rateLimits: rateLimitsConfig
    })
  )
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers shared with decoding

const EXCERPT_CHARS = 200

/** The first characters of a body, whitespace collapsed: enough to recognise an error page, never a header. */
export const excerpt = (text: string): string => {
  const collapsed = text.replace(/\s+/g, " ").trim()
  return collapsed.length <= EXCERPT_CHARS ? collapsed : `${collapsed.slice(0, EXCERPT_CHARS)}…`
}

const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (acc, key) =>
      typeof key === "number"
        ? `${acc}[${key}]`
        : typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)
          ? `${acc}.${key}`
          : `${acc}[${JSON.stringify(String(key))}]`,
    "$"
  )

/** `$.items[0].lbs: Expected string, actual 1`, one entry per problem. */
export const describeParseError = (error: ParseResult.ParseError): ReadonlyArray<string> =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => `${formatPath(issue.path)}: ${issue.message}`)

const withoutQuery = (url: string) => url.split(/[?#]/, 1)[0] ?? url

/**
 * Decodes a response body as JSON with `schema`. Not JSON, or not matching, fails with `DecodeFailed` naming the
 * JSON paths and carrying an excerpt of the body (never headers).
 */
export const decodeJson =
  <A, I, R>(schema: Schema.Schema<A, I, R>, options: { readonly api?: string } = {}) =>
  (response: HttpClientResponse.HttpClientResponse): Effect.Effect<A, DecodeFailed, R> =>
    Effect.gen(function* () {
      const requestId = response.request.headers["x-request-id"]
      const info = {
        api: options.api ?? "unknown",
        method: response.request.method,
        url: withoutQuery(response.request.url),
        ...(requestId === undefined ? {} : { requestId }),
        status: response.status
      }
      const text = yield* response.text.pipe(
        Effect.mapError(
          () =>
            new DecodeFailed({ ...info, problems: ["$: the body could not be read (connection lost)"], excerpt: "" })
        )
      )
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        return yield* new DecodeFailed({ ...info, problems: ["$: not valid JSON"], excerpt: excerpt(text) })
      }
      return yield* Schema.decodeUnknown(schema, { errors: "all", onExcessProperty: "ignore" })(json).pipe(
        Effect.mapError(
          (error) => new DecodeFailed({ ...info, problems: describeParseError(error), excerpt: excerpt(text) })
        )
      )
    })

// ---------------------------------------------------------------------------------------------------------------
// Metrics

/** Physical attempts, tagged `api`, `method`, `outcome` (an HTTP status, `network` or `timeout`). */
export const httpAttempts = Metric.counter("its_http_attempts_total", {
  description: "Physical ITS REST attempts by API, method and outcome",
  incremental: true
})

/** Retries scheduled after a transient failure, tagged `api`. */
export const httpRetries = Metric.counter("its_http_retries_total", {
  description: "ITS REST retries after transient failures, by API",
  incremental: true
})

// ---------------------------------------------------------------------------------------------------------------
// Service

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

    const count = (outcome: string) =>
      Metric.increment(
        Metric.tagged(Metric.tagged(Metric.tagged(httpAttempts, "api", api), "method", method), "outcome", outcome)
      )

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
  /** Needs the environment, its settings, a `TokenProvider` and a platform `HttpClient`. Limiters live with it. */
  static readonly Live: Layer.Layer<
    ItsHttp,
    never,
    ItsEnvironment | ItsHttpConfig | TokenProvider | HttpClient.HttpClient
  > = Layer.scoped(ItsHttp, make)

  /**
   * For tests of code that uses `ItsHttp`: the `local` environment (optionally changed), a static token
   * `test-token`, no rate limits, and the given settings; supply an `HttpClient` double.
   */
  static readonly layerTest = (
    options: { readonly settings?: Partial<ItsHttpSettings>; readonly apiUrl?: string } = {}
  ): Layer.Layer<ItsHttp, never, HttpClient.HttpClient> => {
    const env = ItsEnvironment.make(options.apiUrl === undefined ? {} : { apiUrl: options.apiUrl })
    return ItsHttp.Live.pipe(
      Layer.provide([
        Layer.succeed(ItsEnvironment, env),
        TokenProvider.layerStatic({ [env.audience]: "test-token" }),
        ItsHttpConfig.layer({ rateLimits: noRateLimits, ...options.settings })
      ])
    )
  }
}

/** No client-side pacing for any API. */
export const noRateLimits: Record<ItsApi, ApiRateLimits> = Object.fromEntries(
  Object.keys(DocumentedRateLimits).map((api) => [api, {}])
) as Record<ItsApi, ApiRateLimits>
