/**
 * The gateway's own settings (the ITS keys are `@its/transport`'s, the outbox's and the cache's live with them).
 * Every key is optional; `GatewayConfig.layer` names a bad one in its error.
 */
import { DataPlaneDefaults } from "@its/transport"
import { Config, Context, Duration, Layer, Option } from "effect"

/**
 * ASSUMPTION: what the gateway adds around a consumer's body on the data plane (envelope fields, a generated
 * correlation id, re-encoding): at most 2 000 bytes. `GATEWAY_MAX_BODY_BYTES` must leave this much room under the
 * data plane's 128 000-byte message cap, so an accepted body can always be sent.
 */
export const envelopeReserveBytes = 2_000
export const maxAllowedBodyBytes = DataPlaneDefaults.maxMessageBytes - envelopeReserveBytes

export interface GatewaySettings {
  readonly port: number
  readonly host: string
  /** Request bodies above this are refused with 413: the data plane's 128 000-byte cap less the envelope. */
  readonly maxBodyBytes: number
  /** JSON bodies nested deeper than this are refused with 400 (before Schema decoding). */
  readonly maxJsonDepth: number
  /** Every request is answered within this (504 problem+json otherwise). */
  readonly requestDeadline: Duration.Duration
  /** Node server limits: the whole header block, the whole request, an idle keep-alive connection. */
  readonly headersTimeout: Duration.Duration
  readonly requestTimeout: Duration.Duration
  readonly keepAliveTimeout: Duration.Duration
  /** Open connections at most (more are refused by the server). */
  readonly maxConnections: number
  /** Graceful shutdown: in-flight requests get this long before connections are closed. */
  readonly shutdownTimeout: Duration.Duration
  /** TLS certificate and key (PEM files); plain HTTP when absent. */
  readonly tls: Option.Option<{ readonly certFile: string; readonly keyFile: string }>
  /** OTLP/HTTP traces endpoint (e.g. http://collector:4318); no tracing when absent. */
  readonly otlpEndpoint: Option.Option<string>
  readonly dataDir: string
}

const positive = (name: string, fallback: number) =>
  Config.integer(name).pipe(
    Config.validate({ message: "Expected a positive integer", validation: (n) => n > 0 }),
    Config.withDefault(fallback)
  )

export const gatewayConfig: Config.Config<GatewaySettings> = Config.all({
  // 0 picks a free port (the start-up line prints the real one).
  port: Config.integer("PORT").pipe(
    Config.validate({ message: "Expected a port number between 0 and 65535", validation: (n) => n >= 0 && n <= 65535 }),
    Config.withDefault(8080)
  ),
  host: Config.string("HOST").pipe(Config.withDefault("127.0.0.1")),
  maxBodyBytes: Config.integer("GATEWAY_MAX_BODY_BYTES").pipe(
    Config.validate({
      message: `Expected a byte count above 0 and at most ${maxAllowedBodyBytes} (the data plane's ${DataPlaneDefaults.maxMessageBytes}-byte cap less ${envelopeReserveBytes} for the envelope)`,
      validation: (n) => n > 0 && n <= maxAllowedBodyBytes
    }),
    Config.withDefault(maxAllowedBodyBytes)
  ),
  maxJsonDepth: positive("GATEWAY_MAX_JSON_DEPTH", 32),
  requestDeadline: Config.duration("GATEWAY_REQUEST_DEADLINE").pipe(Config.withDefault(Duration.seconds(30))),
  headersTimeout: Config.duration("GATEWAY_HEADERS_TIMEOUT").pipe(Config.withDefault(Duration.seconds(10))),
  requestTimeout: Config.duration("GATEWAY_REQUEST_TIMEOUT").pipe(Config.withDefault(Duration.seconds(60))),
  keepAliveTimeout: Config.duration("GATEWAY_KEEP_ALIVE_TIMEOUT").pipe(Config.withDefault(Duration.seconds(5))),
  maxConnections: positive("GATEWAY_MAX_CONNECTIONS", 1_000),
  shutdownTimeout: Config.duration("GATEWAY_SHUTDOWN_TIMEOUT").pipe(Config.withDefault(Duration.seconds(20))),
  tls: Config.all({
    certFile: Config.nonEmptyString("TLS_CERT_FILE"),
    keyFile: Config.nonEmptyString("TLS_KEY_FILE")
  }).pipe(Config.option),
  otlpEndpoint: Config.option(Config.nonEmptyString("OTEL_EXPORTER_OTLP_ENDPOINT")),
  dataDir: Config.string("ITS_DATA_DIR").pipe(Config.withDefault(".its-data"))
})

export class GatewayConfig extends Context.Tag("@its/gateway/GatewayConfig")<GatewayConfig, GatewaySettings>() {
  static readonly layer = Layer.effect(GatewayConfig, gatewayConfig)
  static layerWith(settings: Partial<GatewaySettings> = {}): Layer.Layer<GatewayConfig> {
    return Layer.succeed(GatewayConfig, {
      port: 0,
      host: "127.0.0.1",
      maxBodyBytes: maxAllowedBodyBytes,
      maxJsonDepth: 32,
      requestDeadline: Duration.seconds(30),
      headersTimeout: Duration.seconds(10),
      requestTimeout: Duration.seconds(60),
      keepAliveTimeout: Duration.seconds(5),
      maxConnections: 1_000,
      shutdownTimeout: Duration.seconds(5),
      tls: Option.none(),
      otlpEndpoint: Option.none(),
      dataDir: ".its-data",
      ...settings
    })
  }
}
