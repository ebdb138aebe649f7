/**
 * The schema is migrated by `@effect/sql`'s Migrator (`src/db/Migrations.ts`). A database created by the gateway
 * before the migrator (tables made with `CREATE … IF NOT EXISTS`, no migrations table) opens: the first run adopts
 * it, keeps its rows and records the migrations; a second run has nothing to do.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { SqlClient } from "@effect/sql"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { migrate, migrationsTable } from "../../src/db/Migrations.ts"
import { OutboxStore } from "../../src/outbox/Store.ts"

describe("database migrations", () => {
  it.scoped("a database from before the migrator is adopted with its rows; a second run does nothing", () =>
    Effect.gen(function* () {
      const dir = mkdtempSync(join(tmpdir(), "gw-migrations-"))
      yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
      const client = SqliteClient.layer({ filename: join(dir, "gateway.sqlite") })
      // What the old start-up created (the outbox table as it was, no counter table yet), with one delivered row.
      yield* Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        yield* sql`CREATE TABLE its_outbox (id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL UNIQUE,
          consumer TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
          created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, next_attempt_at BIGINT NOT NULL,
          lease_until BIGINT, claimed_by TEXT, claim_token TEXT, delivered_at BIGINT, last_error TEXT, reply TEXT)`
        yield* sql`INSERT INTO its_outbox (id, ticket_id, consumer, payload, status, attempts, created_at,
          updated_at, next_attempt_at, delivered_at, reply)
          VALUES ('00000000-0000-4000-8000-000000000001', 'T-old', 'c', '{}', 'delivered', 1, 1, 2, 1, 2, '{}')`
      }).pipe(Effect.provide(client))

      yield* Effect.gen(function* () {
        const store = yield* OutboxStore
        const sql = yield* SqlClient.SqlClient
        const ran = yield* sql<{ migration_id: number; name: string }>`SELECT migration_id, name FROM ${sql(
          migrationsTable
        )} ORDER BY migration_id`
        expect(ran.map((m) => [m.migration_id, m.name])).toEqual([
          [1, "outbox"],
          [2, "tokens"],
          [3, "late_replies"]
        ])
        const kept = yield* store.find("00000000-0000-4000-8000-000000000001")
        expect(kept._tag === "Some" && kept.value.ticketId).toBe("T-old")
        // The counter table was created and counted the existing delivered row once.
        expect((yield* store.stats(10)).delivered).toBe(1)
        expect(yield* migrate).toEqual([])
      }).pipe(Effect.provide(OutboxStore.layer.pipe(Layer.provideMerge(client))))
    })
  )
})
