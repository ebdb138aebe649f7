/**
 * Token request counters per client, audience and outcome, so tests can assert how often a client really asked
 * for a token (caching, single-flight, retries).
 */
import { Context, Data, Effect, HashMap, Layer, Option, Order, Ref, Schema } from "effect"

export const CounterOutcome = Schema.Union(
  Schema.Literal("issued", "invalid_client", "unauthorized_client", "invalid_request", "dropped", "malformed"),
  /** A scripted error status, e.g. `fault:503`. */
  Schema.TemplateLiteral(Schema.Literal("fault:"), Schema.Number)
)
export type CounterOutcome = typeof CounterOutcome.Type

/** `clientId` / `audience` are `"-"` when the request did not carry them. */
export const CounterKey = Schema.Struct({ clientId: Schema.String, audience: Schema.String, outcome: CounterOutcome })
export type CounterKey = typeof CounterKey.Type

export const CounterEntry = Schema.Struct({ ...CounterKey.fields, count: Schema.NonNegativeInt }).annotations({
  identifier: "CounterEntry"
})
export type CounterEntry = typeof CounterEntry.Type

export type CounterFilter = Partial<CounterKey>

const entryOrder = Order.combineAll<CounterEntry>([
  Order.mapInput(Order.string, (e) => e.clientId),
  Order.mapInput(Order.string, (e) => e.audience),
  Order.mapInput(Order.string, (e) => e.outcome)
])

export interface CounterStore<Key extends Record<string, string>> {
  readonly record: (key: Key) => Effect.Effect<void>
  /** All non-zero counters, in the store's order. */
  readonly snapshot: Effect.Effect<ReadonlyArray<Key & { readonly count: number }>>
  /** Sum of the counters matching every given field (all counters without a filter). */
  readonly total: (filter?: Partial<Key>) => Effect.Effect<number>
  readonly reset: Effect.Effect<void>
}

/** Counters keyed by a record of strings; shared by the token, REST and other simulator counters. */
export const makeCounterStore = <Key extends Record<string, string>>(
  order: Order.Order<Key & { readonly count: number }>
): Effect.Effect<CounterStore<Key>> =>
  // Data.struct keys compare by value inside the HashMap.
  Effect.map(Ref.make(HashMap.empty<Key, number>()), (ref) => {
    const snapshot = Effect.map(Ref.get(ref), (map) =>
      Array.from(map, ([key, count]) => ({ ...key, count })).sort(order)
    )
    const matches = (entry: Key, filter: Partial<Key>) =>
      Object.entries(filter).every(([field, value]) => value === undefined || entry[field] === value)
    return {
      record: (key) =>
        Ref.update(
          ref,
          HashMap.modifyAt(Data.struct({ ...key }), (count) => Option.some(Option.getOrElse(count, () => 0) + 1))
        ),
      snapshot,
      total: (filter = {}) =>
        Effect.map(snapshot, (entries) =>
          entries.reduce((sum, entry) => (matches(entry, filter) ? sum + entry.count : sum), 0)
        ),
      reset: Ref.set(ref, HashMap.empty())
    }
  })

export class Counters extends Context.Tag("@its/simulator/Counters")<
  Counters,
  {
    readonly record: (key: CounterKey) => Effect.Effect<void>
    /** All non-zero counters, sorted by client, audience, outcome. */
    readonly snapshot: Effect.Effect<ReadonlyArray<CounterEntry>>
    /** Sum of the counters matching every given field (all counters without a filter). */
    readonly total: (filter?: CounterFilter) => Effect.Effect<number>
    readonly reset: Effect.Effect<void>
  }
>() {
  static readonly make = Effect.map(makeCounterStore<CounterKey>(entryOrder), Counters.of)

  static readonly layer: Layer.Layer<Counters> = Layer.effect(Counters, Counters.make)
}
