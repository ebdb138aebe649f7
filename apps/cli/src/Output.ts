/**
 * What the user sees. Human output: aligned tables and short summaries on stdout; progress and errors on stderr.
 * `--json`: exactly one JSON document on stdout (errors too, as `{ "error": … }`).
 */
import { Effect } from "effect"
import { Globals } from "./Globals.ts"

const write = (stream: NodeJS.WriteStream, text: string) =>
  Effect.sync(() => {
    stream.write(text.endsWith("\n") ? text : `${text}\n`)
  })

export const stdout = (text: string) => write(process.stdout, text)
export const stderr = (text: string) => write(process.stderr, text)

/** Plain JSON for `--json`: `toJSON` is honoured (decimals, environments), bigints become strings. */
export const toJsonText = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)

/** One result: `json` with `--json`, else the human rendering. */
export const emit = (json: unknown, human: () => string): Effect.Effect<void, never, Globals> =>
  Effect.flatMap(Globals, (globals) => (globals.json ? stdout(toJsonText(json)) : stdout(human())))

/** An aligned table; `null`/`undefined` render as `-`. */
export const table = (columns: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<unknown>>): string => {
  const cells = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? "-" : String(cell))))
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((row) => (row[i] ?? "").length)))
  const line = (row: ReadonlyArray<string>) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd()
  return [line(columns), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n")
}

/** `key  value` lines, aligned. */
export const fields = (entries: ReadonlyArray<readonly [string, unknown]>): string => {
  const width = Math.max(...entries.map(([key]) => key.length))
  return entries
    .map(([key, value]) => `${key.padEnd(width)}  ${value === null || value === undefined ? "-" : String(value)}`)
    .join("\n")
}

/** A progress note on stderr (never on stdout, so `--json` output stays one document). */
export const progress = (text: string) => stderr(text)
