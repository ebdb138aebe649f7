/**
 * The gateway assembled from configuration: the transport (tokens, REST, data plane), the models and tickets
 * clients, the score cache, the durable outbox and its worker, API keys, and the HTTP server. `runGateway` adds the
 * embedded simulator for `local` without `ITS_API_URL` and prints how to call it.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { HttpServer } from "@effect/platform"
import { Models, ModelsConfig } from "@its/models"
import { Simulator, SimulatorInfo } from "@its/simulator"
import { Tickets } from "@its/tickets"
import { DataPlane, ItsEnvironment, ItsHttp, ItsHttpConfig, TokensLive } from "@its/transport"
import { Config, ConfigProvider, Console, Context, Effect, Layer, Option, Redacted } from "effect"
import { ApiKeys } from "./ApiKeys.ts"
import { GatewayConfig } from "./GatewayConfig.ts"
import { HttpLive } from "./Http.ts"
import { Outbox, OutboxConfig, OutboxStoreLive, OutboxWorker } from "./outbox/index.ts"
import { SharedTokenProvider, TokenStore } from "./outbox/TokenStore.ts"
import { ScoreCache } from "./scores/ScoreCache.ts"
import { TracingLive } from "./observability/Tracing.ts"

/** The outbox's database (SQLite file, or PostgreSQL with `DATABASE_URL`), shared with the token store. */
const StoreLive = OutboxStoreLive.pipe(Layer.provideMerge(OutboxConfig.fromEnv))

/**
 * The transport with tokens shared through the store: restarts and other instances reuse a valid token instead of
 * asking the IdP again (it has quotas); see `outbox/TokenStore.ts` for what it does not coordinate.
 */
const TransportShared = Layer.mergeAll(ItsHttp.Live.pipe(Layer.provide(ItsHttpConfig.fromEnv)), DataPlane.layer).pipe(
  Layer.provideMerge(SharedTokenProvider.layer.pipe(Layer.provide(TokensLive), Layer.provide(TokenStore.layer))),
  Layer.provideMerge(ItsEnvironment.Live)
)

/** Everything the handlers use, from configuration (`ITS_*`, `PORT`, `DATABASE_URL`, …). */
export const ServicesLive = Layer.mergeAll(
  ScoreCache.layer.pipe(Layer.provideMerge(Models.Live), Layer.provide(ModelsConfig.fromEnv)),
  // The worker delivers informs over the data plane and stops after its current delivery on shutdown.
  Layer.merge(Outbox.layer, OutboxWorker.layer).pipe(Layer.provideMerge(Tickets.fromEnvironment)),
  Tickets.operatorIdFromEnvironment,
  ApiKeys.fromConfig
).pipe(
  Layer.provideMerge(TransportShared),
  Layer.provideMerge(StoreLive),
  Layer.provide(NodeHttpClient.layerUndici),
  Layer.provideMerge(GatewayConfig.fromEnv)
)

/** The whole gateway: services, HTTP server, tracing when `OTEL_EXPORTER_OTLP_ENDPOINT` is set. */
export const GatewayLive: Layer.Layer<
  Layer.Layer.Success<typeof ServicesLive> | HttpServer.HttpServer,
  Layer.Layer.Error<typeof ServicesLive> | import("@effect/platform/HttpServerError").ServeError
> = HttpLive.pipe(Layer.provideMerge(ServicesLive), Layer.provide(TracingLive))

/** With `ITS_ENV=local` and no `ITS_API_URL`: the bundled simulator, and config that points at it. */
const embeddedSimulator = Effect.gen(function* () {
  const env = yield* Config.string("ITS_ENV").pipe(Config.withDefault("local"))
  const apiUrl = yield* Config.option(Config.nonEmptyString("ITS_API_URL"))
  if (env !== "local" || Option.isSome(apiUrl)) return Option.none<Map<string, string>>()
  const simPort = yield* Config.option(Config.string("SIM_PORT"))
  const simulator = yield* Layer.build(
    Simulator.layerFromEnv.pipe(
      Layer.provide(
        Layer.setConfigProvider(
          ConfigProvider.orElse(
            ConfigProvider.fromMap(new Map([["SIM_PORT", Option.getOrElse(simPort, () => "0")]])),
            () => ConfigProvider.fromEnv()
          )
        )
      )
    )
  )
  const info = Context.get(simulator, SimulatorInfo)
  const operatorId = yield* Config.option(Config.string("ITS_OPERATOR_ID"))
  // For `local`, ITS_API_URL moves the token and data-plane URLs with it; the simulator takes any operator id.
  return Option.some(
    new Map([
      ["ITS_API_URL", info.baseUrl],
      ["ITS_OPERATOR_ID", Option.getOrElse(operatorId, () => "9999")],
      ["ITS_BOOKMAKER_ID", "9999"]
    ])
  )
})

export const runGateway = Effect.gen(function* () {
  const overlay = yield* embeddedSimulator
  const current = yield* Effect.configProviderWith(Effect.succeed)
  const provider = Option.match(overlay, {
    onNone: () => current,
    onSome: (map) => ConfigProvider.orElse(ConfigProvider.fromMap(map), () => current)
  })
  const context = yield* Layer.build(GatewayLive).pipe(Effect.withConfigProvider(provider))
  const server = Context.get(context, HttpServer.HttpServer)
  const env = Context.get(context, ItsEnvironment)
  const keys = Context.get(context, ApiKeys)
  const settings = Context.get(context, GatewayConfig)
  const address = server.address
  const host = address._tag === "TcpAddress" ? address.hostname : "localhost"
  const port = address._tag === "TcpAddress" ? address.port : 0
  const scheme = Option.isSome(settings.tls) ? "https" : "http"
  const url = `${scheme}://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`
  const lines = [
    `ITS gateway listening on ${url}  (docs: ${url}/docs, OpenAPI: ${url}/openapi.json)`,
    Option.isSome(overlay)
      ? `ITS_ENV=local: talking to the bundled ITS SIMULATOR at ${env.apiUrl}, not to Sportradar.`
      : `ITS_ENV=${env.name}: talking to ${env.apiUrl}`
  ]
  Option.match(keys.demoKey, {
    onNone: () => lines.push(`API keys: ${keys.consumers.join(", ")}`),
    onSome: (key) => {
      lines.push(`demo API key (all scopes; stored in ${settings.dataDir}/demo-api-key): ${Redacted.value(key)}`)
      lines.push(
        `try: curl -s -H 'Authorization: Bearer ${Redacted.value(key)}' '${url}/v1/scores/lbs?bookmaker=9999&customer=cust-000001,cust-000002'`
      )
    }
  })
  yield* Console.log(lines.join("\n"))
  return yield* Effect.never
})
