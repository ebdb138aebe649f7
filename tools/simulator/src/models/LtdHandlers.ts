/**
 * The simulated Live Time Delay API (its-api.md §5): a suggestion per ticket, deterministic in the ticket's content.
 */
import { HttpApiBuilder } from "@effect/platform"
import { type LtdModelSuggestion, WireDecimal } from "@its/models/api"
import { Effect } from "effect"
import { SimulatedModelsApi } from "./Api.ts"
import { findAccount, hash32, ModelsData, type ModelsDataSettings, randomFor } from "./Data.ts"

/** JSON with sorted keys, so that the same ticket content hashes the same whatever its key order. */
const stableJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`
  }
  return JSON.stringify(value) ?? "null"
}

/** The first string found under `key` anywhere in `value` (depth-first), optionally inside an object at `parent`. */
const findString = (
  value: unknown,
  key: string,
  parent?: string,
  inParent = parent === undefined
): string | undefined => {
  if (value === null || typeof value !== "object") return undefined
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (inParent && k === key && typeof v === "string") return v
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const found = findString(v, key, parent, parent === undefined || k === parent)
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * The LTD suggestion for a ticket: a customer (`endCustomer.id`) of the population with an LBS ≥ 0.70 is delayed;
 * otherwise the suggestion follows a hash of the ticket's content. `ticketId` echoes the ticket's `ticketId`
 * (else its `correlationId`).
 */
export const ltdSuggestionOf = (settings: ModelsDataSettings, bookmaker: number, ticket: Record<string, unknown>) => {
  const seed = hash32(stableJson(ticket))
  const next = randomFor(bookmaker, String(seed), "ltd")
  const customer = findString(ticket, "id", "endCustomer")
  const account = customer === undefined ? undefined : findAccount(settings, bookmaker, customer)
  const lbs = account?.scores.lbs
  const roll = next()
  const suggestion: LtdModelSuggestion =
    lbs !== undefined && lbs >= 70 ? "Delay" : roll < 0.6 ? "Skip" : roll < 0.85 ? "Delay" : "N/A"
  const delay = suggestion === "Delay" ? 3 + Math.floor(next() * 10) : 0
  const edl = 1 + Math.floor(next() * 10)
  const ticketId =
    findString(ticket, "ticketId") ?? findString(ticket, "correlationId") ?? `ticket-${seed.toString(16)}`
  return {
    ltdModelSuggestion: suggestion,
    ltdSuggestion: new WireDecimal({ text: String(delay), value: delay }),
    ltdSuggestionEdl: new WireDecimal({ text: String(edl), value: edl }),
    ticketId
  }
}

export const LtdLive = HttpApiBuilder.group(SimulatedModelsApi, "ltd", (handlers) =>
  Effect.gen(function* () {
    const settings = yield* ModelsData
    return handlers.handle("suggestion", ({ path, payload }) =>
      Effect.sync(() => ltdSuggestionOf(settings, path.bookmaker, payload))
    )
  })
)
