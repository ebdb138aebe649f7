/**
 * Settings of the durable ticket-inform outbox (gateway §4), read through Effect `Config` from the environment.
 * `DATABASE_URL` is `Redacted`: it is handed to the PostgreSQL client and never printed.
 */
import { Config, Context, Duration, Layer, Option, type Redacted } from "effect"

export interface OutboxSettings {
  /** SQLite lives in `<dataDir>/gateway.sqlite` (created when missing). `ITS_DATA_DIR`, default `./.its-data`. */
  readonly dataDir: string
  /** PostgreSQL instead of SQLite when set, so several gateway instances share one outbox. `DATABASE_URL`. */
  readonly databaseUrl: Option.Option<Redacted.Redacted<string>>
  /**
   * Transient failures (not sent, connection lost, outcome unknown) are retried until the entry is this old; only
   * definitive rejections dead-letter at once. `OUTBOX_RETRY_FOR`, default 24 hours.
   */
  readonly retryFor: Duration.Duration
  /** Delivered entries are deleted this long after delivery (`OUTBOX_RETENTION`, default 7 days). */
  readonly retention: Duration.Duration
  /**
   * A hard cap on attempts (claims): also what stops a poison entry that crashes its worker, whose outcome is never
   * recorded (capped in the claim query). Default 500, above what `retryFor` allows with the default backoff.
   */
  readonly maxAttempts: number
  /** Retry backoff: `retryBase * 2^(attempt-1)`, capped at `retryMax`, with jitter (see `Backoff.ts`). */
  readonly retryBase: Duration.Duration
  readonly retryMax: Duration.Duration
  /**
   * How long a claim is held before another worker may take the entry over (a crashed instance's claims are
   * retaken after this). Must exceed the longest delivery: the worker gives a delivery at most 80 % of it.
   */
  readonly lease: Duration.Duration
  /** Idle poll interval of the worker and of `awaitSettled` (an enqueue in this instance wakes the worker at once). */
  readonly pollInterval: Duration.Duration
  /** Upper bound of `awaitSettled` (`?wait=true`). */
  readonly waitMax: Duration.Duration
  /** Deliveries in flight per worker (one claim takes at most this many entries). */
  readonly concurrency: number
  /** PostgreSQL: how long to wait for a connection, and the server-side `statement_timeout` of every statement. */
  readonly dbConnectTimeout: Duration.Duration
  readonly dbStatementTimeout: Duration.Duration
}

export const defaultOutboxSettings: OutboxSettings = {
  dataDir: ".its-data",
  databaseUrl: Option.none(),
  retryFor: Duration.hours(24),
  retention: Duration.days(7),
  maxAttempts: 500,
  retryBase: Duration.seconds(1),
  retryMax: Duration.minutes(5),
  lease: Duration.seconds(60),
  pollInterval: Duration.millis(50),
  waitMax: Duration.seconds(10),
  concurrency: 4,
  dbConnectTimeout: Duration.seconds(5),
  dbStatementTimeout: Duration.seconds(10)
}

const positiveInt = (name: string, fallback: number) =>
  Config.integer(name).pipe(
    Config.withDefault(fallback),
    Config.validate({ message: `${name} must be a positive integer`, validation: (n) => n > 0 })
  )

const millis = (name: string, fallback: Duration.Duration) =>
  positiveInt(name, Duration.toMillis(fallback)).pipe(Config.map(Duration.millis))

export const outboxConfig: Config.Config<OutboxSettings> = Config.all({
  dataDir: Config.string("ITS_DATA_DIR").pipe(Config.withDefault(defaultOutboxSettings.dataDir)),
  databaseUrl: Config.option(Config.redacted("DATABASE_URL")),
  retryFor: Config.duration("OUTBOX_RETRY_FOR").pipe(Config.withDefault(defaultOutboxSettings.retryFor)),
  retention: Config.duration("OUTBOX_RETENTION").pipe(Config.withDefault(defaultOutboxSettings.retention)),
  maxAttempts: positiveInt("OUTBOX_MAX_ATTEMPTS", defaultOutboxSettings.maxAttempts),
  retryBase: millis("OUTBOX_RETRY_BASE_MS", defaultOutboxSettings.retryBase),
  retryMax: millis("OUTBOX_RETRY_MAX_MS", defaultOutboxSettings.retryMax),
  lease: millis("OUTBOX_LEASE_MS", defaultOutboxSettings.lease),
  pollInterval: millis("OUTBOX_POLL_MS", defaultOutboxSettings.pollInterval),
  waitMax: millis("OUTBOX_WAIT_MAX_MS", defaultOutboxSettings.waitMax),
  concurrency: positiveInt("OUTBOX_CONCURRENCY", defaultOutboxSettings.concurrency),
  dbConnectTimeout: millis("OUTBOX_DB_CONNECT_TIMEOUT_MS", defaultOutboxSettings.dbConnectTimeout),
  dbStatementTimeout: millis("OUTBOX_DB_STATEMENT_TIMEOUT_MS", defaultOutboxSettings.dbStatementTimeout)
})

export class OutboxConfig extends Context.Tag("@its/gateway/OutboxConfig")<OutboxConfig, OutboxSettings>() {
  /** From the environment (keys above); a bad value fails with a `ConfigError` naming the key. */
  static readonly fromEnv: Layer.Layer<OutboxConfig, import("effect/ConfigError").ConfigError> = Layer.effect(
    OutboxConfig,
    outboxConfig
  )
  /** The defaults with `overrides`, for tests and embedding. */
  static layer(overrides: Partial<OutboxSettings> = {}): Layer.Layer<OutboxConfig> {
    return Layer.succeed(OutboxConfig, { ...defaultOutboxSettings, ...overrides })
  }
}
