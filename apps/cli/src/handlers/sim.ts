/** `its sim`: the ITS simulator in the foreground (the command: `commands/sim.ts`). */
import { ConfigProvider, Effect, Layer, Option } from "effect"
import { emit } from "../Output.ts"

export interface SimArgs {
  readonly port: Option.Option<number>
  readonly host: Option.Option<string>
}

/** Runs the simulator until interrupted; `--port`/`--host` override `SIM_PORT`/`SIM_HOST`. */
export const runSimulator = ({ port, host }: SimArgs) => {
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
        Layer.provide(Simulator.layer),
        Layer.launch,
        Effect.withConfigProvider(
          ConfigProvider.fromMap(overrides).pipe(ConfigProvider.orElse(() => ConfigProvider.fromEnv()))
        )
      )
    }
  )
}
