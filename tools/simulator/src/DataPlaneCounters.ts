/**
 * Data-plane counters: connections opened, closed and refused, messages received per operation, replies sent per
 * operation, error replies per code and faults applied per kind, so tests can assert what really went over the wire.
 */
import { Context, Effect, Layer, Ref, Schema } from "effect"

const Counts = Schema.Record({ key: Schema.String, value: Schema.NonNegativeInt })

export const DataPlaneCounts = Schema.Struct({
  connectionsOpened: Schema.NonNegativeInt,
  connectionsClosed: Schema.NonNegativeInt,
  /** By status (`"401"`, `"403"`, `"503"`, …) or `"dropped"`. */
  connectionsRefused: Counts,
  /** By `operation`; `"-"` when the message had none (not JSON, no string `operation`). */
  messagesReceived: Counts,
  /** Normal replies (not `error-reply`), by `operation`. */
  repliesSent: Counts,
  /** `error-reply` messages, by `code`. */
  errorRepliesSent: Counts,
  /** Message faults applied, by kind (`no-reply`, `drop`, `drop-after`, `garbage`, `unknown-correlation`, …). */
  faults: Counts
}).annotations({ identifier: "DataPlaneCounts" })
export type DataPlaneCounts = typeof DataPlaneCounts.Type

type CountsField = "connectionsRefused" | "messagesReceived" | "repliesSent" | "errorRepliesSent" | "faults"

const empty: DataPlaneCounts = {
  connectionsOpened: 0,
  connectionsClosed: 0,
  connectionsRefused: {},
  messagesReceived: {},
  repliesSent: {},
  errorRepliesSent: {},
  faults: {}
}

const sum = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((a, b) => a + b, 0)

export class DataPlaneCounters extends Context.Tag("@its/simulator/DataPlaneCounters")<
  DataPlaneCounters,
  {
    readonly connectionOpened: Effect.Effect<void>
    readonly connectionClosed: Effect.Effect<void>
    readonly connectionRefused: (label: string) => Effect.Effect<void>
    readonly messageReceived: (operation: string) => Effect.Effect<void>
    readonly replySent: (operation: string) => Effect.Effect<void>
    readonly errorReplySent: (code: number) => Effect.Effect<void>
    readonly faultApplied: (kind: string) => Effect.Effect<void>
    readonly snapshot: Effect.Effect<DataPlaneCounts>
    /** Messages received in total, or for one operation. */
    readonly received: (operation?: string) => Effect.Effect<number>
    /** Replies (normal and `error-reply`) sent in total. */
    readonly repliesSent: Effect.Effect<number>
    readonly reset: Effect.Effect<void>
  }
>() {
  static readonly make = Effect.map(Ref.make(empty), (ref) => {
    const bump = (field: CountsField, key: string) =>
      Ref.update(ref, (counts) => ({
        ...counts,
        [field]: { ...counts[field], [key]: (counts[field][key] ?? 0) + 1 }
      }))
    return DataPlaneCounters.of({
      connectionOpened: Ref.update(ref, (c) => ({ ...c, connectionsOpened: c.connectionsOpened + 1 })),
      connectionClosed: Ref.update(ref, (c) => ({ ...c, connectionsClosed: c.connectionsClosed + 1 })),
      connectionRefused: (label) => bump("connectionsRefused", label),
      messageReceived: (operation) => bump("messagesReceived", operation),
      replySent: (operation) => bump("repliesSent", operation),
      errorReplySent: (code) => bump("errorRepliesSent", String(code)),
      faultApplied: (kind) => bump("faults", kind),
      snapshot: Ref.get(ref),
      received: (operation) =>
        Effect.map(Ref.get(ref), (c) =>
          operation === undefined ? sum(c.messagesReceived) : (c.messagesReceived[operation] ?? 0)
        ),
      repliesSent: Effect.map(Ref.get(ref), (c) => sum(c.repliesSent) + sum(c.errorRepliesSent)),
      reset: Ref.set(ref, empty)
    })
  })

  static readonly layer: Layer.Layer<DataPlaneCounters> = Layer.effect(DataPlaneCounters, DataPlaneCounters.make)
}
