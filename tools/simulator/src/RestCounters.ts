/**
 * Request counters of the simulated REST APIs per API id and outcome, so tests can assert how often a client really
 * called an API (retries, caching) and what it got.
 */
import { Context, Effect, Layer, Order, Schema } from "effect"
import { makeCounterStore } from "./Counters.ts"

export const RestOutcome = Schema.Union(
  /** Passed the guard and reached the handler. */
  Schema.Literal("passed", "unauthorized", "forbidden", "rate_limited", "dropped", "malformed"),
  /** A scripted error status, e.g. `fault:503`. */
  Schema.TemplateLiteral(Schema.Literal("fault:"), Schema.Number)
)
export type RestOutcome = typeof RestOutcome.Type

export const RestCounterKey = Schema.Struct({ apiId: Schema.String, outcome: RestOutcome })
export type RestCounterKey = typeof RestCounterKey.Type

export const RestCounterEntry = Schema.Struct({ ...RestCounterKey.fields, count: Schema.NonNegativeInt }).annotations({
  identifier: "RestCounterEntry"
})
export type RestCounterEntry = typeof RestCounterEntry.Type

export type RestCounterFilter = Partial<RestCounterKey>

const entryOrder = Order.combineAll<RestCounterEntry>([
  Order.mapInput(Order.string, (e) => e.apiId),
  Order.mapInput(Order.string, (e) => e.outcome)
])

export class RestCounters extends Context.Tag("@its/simulator/RestCounters")<
  RestCounters,
  {
    readonly record: (key: RestCounterKey) => Effect.Effect<void>
    /** All non-zero counters, sorted by API id and outcome. */
    readonly snapshot: Effect.Effect<ReadonlyArray<RestCounterEntry>>
    /** Sum of the counters matching every given field (all counters without a filter). */
    readonly total: (filter?: RestCounterFilter) => Effect.Effect<number>
    readonly reset: Effect.Effect<void>
  }
>() {
  static readonly make = Effect.map(makeCounterStore<RestCounterKey>(entryOrder), RestCounters.of)

  static readonly layer: Layer.Layer<RestCounters> = Layer.effect(RestCounters, RestCounters.make)
}
