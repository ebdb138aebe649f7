/**
 * The bench's output: every measurement as one table (req/s, p50/p99, errors, ratio to the direct call), then the
 * issue's goals as a second table, each figure next to its target and whether it is met.
 */
import type { Row } from "./load.ts"

const printTable = (table: ReadonlyArray<ReadonlyArray<string>>, numeric: ReadonlySet<number>) => {
  const widths = table[0]?.map((_, i) => Math.max(...table.map((line) => (line[i] ?? "").length))) ?? []
  for (const line of table) {
    console.log(
      line.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join("  ")
    )
  }
}

export const printMeasurements = (rows: ReadonlyArray<Row>) => {
  const table: Array<ReadonlyArray<string>> = [
    ["scenario", "target", "req/s", "p50 ms", "p99 ms", "non-2xx", "errors", "vs direct"]
  ]
  const notes: Array<string> = []
  for (const row of rows) {
    const base = rows.find((r) => r.scenario === row.scenario && r.target.startsWith("direct"))
    table.push([
      row.scenario,
      row.target,
      row.rps.toFixed(0),
      row.p50.toFixed(2),
      row.p99.toFixed(2),
      String(row.non2xx),
      String(row.errors),
      base === undefined ? "" : `${(row.rps / base.rps).toFixed(2)}×`
    ])
    if (row.note !== undefined) notes.push(`${row.scenario} / ${row.target}: ${row.note}`)
  }
  console.log("")
  printTable(table, new Set([2, 3, 4, 5, 6, 7]))
  console.log("")
  console.log("ticket placement: the proxies do not apply (the direct path is the data-plane WebSocket, not HTTP).")
  for (const note of notes) console.log(note)
}

export interface Goal {
  readonly goal: string
  readonly figure: string
  readonly value: number
  readonly target: string
  readonly met: boolean
}

/** `value` against `bound`: at least (`>=`) or at most (`<=`), formatted with `unit`. */
export const goal = (
  name: string,
  figure: string,
  value: number,
  op: ">=" | "<=" | "<",
  bound: number,
  unit = ""
): Goal => ({
  goal: name,
  figure,
  value,
  target: `${op === ">=" ? "≥" : op === "<=" ? "≤" : "<"} ${bound}${unit}`,
  met: op === ">=" ? value >= bound : op === "<=" ? value <= bound : value < bound
})

export const printGoals = (goals: ReadonlyArray<Goal>, format: (goal: Goal) => string) => {
  const table: Array<ReadonlyArray<string>> = [["goal", "figure", "measured", "target", "met"]]
  for (const g of goals) table.push([g.goal, g.figure, format(g), g.target, g.met ? "yes" : "NO"])
  console.log("")
  printTable(table, new Set([2]))
}
