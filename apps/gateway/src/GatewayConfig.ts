/**
 * The gateway's own settings (the ITS keys are `@its/transport`'s, the outbox's and the cache's live with them).
 * Every key is optional; `GatewayConfig.fromEnv` names a bad one in its error.
 */
import { Config, Context, Duration, Layer, Option } from "effect"

export interface GatewaySettings {
  readonly port: number
  readonly host: string
  /** Request bodies above this are refused with 413: the data plane's 128 000-byte message cap. */
  readonly maxBodyBytes: number
  /** Graceful shutdown: in-flight requests get this long before connections are closed. */
  readonly shutdownTimeout: Duration.Duration
  /** TLS certificate and key (PEM files); plain HTTP when absent. */
  readonly tls: Option.Option<{ readonly certFile: string; readonly keyFile: string }>
  /** OTLP/HTTP traces endpoint (e.g. http://collector:4318); no tracing when absent. */
  readonly otlpEndpoint: Option.Option<string>
  readonly dataDir: string
}

export const gatewayConfig: Config.Config<GatewaySettings> = Config.all({
  // 0 picks a free port (the start-up line prints the real one).
  port: Config.integer("PORT").pipe(
    Config.validate({ message: "Expected a port number between 0 and 65535", validation: (n) => n >= 0 && n <= 65535 }),
    Config.withDefault(8080)
  ),
  host: Config.string("HOST").pipe(Config.withDefault("127.0.0.1")),
  maxBodyBytes: Config.integer("GATEWAY_MAX_BODY_BYTES").pipe(Config.withDefault(128_000)),
  shutdownTimeout: Config.duration("GATEWAY_SHUTDOWN_TIMEOUT").pipe(Config.withDefault(Duration.seconds(20))),
  tls: Config.all({
    certFile: Config.nonEmptyString("TLS_CERT_FILE"),
    keyFile: Config.nonEmptyString("TLS_KEY_FILE")
  }).pipe(Config.option),
  otlpEndpoint: Config.option(Config.nonEmptyString("OTEL_EXPORTER_OTLP_ENDPOINT")),
  dataDir: Config.string("ITS_DATA_DIR").pipe(Config.withDefault(".its-data"))
})

export class GatewayConfig extends Context.Tag("@its/gateway/GatewayConfig")<GatewayConfig, GatewaySettings>() {
  static readonly fromEnv = Layer.effect(GatewayConfig, gatewayConfig)
  static layer(settings: Partial<GatewaySettings> = {}): Layer.Layer<GatewayConfig> {
    return Layer.succeed(GatewayConfig, {
      port: 0,
      host: "127.0.0.1",
      maxBodyBytes: 128_000,
      shutdownTimeout: Duration.seconds(5),
      tls: Option.none(),
      otlpEndpoint: Option.none(),
      dataDir: ".its-data",
      ...settings
    })
  }
}
