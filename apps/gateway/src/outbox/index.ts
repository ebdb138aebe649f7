/**
 * The durable ticket-inform outbox (gateway §4): `Outbox` (enqueue, read, administer), `OutboxWorker` (delivery),
 * the store on SQLite or PostgreSQL, configuration and metrics (the shared token store is `tokens/TokenStore.ts`). `OutboxLive` wires the
 * outbox from the environment.
 */
import type { Tickets } from "@its/tickets"
import { Layer } from "effect"
import { Outbox } from "./Outbox.ts"
import { OutboxConfig } from "./OutboxConfig.ts"
import type { OutboxStoreError } from "./OutboxEntry.ts"
import { OutboxStoreLive } from "./Sql.ts"
import { OutboxWorker } from "./Worker.ts"

export * from "./Backoff.ts"
export * from "./Metrics.ts"
export * from "./Outbox.ts"
export * from "./OutboxConfig.ts"
export * from "./Sql.ts"
export { type Claimed, OutboxStore, type OutboxStoreShape } from "./Store.ts"
export { OutboxWorker } from "./Worker.ts"

/**
 * `Outbox` plus its running worker, on the database `OutboxConfig.layer` selects. Needs `Tickets`.
 * Closing its scope stops the worker after its current deliveries.
 */
export const OutboxLive: Layer.Layer<
  Outbox | OutboxConfig,
  OutboxStoreError | import("effect/ConfigError").ConfigError,
  Tickets
> = Layer.merge(Outbox.layer, OutboxWorker.layer).pipe(
  Layer.provide(OutboxStoreLive),
  Layer.provideMerge(OutboxConfig.layer)
)
