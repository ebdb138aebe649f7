/**
 * The fast path of the cached score lookups (`GET /v1/scores/{lbs,bot,marker,sccf,ccf}`), in front of the HttpApi
 * router. A cache hit is a few microseconds of work; the router's fiber, middleware and security stack around it cost
 * far more (see the profile in `tools/bench/README.md`). This handler answers only the requests it can answer exactly
 * as the router would, synchronously, and hands every other request to the router untouched:
 *
 * - the exact path, `GET`, no body, no tracing (with `OTEL_EXPORTER_OTLP_ENDPOINT` set every request goes through the
 *   router, which makes the spans);
 * - one key, as `Authorization: Bearer <key>` or `X-Api-Key` (not both), that `ApiKeys` knows and whose consumer has
 *   `scores:read`;
 * - query parameters that the endpoint's own Schema (`scores/Api.ts`) decodes;
 * - every requested account fresh in the cache (`ScoreCache.freshHit`).
 *
 * Only then is the key's rate limit taken (`ApiKeys.authenticate`, once, as the router does): a 429 is answered here
 * with the router's problem body. The body is the endpoint's success Schema encoded, with the same request id header,
 * request metrics and access log line as `GatewayMiddleware`. `GatewayApi` stays the one definition of the route
 * (OpenAPI, docs, client); `test/scores/FastLookup.test.ts` checks both paths answer byte for byte the same.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http"
import type { AccountId, EntityIds, ScoreScope } from "@its/models"
import { AllSubBookmakers } from "@its/models"
import {
  Cause,
  Config,
  type ConfigError,
  Context,
  Effect,
  Either,
  Exit,
  Layer,
  Metric,
  Option,
  Redacted,
  Runtime,
  Schema,
  type SchemaAST
} from "effect"
import { ApiKeys } from "../keys/ApiKeys.ts"
import { AccessLog } from "../observability/AccessLog.ts"
import { recordRequest } from "../observability/HttpMetrics.ts"
import { problemBody } from "../problems/Problem.ts"
import { requestIdOf } from "../observability/RequestId.ts"
import { CustomerLookupParams, EntityLookupParams } from "./Api.ts"
import { entityKeys, type ScoreKey, ScoreCache } from "./ScoreCache.ts"
import type { ScoreModel } from "./ScoreCacheConfig.ts"
import {
  BotScoreLookup,
  CcfScoreLookup,
  LbsScoreLookup,
  MarkerScoreLookup,
  SccfScoreLookup,
  type ScoreLookupResponse,
  type scoreLookupResponse,
  toScoreLookupResponse
} from "./ScoreLookupResponse.ts"

/** Requests answered by the fast path (the rest of the request metrics are the same as the router's). */
export const fastLookups = Metric.counter("its_gateway_fast_lookups_total", {
  description: "Score lookups answered by the fast path in front of the router (cache hits)",
  incremental: true
})

/** Answers a request and returns true, or returns false and leaves it to the router. */
export type FastHandler = (request: IncomingMessage, response: ServerResponse) => boolean

/** Handlers that see each request before the router (`server/NodeServer.ts` installs them with `serveFirst`). */
export class FastRoutes extends Context.Tag("@its/gateway/FastRoutes")<
  FastRoutes,
  { readonly handle: Option.Option<FastHandler> }
>() {}

interface Route {
  readonly model: ScoreModel
  readonly decode: (input: unknown) => Either.Either<ScopeParams & Partial<EntityParams>, unknown>
  readonly keys: (params: ScopeParams & Partial<EntityParams>) => ReadonlyArray<ScoreKey>
  readonly encode: (response: unknown) => unknown
}

interface ScopeParams {
  readonly bookmaker: ScoreScope["bookmaker"]
  readonly subBookmaker?: ScoreScope["subBookmaker"]
}
interface EntityParams {
  readonly customer: ReadonlyArray<AccountId>
  readonly shop: ReadonlyArray<AccountId>
  readonly terminal: ReadonlyArray<AccountId>
}

const customers = (params: Partial<EntityParams>): ReadonlyArray<ScoreKey> =>
  (params.customer ?? []).map((id) => ({ type: "C" as const, id }))

const entities = (params: Partial<EntityParams>): ReadonlyArray<ScoreKey> =>
  entityKeys({
    ...(params.customer === undefined ? {} : { customers: params.customer }),
    ...(params.shop === undefined ? {} : { shops: params.shop }),
    ...(params.terminal === undefined ? {} : { terminals: params.terminal })
  } satisfies EntityIds)

// Decoders and encoders compiled once, from the same Schemas the endpoints declare.
const customerParams = Schema.decodeUnknownEither(CustomerLookupParams)
const entityParams = Schema.decodeUnknownEither(EntityLookupParams)

/**
 * Whether encoding with `ast` returns valid values unchanged: no transformation anywhere (refinements only check).
 * Conservative: declarations, recursion and index signatures count as transformations.
 */
