/** `its sim`: the ITS simulator (token endpoint, every model API, the data plane with ticket semantics). */
import { Options } from "@effect/cli"
import { ConfigProvider, Effect, Layer, Option } from "effect"
import { emit } from "../Output.ts"
import { leaf } from "../Run.ts"

export const simCommand = leaf(
  "sim",
  {
    port: Options.integer("port").pipe(
      Options.withDescription("port (default SIM_PORT or 4010; 0 picks a free one)"),
      Options.optional
    ),
    host: Options.text("host").pipe(
      Options.withDescription("interface (default SIM_HOST or 127.0.0.1)"),
      Options.optional
    )
  },
  "Start the ITS simulator in the foreground (SIM_* variables configure it, see tools/simulator/README.md); Ctrl-C stops it.\n\nExample: its sim --port 4010",
  ({ port, host }) => {
    const overrides = new Map<string, string>()
    Option.map(port, (p) => overrides.set("SIM_PORT", String(p)))
    Option.map(host, (h) => overrides.set("SIM_HOST", h))
    // Loaded here, not at start-up: every other command starts faster without the simulator's modules.
    return Effect.flatMap(
      Effect.promise(() => import("@its/simulator")),
      ({ Simulator, SimulatorInfo }) => {
        const announce = Layer.effectDiscard(
          Effect.flatMap(SimulatorInfo, (info) =>
            emit(
              { url: info.baseUrl, tokenUrl: info.tokenUrl, dataPlaneUrl: info.dataPlaneUrl },
              () =>
                `ITS simulator listening on ${info.baseUrl} (token endpoint: ${info.tokenUrl}), data plane on ${info.dataPlaneUrl}\n` +
                `try: ITS_API_URL=${info.baseUrl} its scores lbs --bookmaker 1 --customer c1`
            )
          )
        )
        return announce.pipe(
          Layer.provide(Simulator.layerFromEnv),
          Layer.launch,
          Effect.withConfigProvider(
            ConfigProvider.fromMap(overrides).pipe(ConfigProvider.orElse(() => ConfigProvider.fromEnv()))
          )
        )
      }
    )
  }
)
