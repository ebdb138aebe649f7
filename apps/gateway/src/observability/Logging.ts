/**
 * The process's log output: Effect's JSON lines (`Logger.jsonLogger`, the format of `Logger.json`), written to
 * stdout in batches. `Logger.json` writes each line with its own `console.log`, a synchronous write to a pipe per
 * line; under load that was a tenth of the gateway's CPU (profile in `tools/bench/README.md`). Lines logged in
 * the same turn of the event loop go out in one write; whatever is pending when the process exits is written
 * synchronously, so nothing logged is lost on a clean exit or `process.exit`.
 */
import { writeSync } from "node:fs"
import { type Layer, Logger } from "effect"

let pending: Array<string> = []
let scheduled = false

const flush = () => {
  scheduled = false
  if (pending.length === 0) return
  const text = `${pending.join("\n")}\n`
  pending = []
  process.stdout.write(text)
}

process.once("exit", () => {
  if (pending.length === 0) return
  const text = `${pending.join("\n")}\n`
  pending = []
  writeSync(1, text)
})

/** One JSON line on stdout (batched with the other lines of this event-loop turn). */
export const writeLine = (line: string): void => {
  pending.push(line)
  if (!scheduled) {
    scheduled = true
    setImmediate(flush)
  }
}

/** JSON lines on stdout, batched: the gateway's logger (in place of `Logger.json`). */
export const batchedJsonLogger = Logger.make((options) => writeLine(Logger.jsonLogger.log(options)))

export const JsonLogs: Layer.Layer<never> = Logger.replace(Logger.defaultLogger, batchedJsonLogger)
