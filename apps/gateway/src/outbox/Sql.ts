/**
 * The outbox's database, chosen by configuration: PostgreSQL when `DATABASE_URL` is set (several gateway instances
 * share one outbox; connect timeout and a server-side `statement_timeout`, so a stalled database fails calls
 * instead of holding them), otherwise an embedded SQLite file `<ITS_DATA_DIR>/gateway.sqlite` (WAL,
 * synchronous=FULL) in a directory only the gateway's user can enter (0700), the file itself 0600.
 */
import { chmod, mkdir, open } from "node:fs/promises"
import { join } from "node:path"
import type { SqlClient } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { Duration, Effect, Layer, Option, Redacted } from "effect"
import { OutboxConfig } from "./OutboxConfig.ts"
import { OutboxStoreError } from "./OutboxEntry.ts"
import { OutboxStore } from "./Store.ts"

export const sqliteFile = (dataDir: string): string => join(dataDir, "gateway.sqlite")

/**
 * The data directory (0700) and the database file (0600) exist before SQLite opens it; SQLite gives its `-wal` and
 * `-shm` files the database file's permissions.
 */
export const securePaths = async (dataDir: string): Promise<void> => {
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  await chmod(dataDir, 0o700)
  const file = sqliteFile(dataDir)
  await (await open(file, "a", 0o600)).close()
  await chmod(file, 0o600)
}

/** `DATABASE_URL` with `statement_timeout` (milliseconds) unless the URL sets one. */
export const withStatementTimeout = (url: Redacted.Redacted<string>, timeout: Duration.Duration) => {
  const text = Redacted.value(url)
  if (/[?&]statement_timeout=/.test(text)) return url
  return Redacted.make(`${text}${text.includes("?") ? "&" : "?"}statement_timeout=${Duration.toMillis(timeout)}`)
}

/** A SQLite client on `<dataDir>/gateway.sqlite`, creating the directory first. */
export const sqliteLayer = (dataDir: string): Layer.Layer<SqlClient.SqlClient, OutboxStoreError> =>
  Layer.unwrapEffect(
    Effect.tryPromise({
      try: () => securePaths(dataDir),
      catch: (cause) =>
        new OutboxStoreError({ operation: "open", message: `cannot create ITS_DATA_DIR ${dataDir}: ${String(cause)}` })
    }).pipe(
      Effect.as(
        SqliteClient.layer({ filename: sqliteFile(dataDir) }).pipe(
          Layer.mapError((e) => new OutboxStoreError({ operation: "open", message: e.message }))
        )
      )
    )
  )

/** The SqlClient selected by `OutboxConfig`: PostgreSQL (`databaseUrl`, kept Redacted) or SQLite (`dataDir`). */
export const OutboxSqlLive: Layer.Layer<SqlClient.SqlClient, OutboxStoreError, OutboxConfig> = Layer.unwrapEffect(
  Effect.map(OutboxConfig, (config) =>
    Option.match(config.databaseUrl, {
      onNone: () => sqliteLayer(config.dataDir),
      onSome: (url) =>
        PgClient.layer({
          url: withStatementTimeout(url, config.dbStatementTimeout),
          applicationName: "its-gateway",
          connectTimeout: config.dbConnectTimeout
        }).pipe(
          // The SqlError's message is the driver's (no URL); the cause is dropped on purpose.
          Layer.mapError((e) => new OutboxStoreError({ operation: "connect", message: e.message }))
        )
    })
  )
)

/** `OutboxStore` (schema created) on the configured database; also exposes the `SqlClient` (e.g. for a token store). */
export const OutboxStoreLive: Layer.Layer<OutboxStore | SqlClient.SqlClient, OutboxStoreError, OutboxConfig> =
  OutboxStore.layer.pipe(Layer.provideMerge(OutboxSqlLive))
