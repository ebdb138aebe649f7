/**
 * Progress of long pulls (`accounts list --all`, range scans, bulk fetches) on stderr: items so far, pages, rate and
 * elapsed time, redrawn in place at most every `redrawEvery` of Clock time. Only when stderr is a TTY and without
 * `--json`: piped or machine output never carries progress (stdout stays the result alone either way).
 */
import { Clock, Context, Effect, Option, Ref } from "effect"
import { Globals } from "./Globals.ts"

/** Where progress goes: stderr, or a fake in tests. */
export interface ProgressSinkShape {
  readonly isTTY: boolean
  readonly write: (text: string) => void
}

export class ProgressSink extends Context.Tag("@its/cli/ProgressSink")<ProgressSink, ProgressSinkShape>() {
  static readonly stderr: ProgressSinkShape = {
    get isTTY() {
      return process.stderr.isTTY === true
    },
    write: (text) => {
      process.stderr.write(text)
    }
  }
}

export interface ProgressState {
  readonly label: string
  readonly items: number
  readonly pages: number
  readonly elapsedMillis: number
}

const thousands = (n: number) => Math.round(n).toLocaleString("en-US")

/** One line: `accounts: 12,000 · 12 pages · 1,500/s · 8.0 s`. */
export const renderProgress = ({ label, items, pages, elapsedMillis }: ProgressState): string => {
  const seconds = elapsedMillis / 1000
  const rate = seconds > 0 ? `${thousands(items / seconds)}/s` : "-/s"
  return `${label}: ${thousands(items)} · ${pages} page${pages === 1 ? "" : "s"} · ${rate} · ${seconds.toFixed(1)} s`
}

export interface Progress {
  /** Counts items and pages; redraws when due. */
  readonly add: (items: number, pages?: number) => Effect.Effect<void>
  /** The final line (with a newline), when progress is shown. */
  readonly done: Effect.Effect<void>
}

export const redrawEvery = 250

const silent: Progress = { add: () => Effect.void, done: Effect.void }

/** A progress tracker for `label`; silent unless stderr is a TTY and `--json` is off. */
export const makeProgress = (label: string): Effect.Effect<Progress, never, Globals> =>
  Effect.gen(function* () {
    const globals = yield* Globals
    const sink = Option.getOrElse(yield* Effect.serviceOption(ProgressSink), () => ProgressSink.stderr)
    if (!sink.isTTY || globals.json) return silent
    const start = yield* Clock.currentTimeMillis
    const state = yield* Ref.make({ items: 0, pages: 0, drawnAt: Number.NEGATIVE_INFINITY })
    const draw = (now: number, items: number, pages: number, end: string) =>
      Effect.sync(() =>
        sink.write(`\r\x1b[2K${renderProgress({ label, items, pages, elapsedMillis: now - start })}${end}`)
      )
    return {
      add: (items, pages = 0) =>
        Effect.gen(function* () {
          const now = yield* Clock.currentTimeMillis
          const next = yield* Ref.updateAndGet(state, (s) => ({ ...s, items: s.items + items, pages: s.pages + pages }))
          if (now - next.drawnAt < redrawEvery) return
          yield* Ref.update(state, (s) => ({ ...s, drawnAt: now }))
          yield* draw(now, next.items, next.pages, "")
        }),
      done: Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const s = yield* Ref.get(state)
        yield* draw(now, s.items, s.pages, "\n")
      })
    }
  })