const encodesAsIs = (ast: SchemaAST.AST): boolean => {
  switch (ast._tag) {
    case "Transformation":
    case "Declaration":
    case "Suspend":
      return false
    case "Refinement":
      return encodesAsIs(ast.from)
    case "Union":
      return ast.types.every(encodesAsIs)
    case "TupleType":
      return ast.elements.every((e) => encodesAsIs(e.type)) && ast.rest.every((r) => encodesAsIs(r.type))
    case "TypeLiteral":
      return ast.indexSignatures.length === 0 && ast.propertySignatures.every((p) => encodesAsIs(p.type))
    default:
      return true
  }
}

/**
 * The endpoint's success Schema as an encoder, with each item encoded once per cached item object (cached items are
 * immutable; a hit re-serves the same objects) and the rest (accounts, ages, totals) per request. Keys come out in
 * the Schema's order, so the JSON is the router's byte for byte (`test/scores/FastLookup.test.ts`). When the rest
 * encodes as is (it does today: ids, booleans, numbers), the handler's values are passed through: they are built
 * in the Schema's key order by `toScoreLookupResponse` and are valid by construction.
 */
const responseEncoder = <A, I>(schema: ReturnType<typeof scoreLookupResponse<A, I>>) => {
  const { items, ...rest } = schema.fields
  const encodeItem = Schema.encodeSync(items.value)
  const restSchema = Schema.Struct(rest)
  const encodeRest = encodesAsIs(restSchema.ast)
    ? (response: ScoreLookupResponse<A>) => ({
        missing: response.missing,
        accounts: response.accounts,
        cache: response.cache
      })
    : Schema.encodeSync(restSchema)
  const encoded = new WeakMap<object, { readonly type: string; readonly encoded: unknown }>()
  return (response: ScoreLookupResponse<A>): unknown => {
    const encodedItems = response.items.map((typed) => {
      const item = typed.item as object
      const seen = encoded.get(item)
      if (seen !== undefined && seen.type === typed.type) return seen.encoded
      const fresh = encodeItem(typed)
      encoded.set(item, { type: typed.type, encoded: fresh })
      return fresh
    })
    return { items: encodedItems, ...encodeRest(response) }
  }
}

const route = <A, I>(
  model: ScoreModel,
  entityRoute: boolean,
  schema: ReturnType<typeof scoreLookupResponse<A, I>>
): Route => ({
  model,
  decode: (entityRoute ? entityParams : customerParams) as Route["decode"],
  keys: entityRoute ? entities : customers,
  encode: responseEncoder(schema) as (response: unknown) => unknown
})

/** The lookups by exact path (the router's match for these paths, with no percent-encoding to undo). */
export const fastRoutes: ReadonlyMap<string, Route> = new Map([
  ["/v1/scores/lbs", route("lbs", false, LbsScoreLookup)],
  ["/v1/scores/bot", route("bot", false, BotScoreLookup)],
  ["/v1/scores/marker", route("marker", false, MarkerScoreLookup)],
  ["/v1/scores/sccf", route("sccf", true, SccfScoreLookup)],
  ["/v1/scores/ccf", route("ccf", true, CcfScoreLookup)]
])

/** A query string's decoded parameters and the cache keys they ask for (decoding is pure: same text, same result). */
interface Parsed {
  readonly params: ScopeParams & Partial<EntityParams>
  readonly keys: ReadonlyArray<ScoreKey>
}
/** Bounded: cleared when full, so arbitrary query strings cannot grow it. */
const parsedLimit = 4_096

/** Query parameters as the router reads them: a repeated name becomes an array. */
const paramsOf = (query: string): Record<string, string | Array<string>> => {
  const record: Record<string, string | Array<string>> = {}
  for (const [name, value] of new URLSearchParams(query)) {
    const seen = record[name]
    record[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value]
  }
  return record
}

/** The key the router's security would accept first, when it is unambiguous; else undefined (router decides). */
const keyOf = (headers: IncomingMessage["headers"]): string | undefined => {
  const authorization = headers.authorization
  const apiKey = headers["x-api-key"]
  if (authorization !== undefined && apiKey === undefined)
    return authorization.startsWith("Bearer ") && authorization.length > 7 ? authorization.slice(7) : undefined
  if (authorization === undefined && typeof apiKey === "string" && apiKey !== "") return apiKey
  return undefined
}

/** Settings: `GATEWAY_FAST_LOOKUPS` (default true) turns the fast path off; tracing turns it off too. */
export const fastLookupsEnabled = Config.all({
  enabled: Config.boolean("GATEWAY_FAST_LOOKUPS").pipe(Config.withDefault(true)),
  tracing: Config.option(Config.nonEmptyString("OTEL_EXPORTER_OTLP_ENDPOINT"))
}).pipe(Config.map(({ enabled, tracing }) => enabled && Option.isNone(tracing)))

