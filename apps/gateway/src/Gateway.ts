/**
 * The gateway assembled from configuration: the transport (tokens, REST, data plane), the models and tickets
 * clients, the score cache, the durable outbox and its worker, API keys, and the HTTP server. `runGateway` serves it
 * and prints how to call it. No simulator here: the development composition (`dev.ts`, `dev/Development.ts`) adds it.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { HttpServer } from "@effect/platform"
import { Models, ModelsConfig } from "@its/models"
import { OperatorId, Tickets } from "@its/tickets"
import { DataPlane, ItsEnvironment, ItsHttp, type ResolvedEnvironment, TokensLive } from "@its/transport"
import { Console, Context, Effect, Layer, Option } from "effect"
import { GatewayConfig, type GatewaySettings } from "./GatewayConfig.ts"
import { HttpLive } from "./Http.ts"
import { Outbox, OutboxConfig, OutboxStoreLive, OutboxWorker } from "./outbox/index.ts"
import { FastRoutesLive } from "./scores/FastLookup.ts"
import { ScoreCache } from "./scores/ScoreCache.ts"
import { LateReplyStore } from "./late/LateReplyStore.ts"
import { TracingLive } from "./observability/Tracing.ts"
import { AccessLog } from "./observability/AccessLog.ts"
import { ApiKeys, type ApiKeysShape } from "./keys/ApiKeys.ts"
import { SharedTokenProvider, TokenStore } from "./tokens/TokenStore.ts"

/** The outbox's database (SQLite file, or PostgreSQL with `DATABASE_URL`), shared with the token store. */
const StoreLive = OutboxStoreLive.pipe(Layer.provideMerge(OutboxConfig.layer))

/**
 * The transport with tokens shared through the store: restarts and other instances reuse a valid token instead of
 * asking the IdP again (it has quotas); see `tokens/TokenStore.ts` for what it does not coordinate.
 */
const TransportShared = Layer.mergeAll(ItsHttp.layer, DataPlane.layer).pipe(
  Layer.provideMerge(SharedTokenProvider.layer.pipe(Layer.provide(TokensLive), Layer.provide(TokenStore.layer))),
  Layer.provideMerge(ItsEnvironment.layer)
)

/** Everything the handlers use, from configuration (`ITS_*`, `PORT`, `DATABASE_URL`, …). */
export const ServicesLive = Layer.mergeAll(
  ScoreCache.layer.pipe(Layer.provideMerge(Models.layer), Layer.provide(ModelsConfig.layer)),
  // The worker delivers informs over the data plane and stops after its current delivery on shutdown.
  Layer.mergeAll(Outbox.layer, OutboxWorker.layer, LateReplyStore.layer).pipe(Layer.provideMerge(Tickets.layer)),
  OperatorId.layer,
  ApiKeys.layer,
  AccessLog.layer
).pipe(
  Layer.provideMerge(TransportShared),
  Layer.provideMerge(StoreLive),
  Layer.provide(NodeHttpClient.layerUndici),
  Layer.provideMerge(GatewayConfig.layer)
)

/** The whole gateway: services, HTTP server, tracing when `OTEL_EXPORTER_OTLP_ENDPOINT` is set. */
export const GatewayLive: Layer.Layer<
  Layer.Layer.Success<typeof ServicesLive> | HttpServer.HttpServer,
  Layer.Layer.Error<typeof ServicesLive> | import("@effect/platform/HttpServerError").ServeError
> = HttpLive.pipe(Layer.provide(FastRoutesLive), Layer.provideMerge(ServicesLive), Layer.provide(TracingLive))

/** What the start-up banner can tell: the real URL, the resolved ITS environment, the API keys, the settings. */
export interface Listening {
  readonly url: string
  readonly env: ResolvedEnvironment
  readonly keys: ApiKeysShape
  readonly settings: GatewaySettings
}

/** The production banner: where it talks, and which consumers it knows (never a key). */
export const productionBanner = ({ env, keys }: Listening): ReadonlyArray<string> => [
  `ITS_ENV=${env.name}: talking to ${env.apiUrl}`,
  `API keys: ${keys.consumers.join(", ")}`
]

/**
 * Builds `GatewayLive` from the current configuration, prints the listening line (URL, docs, OpenAPI) and the
 * `banner`'s lines, and runs until interrupted (SIGTERM/SIGINT close the scope: graceful shutdown).
 */
export const runGateway = (banner: (listening: Listening) => ReadonlyArray<string> = productionBanner) =>
  Effect.gen(function* () {
    const context = yield* Layer.build(GatewayLive)
    const server = Context.get(context, HttpServer.HttpServer)
    const settings = Context.get(context, GatewayConfig)
    const address = server.address
    const host = address._tag === "TcpAddress" ? address.hostname : "localhost"
    const port = address._tag === "TcpAddress" ? address.port : 0
    const scheme = Option.isSome(settings.tls) ? "https" : "http"
    const url = `${scheme}://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`
    const lines = [
      `ITS gateway listening on ${url}  (docs: ${url}/docs, OpenAPI: ${url}/openapi.json)`,
      ...banner({ url, env: Context.get(context, ItsEnvironment), keys: Context.get(context, ApiKeys), settings })
    ]
    yield* Console.log(lines.join("\n"))
    return yield* Effect.never
  })
