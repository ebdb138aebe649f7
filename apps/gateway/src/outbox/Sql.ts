/**
 * The outbox's database, chosen by configuration: PostgreSQL when `DATABASE_URL` is set (several gateway instances
 * share one outbox), otherwise an embedded SQLite file `<ITS_DATA_DIR>/gateway.sqlite` (WAL, synchronous=FULL).
 */
import { mkdir } from "node:fs/promises"
import { join } from "node:path"
import type { SqlClient } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { Effect, Layer, Option } from "effect"
import { OutboxConfig } from "./OutboxConfig.ts"
import { OutboxStoreError } from "./OutboxEntry.ts"
import { OutboxStore } from "./Store.ts"

export const sqliteFile = (dataDir: string): string => join(dataDir, "gateway.sqlite")

/** A SQLite client on `<dataDir>/gateway.sqlite`, creating the directory first. */
export const sqliteLayer = (dataDir: string): Layer.Layer<SqlClient.SqlClient, OutboxStoreError> =>
  Layer.unwrapEffect(
    Effect.tryPromise({
      try: () => mkdir(dataDir, { recursive: true }),
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
        PgClient.layer({ url, applicationName: "its-gateway" }).pipe(
          // The SqlError's message is the driver's (no URL); the cause is dropped on purpose.
          Layer.mapError((e) => new OutboxStoreError({ operation: "connect", message: e.message }))
        )
    })
  )
)

/** `OutboxStore` (schema created) on the configured database; also exposes the `SqlClient` (e.g. for a token store). */
export const OutboxStoreLive: Layer.Layer<OutboxStore | SqlClient.SqlClient, OutboxStoreError, OutboxConfig> =
  OutboxStore.layer.pipe(Layer.provideMerge(OutboxSqlLive))
