/** Parsers of command-line values (pure, unit-tested). Failures are messages for `InputError`. */
import { DateTime, Either, Option } from "effect"

/** `a,b,,c ` → `["a", "b", "c"]`, duplicates removed, order kept. */
export const parseIdList = (input: string): Either.Either<ReadonlyArray<string>, string> => {
  const ids = [...new Set(input.split(",").map((s) => s.trim()))].filter((s) => s !== "")
  return ids.length === 0 ? Either.left("expected a comma-separated list of ids") : Either.right(ids)
}

/** `LO..HI` (decimals) → `{ lower, higher }`, with lower ≤ higher. */
export const parseRange = (input: string): Either.Either<{ lower: number; higher: number }, string> => {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)\s*$/.exec(input)
  if (match === null) return Either.left(`expected LO..HI (e.g. 0.9..1), got "${input}"`)
  const lower = Number(match[1])
  const higher = Number(match[2])
  return lower > higher
    ? Either.left(`the range's lower bound ${lower} is above its higher bound ${higher}`)
    : Either.right({ lower, higher })
}

/** `*` or a non-negative integer sub-bookmaker. */
export const parseSubBookmaker = (input: string): Either.Either<"*" | number, string> => {
  if (input.trim() === "*") return Either.right("*")
  const n = Number(input)
  return Number.isSafeInteger(n) && n >= 0 && n <= 2147483647
    ? Either.right(n)
    : Either.left(`expected "*" or a sub-bookmaker id (0–2147483647), got "${input}"`)
}

/**
 * JSON-ready data: Schema decimals (`{ text, value }` classes with a `text` wire form) become their wire text,
 * `Option`s their value or null, `Date`s ISO strings.
 */
export const plain = (value: unknown): unknown => {
  if (value === null || value === undefined) return value ?? null
  if (Array.isArray(value)) return value.map(plain)
  if (value instanceof Date) return value.toISOString()
  if (typeof value === "bigint") return value.toString()
  if (typeof value !== "object") return value
  if (DateTime.isDateTime(value)) return DateTime.formatIso(value)
  if (Option.isOption(value)) return Option.match(value, { onNone: () => null, onSome: plain })
  const record = value as Record<string, unknown>
  if (typeof record.text === "string" && "value" in record && Object.keys(record).length <= 3) return record.text
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(record)) out[key] = plain(v)
  return out
}

/** One table cell for any value. */
export const cell = (value: unknown): string => {
  const p = plain(value)
  return p === null ? "-" : typeof p === "object" ? JSON.stringify(p) : String(p)
}
