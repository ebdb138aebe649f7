/**
 * Outbox stats stay cheap on a big table (issue 14): with 1 000 000 delivered rows the stats statement is an index
 * search over the unsettled and dead rows only (its query plan is asserted, not its wall time), and the delivered
 * count comes from a counter.
 */
import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { OutboxStore, statsStatement } from "../../src/outbox/Store.ts"
import { sqliteBackend } from "./support.ts"

describe("outbox stats on 1 000 000 rows (SQLite)", () => {
  it.scoped(
    "use the status index (no table scan) and count delivered rows from the counter",
    () =>
      Effect.gen(function* () {
        const db = yield* sqliteBackend
        const context = yield* Layer.build(OutboxStore.layer.pipe(Layer.provideMerge(db.sql()), Layer.orDie))
        const sql = yield* Effect.provide(SqlClient.SqlClient, context)
        const store = yield* Effect.provide(OutboxStore, context)
        // One statement: 1 000 000 delivered rows and 3 pending ones.
        yield* sql.unsafe(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000003)
          INSERT INTO its_outbox (id, ticket_id, consumer, payload, status, attempts, created_at, updated_at,
            next_attempt_at)
          SELECT 'id-' || i, 'T-' || i, 'c', '{}', CASE WHEN i > 1000000 THEN 'pending' ELSE 'delivered' END, 1,
            i, i, i FROM n`)
        // The rows were written behind the store's back: the counter is set as a migration would have counted them.
        yield* sql`UPDATE its_outbox_counters SET n = 1000000 WHERE name = 'delivered'`
        const plan = yield* sql.unsafe<{ detail: string }>(`EXPLAIN QUERY PLAN ${statsStatement}`)
        const details = plan.map((row) => row.detail)
        expect(details.join("\n")).toMatch(/SEARCH its_outbox USING COVERING INDEX its_outbox_status \(status=\?\)/)
        expect(details.some((d) => /^SCAN its_outbox\b/.test(d) && !d.includes("INDEX"))).toBe(false)
        const stats = yield* store.stats(2_000_000)
        expect(stats).toMatchObject({ pending: 3, delivering: 0, delivered: 1_000_000, dead: 0 })
        expect(stats.oldestPendingAgeMillis).toBe(2_000_000 - 1_000_001)
      }),
    240_000
  )
})
