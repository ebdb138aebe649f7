/**
 * The whole simulator as one Layer: a Node HTTP server serving `SimulatorApi`, plus the services tests use to
 * script and observe it. Closing the Layer's scope closes the server.
 */
import { HttpLayerRouter, type HttpServerError } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Effect, Layer, type ConfigError, type ParseResult } from "effect"
import { createServer } from "node:http"
import { AdminHttpLive } from "./AdminHttp.ts"
import { SimulatorApi } from "./Api.ts"
import { SimulatorConfig, type SimulatorSettingsInput } from "./Config.ts"
import { Counters } from "./Counters.ts"
import { Faults } from "./Faults.ts"
import { OpenApiPath } from "./Paths.ts"
import { SimulatorInfo } from "./SimulatorInfo.ts"
import { TokenHttpLive } from "./TokenHttp.ts"
import { TokenIssuer } from "./TokenIssuer.ts"

/** What a running simulator provides. */
export type Services = SimulatorInfo | Faults | Counters | TokenIssuer

const NodeServerLive = Layer.unwrapEffect(
  Effect.map(SimulatorConfig, ({ host, port }) => NodeHttpServer.layer(() => createServer(), { host, port }))
)

const RoutesLive = HttpLayerRouter.addHttpApi(SimulatorApi, { openapiPath: OpenApiPath }).pipe(
  Layer.provide([TokenHttpLive, AdminHttpLive])
)

// Request logging is off: token outcomes are logged at debug level by the handler, and `main.ts` prints the address.
const ServeLive = HttpLayerRouter.serve(RoutesLive, { disableLogger: true, disableListenLog: true })

/** Listens on `SimulatorConfig.host`/`port`. */
export const layer: Layer.Layer<Services, HttpServerError.ServeError, SimulatorConfig> = ServeLive.pipe(
  Layer.provideMerge(Layer.mergeAll(Faults.Live, Counters.Live, TokenIssuer.Live)),
  Layer.provideMerge(SimulatorInfo.Live),
  Layer.provide(NodeServerLive)
)

/** Configured from `SIM_*` variables. */
export const layerFromEnv: Layer.Layer<Services, HttpServerError.ServeError | ConfigError.ConfigError> = layer.pipe(
  Layer.provide(SimulatorConfig.fromEnv)
)

/** For tests: 127.0.0.1 on a free port, other settings from `input` (same shape as the `SIM_*` JSON). */
export const layerTest = (
  input: SimulatorSettingsInput = {}
): Layer.Layer<Services, HttpServerError.ServeError | ParseResult.ParseError> =>
  layer.pipe(Layer.provide(SimulatorConfig.layer({ host: "127.0.0.1", port: 0, ...input })))
