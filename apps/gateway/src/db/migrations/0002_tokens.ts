/** The shared OAuth2 tokens (`tokens/TokenStore.ts`). `IF NOT EXISTS`: see 0001 (databases from before the migrator). */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

export default Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  // Current OAuth2 token per audience, shared by instances and restarts.
  yield* sql`CREATE TABLE IF NOT EXISTS its_tokens (
    audience TEXT PRIMARY KEY,
    token TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    hard_expires_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  )`
  // Who refreshes an audience's token right now (one instance asks the IdP, the others wait or reuse).
  yield* sql`CREATE TABLE IF NOT EXISTS its_token_refresh (
    audience TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until BIGINT NOT NULL
  )`
})
