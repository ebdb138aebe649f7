/**
 * The gateway's database schema (outbox, shared tokens, late replies) as numbered migrations run by `@effect/sql`'s
 * Migrator; the migrations it ran are recorded in `its_schema_migrations`. The dialect-neutral `Migrator.make` is
 * used, not `SqliteMigrator`/`PgMigrator`: the store picks its dialect at run time (`db/Sql.ts`), and those two only
 * add schema dumps (which need a file system and `pg_dump`).
 *
 * On PostgreSQL the Migrator's own table is created first, under a transaction-scoped advisory lock: two instances
 * starting together would otherwise race on its `CREATE TABLE` (duplicate pg_type), and the Migrator probes for it
 * with a failing `::regclass` cast, which must not run inside our transaction. The Migrator then serialises the
 * migrations themselves (`LOCK TABLE` on its table). Running `migrate` again is a no-op, so every store that needs
 * the schema runs it (`OutboxStore.layer`, `LateReplyStore.layerSql`).
 */
import { SqlClient } from "@effect/sql"
import * as Migrator from "@effect/sql/Migrator"
import { Effect } from "effect"
import outbox from "./migrations/0001_outbox.ts"
import tokens from "./migrations/0002_tokens.ts"
import lateReplies from "./migrations/0003_late_replies.ts"

export const migrationsTable = "its_schema_migrations"

const loader = Migrator.fromRecord({
  "0001_outbox": outbox,
  "0002_tokens": tokens,
  "0003_late_replies": lateReplies
})

/** Runs what has not run yet; the ids and names it ran. */
export const migrate = Effect.flatMap(SqlClient.SqlClient, (sql) =>
  sql
    .onDialectOrElse({
      // The Migrator's table as it creates it on PostgreSQL.
      pg: () =>
        sql.withTransaction(
          sql`SELECT pg_advisory_xact_lock(727170001)`.pipe(
            Effect.zipRight(sql`CREATE TABLE IF NOT EXISTS ${sql(migrationsTable)} (
              migration_id integer primary key,
              created_at timestamp with time zone not null default now(),
              name text not null
            )`)
          )
        ),
      orElse: () => Effect.void
    })
    .pipe(Effect.zipRight(Migrator.make({})({ loader, table: migrationsTable })))
)
