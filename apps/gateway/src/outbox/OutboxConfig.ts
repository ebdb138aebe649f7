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
   * retaken after this). A running delivery renews it every third of it (heartbeat), so it can be short; on
   * PostgreSQL it is measured on the database's clock. `OUTBOX_LEASE_MS`, default 15 s.
   */
  readonly lease: Duration.Duration
  /** The longest a delivery may take before it counts as outcome unknown (`OUTBOX_DELIVERY_TIMEOUT_MS`, 30 s). */
  readonly deliveryTimeout: Duration.Duration
  /**
   * This instance's stable identity in claims (`GATEWAY_INSTANCE_ID`; default: hostname + data directory). At
   * start the worker releases the claims held under it (left by a killed process), so they are not stuck for a lease.
   * Two running instances must not share it.
   */
  readonly instanceId: Option.Option<string>
  /** Idle poll interval of the worker (an enqueue in this instance wakes the worker at once). */
  readonly pollInterval: Duration.Duration
  /**
   * `awaitSettled` is woken when an outcome is recorded (in process; PostgreSQL `LISTEN/NOTIFY` across instances);
   * it re-reads the entry only this often otherwise, in case a notification was missed. `OUTBOX_WAIT_RECHECK_MS`.
   */
  readonly waitRecheck: Duration.Duration
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
  lease: Duration.seconds(15),
  deliveryTimeout: Duration.seconds(30),
  instanceId: Option.none(),
  pollInterval: Duration.seconds(1),
  waitRecheck: Duration.seconds(2),
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
  deliveryTimeout: millis("OUTBOX_DELIVERY_TIMEOUT_MS", defaultOutboxSettings.deliveryTimeout),
  instanceId: Config.option(Config.nonEmptyString("GATEWAY_INSTANCE_ID")),
  pollInterval: millis("OUTBOX_POLL_MS", defaultOutboxSettings.pollInterval),
  waitRecheck: millis("OUTBOX_WAIT_RECHECK_MS", defaultOutboxSettings.waitRecheck),
  waitMax: millis("OUTBOX_WAIT_MAX_MS", defaultOutboxSettings.waitMax),
  concurrency: positiveInt("OUTBOX_CONCURRENCY", defaultOutboxSettings.concurrency),
  dbConnectTimeout: millis("OUTBOX_DB_CONNECT_TIMEOUT_MS", defaultOutboxSettings.dbConnectTimeout),
  dbStatementTimeout: millis("OUTBOX_DB_STATEMENT_TIMEOUT_MS", defaultOutboxSettings.dbStatementTimeout)
})

export class OutboxConfig extends Context.Tag("@its/gateway/OutboxConfig")<OutboxConfig, OutboxSettings>() {
  /** From the environment (keys above); a bad value fails with a `ConfigError` naming the key. */
  static readonly layer: Layer.Layer<OutboxConfig, import("effect/ConfigError").ConfigError> = Layer.effect(
    OutboxConfig,
    outboxConfig
  )
  /** The defaults with `overrides`, for tests and embedding. */
  static layerWith(overrides: Partial<OutboxSettings> = {}): Layer.Layer<OutboxConfig> {
    return Layer.succeed(OutboxConfig, { ...defaultOutboxSettings, ...overrides })
  }
}