const make = Effect.gen(function* () {
  const cache = yield* ScoreCache
  const keys = yield* ApiKeys
  const accessLog = yield* AccessLog
  const clock = yield* Effect.clock
  const runSyncExit = Runtime.runSyncExit(yield* Effect.runtime<never>())
  const parsedByTarget = new Map<string, Parsed>()

  const write = (
    response: ServerResponse,
    requestId: string,
    status: number,
    contentType: string,
    body: string,
    extra?: Record<string, string>
  ) => {
    response.writeHead(status, {
      "content-type": contentType,
      "content-length": Buffer.byteLength(body),
      ...extra,
      "x-request-id": requestId
    })
    response.end(body)
  }

  const handler: FastHandler = (request, response) => {
    if (request.method !== "GET") return false
    const target = request.url ?? ""
    const q = target.indexOf("?")
    const path = q < 0 ? target : target.slice(0, q)
    const route = fastRoutes.get(path)
    if (route === undefined) return false
    const headers = request.headers
    if (headers["content-length"] !== undefined || headers["transfer-encoding"] !== undefined) return false
    const key = keyOf(headers)
    if (key === undefined) return false
    const redacted = Redacted.make(key)
    // A key without a rate limit is authenticated by a plain call; a rate-limited one through `authenticate` below.
    const unlimited = keys.authenticateUnlimited(redacted)
    const consumer = unlimited ?? Option.getOrUndefined(keys.identify(redacted))
    if (consumer === undefined || !consumer.scopes.has("scores:read")) return false
    let parsed = parsedByTarget.get(target)
    if (parsed === undefined) {
      const params = route.decode(paramsOf(q < 0 ? "" : target.slice(q + 1)))
      if (Either.isLeft(params)) return false
      if (parsedByTarget.size >= parsedLimit) parsedByTarget.clear()
      parsed = { params: params.right, keys: route.keys(params.right) }
      parsedByTarget.set(target, parsed)
    }
    const start = clock.unsafeCurrentTimeMillis()
    const scope: ScoreScope = {
      bookmaker: parsed.params.bookmaker,
      subBookmaker: parsed.params.subBookmaker ?? AllSubBookmakers
    }
    const serve = cache.freshHit(route.model, scope, parsed.keys, start)
    if (serve === undefined) return false

    // From here on the request is ours: the rate limit is taken once, as the router's security would.
    const requestId = requestIdOf(headers)
    const allowed = unlimited !== undefined ? Exit.succeed(unlimited) : runSyncExit(keys.authenticate(redacted))
    let status: number
    if (Exit.isSuccess(allowed)) {
      status = 200
      const body = JSON.stringify(route.encode(toScoreLookupResponse(serve())))
      write(response, requestId, status, "application/json", body)
    } else {
      // `identify` accepted the key, so the only failure left is the rate limit (a problem, as the router's).
      const failure = Option.getOrUndefined(Cause.failureOption(allowed.cause))
      if (failure === undefined) throw Cause.squash(allowed.cause)
      status = failure.status
      write(
        response,
        requestId,
        status,
        "application/problem+json",
        JSON.stringify(problemBody(failure, requestId)),
        failure.retryAfterSeconds === undefined ? undefined : { "retry-after": String(failure.retryAfterSeconds) }
      )
    }
    const durationMs = clock.unsafeCurrentTimeMillis() - start
    recordRequest(path, "GET", status, durationMs)
    fastLookups.unsafeUpdate(1, [])
    accessLog.write({ requestId, method: "GET", route: path, status, durationMs })
    return true
  }
  return handler
})

/** The fast lookups; `handle` is none when `GATEWAY_FAST_LOOKUPS=false` or tracing is on. */
export const FastRoutesLive: Layer.Layer<FastRoutes, ConfigError.ConfigError, ScoreCache | ApiKeys | AccessLog> =
  Layer.effect(
    FastRoutes,
    Effect.flatMap(fastLookupsEnabled, (enabled) =>
      enabled
        ? Effect.map(make, (handler) => ({ handle: Option.some(handler) }))
        : Effect.succeed({ handle: Option.none() })
    )
  )

/**
 * Lets `handler` see each request before the server's `request` listeners (the platform's router): a request it
 * answers never reaches them. A handler that throws leaves the request to the router (nothing was written yet:
 * every check comes before the first write).
 */
export const serveFirst = (server: Server, handler: FastHandler): void => {
  const emit = server.emit
  server.emit = function (this: Server, event: string | symbol, ...args: Array<unknown>) {
    if (event === "request") {
      const [request, response] = args as [IncomingMessage, ServerResponse]
      try {
        if (handler(request, response)) return true
      } catch {
        if (response.headersSent) return true
      }
    }
    return emit.apply(this, [event, ...args] as Parameters<Server["emit"]>)
  } as Server["emit"]
}
