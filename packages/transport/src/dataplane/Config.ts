/**
 * `DataPlaneConfig`: where the data-plane socket goes and how it behaves (timeouts, in-flight bound, rotation,
 * keep-alive, reconnect backoff). Defaults come from `Assumptions.ts`; `layer` reads `ITS_WS_*` keys.
 */
import { Config, type ConfigError, Context, Duration, Effect, Layer } from "effect"
import { DataPlaneDefaults } from "../Assumptions.ts"
import { ItsEnvironment } from "../ItsEnvironment.ts"

export interface DataPlaneSettings {
  /** `ws://` or `wss://` URL (default: the environment's). */
  readonly url: string
  /** Token audience for the upgrade (default: the environment's data-plane audience). */
  readonly audience: string
  /** Per request, from the call until its reply (including waiting for capacity or a connection). */
  readonly requestTimeout: Duration.Duration
  readonly maxInFlight: number
  readonly maxMessageBytes: number
  /** Outgoing messages larger than this are sent as fragments of this size; 0 disables fragmentation. */
  readonly fragmentBytes: number
  readonly maxConnectionAge: Duration.Duration
  /** Also replace the connection before its upgrade token's hard expiry. */
  readonly rotateBeforeTokenExpiry: boolean
  readonly pingInterval: Duration.Duration
  readonly pongTimeout: Duration.Duration
  readonly connectTimeout: Duration.Duration
  readonly reconnectBase: Duration.Duration
  readonly reconnectCap: Duration.Duration
}

const defaults = {
  requestTimeout: Duration.decode(DataPlaneDefaults.requestTimeout),
  maxInFlight: DataPlaneDefaults.maxInFlight,
  maxMessageBytes: DataPlaneDefaults.maxMessageBytes,
  fragmentBytes: DataPlaneDefaults.fragmentBytes,
  maxConnectionAge: Duration.decode(DataPlaneDefaults.maxConnectionAge),
  rotateBeforeTokenExpiry: DataPlaneDefaults.rotateBeforeTokenExpiry,
  pingInterval: Duration.decode(DataPlaneDefaults.pingInterval),
  pongTimeout: Duration.decode(DataPlaneDefaults.pongTimeout),
  connectTimeout: Duration.seconds(10),
  reconnectBase: Duration.millis(200),
  reconnectCap: Duration.seconds(30)
} satisfies Omit<DataPlaneSettings, "url" | "audience">

const positiveDuration = (name: string, fallback: Duration.Duration) =>
  Config.duration(name).pipe(
    Config.validate({ message: "Expected a positive duration", validation: (d) => Duration.toMillis(d) > 0 }),
    Config.withDefault(fallback)
  )

/** Explicit values: `url` and `audience`, the rest defaulted. */
export type DataPlaneOptions = Pick<DataPlaneSettings, "url" | "audience"> & Partial<DataPlaneSettings>

export class DataPlaneConfig extends Context.Tag("@its/transport/DataPlaneConfig")<
  DataPlaneConfig,
  DataPlaneSettings
>() {
  static readonly defaults = defaults

  static readonly make = (settings: DataPlaneOptions): DataPlaneSettings => ({ ...defaults, ...settings })

  static readonly layerWith = (settings: DataPlaneOptions): Layer.Layer<DataPlaneConfig> =>
    Layer.succeed(DataPlaneConfig, DataPlaneConfig.make(settings))

  /** URL and audience from `ItsEnvironment`, tuning from `ITS_WS_*` keys (see README). */
  static readonly layer: Layer.Layer<DataPlaneConfig, ConfigError.ConfigError, ItsEnvironment> = Layer.effect(
    DataPlaneConfig,
    Effect.gen(function* () {
      const env = yield* ItsEnvironment
      const tuning = yield* Config.all({
        requestTimeout: positiveDuration("ITS_WS_REQUEST_TIMEOUT", defaults.requestTimeout),
        maxInFlight: Config.integer("ITS_WS_MAX_IN_FLIGHT").pipe(
          Config.validate({ message: "Expected a positive integer", validation: (n) => n > 0 }),
          Config.withDefault(defaults.maxInFlight)
        ),
        maxConnectionAge: positiveDuration("ITS_WS_MAX_CONNECTION_AGE", defaults.maxConnectionAge),
        rotateBeforeTokenExpiry: Config.boolean("ITS_WS_ROTATE_BEFORE_TOKEN_EXPIRY").pipe(
          Config.withDefault(defaults.rotateBeforeTokenExpiry)
        ),
        pingInterval: positiveDuration("ITS_WS_PING_INTERVAL", defaults.pingInterval),
        pongTimeout: positiveDuration("ITS_WS_PONG_TIMEOUT", defaults.pongTimeout),
        connectTimeout: positiveDuration("ITS_WS_CONNECT_TIMEOUT", defaults.connectTimeout),
        reconnectBase: positiveDuration("ITS_WS_RECONNECT_BASE", defaults.reconnectBase),
        reconnectCap: positiveDuration("ITS_WS_RECONNECT_CAP", defaults.reconnectCap)
      })
      return DataPlaneConfig.make({ url: env.wsUrl, audience: env.wsAudience, ...tuning })
    })
  )
}
