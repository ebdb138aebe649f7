/**
 * Process entry: `pnpm --filter @its/simulator start`. Configured by `SIM_*` variables (see README). The data plane
 * answers with the ticket semantics (`layer` uses `TicketHandler`, live delay from `SIM_LIVE_DELAY_MS`).
 * SIGINT/SIGTERM interrupt the main fiber; closing the Layer closes the server.
 */
import { NodeRuntime } from "@effect/platform-node"
import { Config, Console, Effect, Layer, Logger, LogLevel } from "effect"
import { layer } from "./Server.ts"
import { SimulatorInfo } from "./SimulatorInfo.ts"

const AnnounceLive = Layer.effectDiscard(
  Effect.flatMap(SimulatorInfo, (info) =>
    Console.log(
      `ITS simulator listening on ${info.baseUrl} (token endpoint: ${info.tokenUrl}), data plane on ${info.dataPlaneUrl}`
    )
  )
)

const LogLevelLive = Layer.unwrapEffect(
  Effect.map(Config.logLevel("SIM_LOG_LEVEL").pipe(Config.withDefault(LogLevel.Info)), Logger.minimumLogLevel)
)

AnnounceLive.pipe(Layer.provide(layer), Layer.provide(LogLevelLive), Layer.launch, NodeRuntime.runMain)
