/**
 * The whole simulator as one Layer: a Node HTTP server serving `SimulatorApi` and the data-plane WebSocket, plus the
 * services tests use to script and observe it. Closing the Layer's scope closes every WebSocket and the server.
 */
import { type Etag, type HttpPlatform, HttpLayerRouter, type HttpServer, type HttpServerError } from "@effect/platform"
import { type NodeContext, NodeHttpServer } from "@effect/platform-node"
import { type ConfigError, Effect, Layer, type ParseResult } from "effect"
import { createNodeServer } from "@its/transport/node-server"
import { AdminHttpLive } from "./AdminHttp.ts"
import { SimulatorApi } from "./Api.ts"
import { SimulatorConfig, type SimulatorSettingsInput } from "./Config.ts"
import { Counters } from "./Counters.ts"
import { DataPlaneCounters } from "./DataPlaneCounters.ts"
import { DataPlaneFaults } from "./DataPlaneFaults.ts"
import { DataPlaneHandler } from "./DataPlaneHandler.ts"
import { DataPlaneRouteLive } from "./DataPlaneHttp.ts"
import { Faults } from "./Faults.ts"
import { ModelsRoutesLive } from "./models/Http.ts"
import { OpenApiPath } from "./Paths.ts"
import { RestCounters } from "./RestCounters.ts"
import { RestFaults } from "./RestFaults.ts"
import { RestRateLimiter } from "./RestRateLimiter.ts"
import { SimulatorInfo } from "./SimulatorInfo.ts"
import * as TicketHandler from "./TicketHandler.ts"
import { TicketLedger } from "./TicketHandler.ts"
import { TokenHttpLive } from "./TokenHttp.ts"
import { TokenIssuer } from "./TokenIssuer.ts"

/** What a running simulator provides. */
export type Services =
  | SimulatorInfo
  | Faults
  | Counters
  | TokenIssuer
  | DataPlaneFaults
  | DataPlaneCounters
  | RestFaults
  | RestRateLimiter
  | RestCounters

/** What extra routes and handlers get from the simulator: its services, its config and the HTTP platform. */
export type Provided =
  | Services
  | SimulatorConfig
  | HttpLayerRouter.HttpRouter
  | HttpServer.HttpServer
  | HttpPlatform.HttpPlatform
  | Etag.Generator
  | NodeContext.NodeContext

/** Extensions of the standard simulator (tests of later APIs, replaced data-plane semantics). */
export interface Options<E = never, R = never> {
  /**
   * Further routes on the same server, e.g. `HttpLayerRouter.addHttpApi(MyApi)` provided with group Layers wrapped
   * by `SimulatedApi.protect`. They may use every `Services` member and `SimulatorConfig`.
   */
  readonly routes?: Layer.Layer<never, E, R> | undefined
  /** Replaces the data plane's echo handler. May use every `Services` member and `SimulatorConfig`. */
  readonly dataPlaneHandler?: Layer.Layer<DataPlaneHandler, E, R> | undefined
}

const NodeServerLive = Layer.unwrapEffect(
  Effect.map(SimulatorConfig, ({ host, port }) => NodeHttpServer.layer(() => createNodeServer(), { host, port }))
)

const ApiRoutesLive = HttpLayerRouter.addHttpApi(SimulatorApi, { openapiPath: OpenApiPath }).pipe(
  Layer.provide([TokenHttpLive, AdminHttpLive])
)

const ServicesLive = Layer.mergeAll(
  Faults.layer,
  Counters.layer,
  TokenIssuer.layer,
  DataPlaneFaults.layer,
  DataPlaneCounters.layer,
  RestFaults.layer,
  RestCounters.layer,
  RestRateLimiter.layer
)

/**
 * Listens on `SimulatorConfig.host`/`port` with extra routes and/or another data-plane handler (the echo handler by
 * default); `layerWith({})` is the plain simulator for a given `SimulatorConfig`.
 */
export const layerWith = <E = never, R = never>(
  options: Options<E, R>
): Layer.Layer<Services, HttpServerError.ServeError | E, SimulatorConfig | Exclude<R, Provided>> => {
  const routes = Layer.mergeAll(
    ApiRoutesLive,
    ModelsRoutesLive,
    DataPlaneRouteLive.pipe(Layer.provide(options.dataPlaneHandler ?? DataPlaneHandler.layer)),
    options.routes ?? Layer.empty
  )
  // Request logging is off: outcomes are logged at debug level by the handlers, and `main.ts` prints the address.
  return HttpLayerRouter.serve(routes, { disableLogger: true, disableListenLog: true }).pipe(
    Layer.provideMerge(ServicesLive),
    Layer.provideMerge(SimulatorInfo.layer),
    Layer.provide(NodeServerLive)
    // The router's request-level types (`HttpLayerRouter.Request`) do not simplify for a generic `R`.
  ) as unknown as Layer.Layer<Services, HttpServerError.ServeError | E, SimulatorConfig | Exclude<R, Provided>>
}

/**
 * Configured from `SIM_*` variables, with the ticket semantics on the data plane (`TicketHandler.layer`, live
 * delay from `SIM_LIVE_DELAY_MS`) so a standalone simulator (`pnpm sim`, the main job) speaks the ticket protocol;
 * its `TicketLedger` is provided too. `layerWith` / `layerTest` keep the echo handler the transport tests rely on.
 */
export const layer: Layer.Layer<Services | TicketLedger, HttpServerError.ServeError | ConfigError.ConfigError> =
  layerWith({ dataPlaneHandler: TicketHandler.layer }).pipe(
    Layer.provideMerge(TicketLedger.layer),
    Layer.provide(SimulatorConfig.layer)
  )

/**
 * For tests: 127.0.0.1 on a free port, other settings from `input` (same shape as the `SIM_*` JSON), optionally
 * with extra routes or another data-plane handler.
 */
export const layerTest = <E = never, R = never>(
  input: SimulatorSettingsInput = {},
  options: Options<E, R> = {}
): Layer.Layer<Services, HttpServerError.ServeError | ParseResult.ParseError | E, Exclude<R, Provided>> =>
  layerWith(options).pipe(Layer.provide(SimulatorConfig.layerWith({ host: "127.0.0.1", port: 0, ...input })))
