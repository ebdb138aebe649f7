/** Consumer input is strict: an unknown field is an error naming its path, not silently dropped. */
import type { Schema } from "effect"

export const strict = <A, I, R>(schema: Schema.Schema<A, I, R>) =>
  schema.annotations({ parseOptions: { onExcessProperty: "error", errors: "all" } })
