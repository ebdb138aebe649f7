/**
 * The outbox database's safety settings (issue 14): the SQLite data directory is 0700 and its files 0600;
 * PostgreSQL connections carry a `statement_timeout`.
 */
import { mkdtemp, rm, stat } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Context, Duration, Effect, Layer, Option, Redacted } from "effect"
import { OutboxConfig } from "../../src/outbox/OutboxConfig.ts"
import { OutboxSqlLive, securePaths, sqliteFile, withStatementTimeout } from "../../src/outbox/Sql.ts"
import { pgUrl } from "./support.ts"

/** The client of a layer built in the test's scope. */
const client = <E>(layer: Layer.Layer<SqlClient.SqlClient, E>) =>
  Effect.map(Layer.build(layer), (ctx) => Context.get(ctx, SqlClient.SqlClient))

describe("securePaths", () => {
  it.effect("creates the data directory 0700 and the database file 0600 (even where they existed looser)", () =>
    Effect.promise(async () => {
      const parent = await mkdtemp(join(tmpdir(), "its-sql-"))
      try {
        const dataDir = join(parent, "data")
        const previous = process.umask(0o000)
        try {
          await securePaths(dataDir)
        } finally {
          process.umask(previous)
        }
        expect((await stat(dataDir)).mode & 0o777).toBe(0o700)
        expect((await stat(sqliteFile(dataDir))).mode & 0o777).toBe(0o600)
      } finally {
        await rm(parent, { recursive: true, force: true })
      }
    })
  )

  it.scoped("the SQLite layer opens the database in such a directory", () =>
    Effect.gen(function* () {
      const parent = yield* Effect.promise(() => mkdtemp(join(tmpdir(), "its-sql-")))
      yield* Effect.addFinalizer(() => Effect.promise(() => rm(parent, { recursive: true, force: true })))
      const dataDir = join(parent, "data")
      const sql = yield* client(OutboxSqlLive.pipe(Layer.provide(OutboxConfig.layerWith({ dataDir }))))
      yield* sql`CREATE TABLE t (x INTEGER)`
      expect((yield* Effect.promise(() => stat(dataDir))).mode & 0o777).toBe(0o700)
      expect((yield* Effect.promise(() => stat(sqliteFile(dataDir)))).mode & 0o777).toBe(0o600)
    })
  )
})

describe("withStatementTimeout", () => {
  it("adds statement_timeout unless the URL has one", () => {
    const add = (url: string) => Redacted.value(withStatementTimeout(Redacted.make(url), Duration.seconds(3)))
    expect(add("postgres://u@h/db")).toBe("postgres://u@h/db?statement_timeout=3000")
    expect(add("postgres://u@h/db?sslmode=disable")).toBe("postgres://u@h/db?sslmode=disable&statement_timeout=3000")
    expect(add("postgres://u@h/db?statement_timeout=1")).toBe("postgres://u@h/db?statement_timeout=1")
  })
})

describe.skipIf(pgUrl === undefined)("PostgreSQL connections", () => {
  it.scoped("carry the configured statement_timeout", () =>
    Effect.gen(function* () {
      const sql = yield* client(
        OutboxSqlLive.pipe(
          Layer.provide(
            OutboxConfig.layerWith({
              databaseUrl: Option.some(Redacted.make(pgUrl ?? "")),
              dbStatementTimeout: Duration.millis(1_234)
            })
          )
        )
      )
      const rows = yield* sql<{ statement_timeout: string }>`SHOW statement_timeout`
      expect(rows[0]?.statement_timeout).toBe("1234ms")
    })
  )
})
