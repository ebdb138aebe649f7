/** Late ticket replies (`late/LateReplyStore.ts`). `IF NOT EXISTS`: see 0001 (databases from before the migrator). */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE IF NOT EXISTS its_late_replies (
    correlation_id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL,
    operation TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    reply TEXT NOT NULL
  )`
  yield* sql`CREATE INDEX IF NOT EXISTS its_late_replies_ticket ON its_late_replies (ticket_id, received_at)`
})
