/**
 * The progress of long pulls: rendered (items, pages, rate, elapsed) on a TTY, redrawn at most every `redrawEvery`
 * of Clock time, silent when stderr is not a TTY or with `--json`.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, TestClock } from "effect"
import { Globals } from "../src/Globals.ts"
import { makeProgress, ProgressSink, redrawEvery, renderProgress } from "../src/Progress.ts"

const fakeSink = (isTTY: boolean) => {
  const written: Array<string> = []
  return { written, layer: Layer.succeed(ProgressSink, { isTTY, write: (text) => written.push(text) }) }
}

const globals = (json: boolean) => Layer.succeed(Globals, { json } as unknown as typeof Globals.Service)

/** 3 pages of 1000 accounts, 1 s apart, then done. */
const pull = Effect.gen(function* () {
  const progress = yield* makeProgress("accounts")
  for (let page = 0; page < 3; page++) {
    yield* TestClock.adjust("1 second")
    yield* progress.add(1000, 1)
  }
  yield* progress.done
})

describe("progress", () => {
  it("renders items, pages, rate and elapsed time", () => {
    expect(renderProgress({ label: "accounts", items: 12_000, pages: 12, elapsedMillis: 8000 })).toBe(
      "accounts: 12,000 · 12 pages · 1,500/s · 8.0 s"
    )
    expect(renderProgress({ label: "lbs range", items: 0, pages: 1, elapsedMillis: 0 })).toBe(
      "lbs range: 0 · 1 page · -/s · 0.0 s"
    )
  })

  it.effect("on a TTY: redrawn in place as pages arrive, then a final line", () => {
    const sink = fakeSink(true)
    return pull.pipe(
      Effect.provide(Layer.merge(sink.layer, globals(false))),
      Effect.tap(() => {
        expect(sink.written).toEqual([
          "\r\x1b[2Kaccounts: 1,000 · 1 page · 1,000/s · 1.0 s",
          "\r\x1b[2Kaccounts: 2,000 · 2 pages · 1,000/s · 2.0 s",
          "\r\x1b[2Kaccounts: 3,000 · 3 pages · 1,000/s · 3.0 s",
          "\r\x1b[2Kaccounts: 3,000 · 3 pages · 1,000/s · 3.0 s\n"
        ])
      })
    )
  })

  it.effect("pages faster than the redraw interval are drawn once", () => {
    const sink = fakeSink(true)
    return Effect.gen(function* () {
      const progress = yield* makeProgress("accounts")
      yield* progress.add(10, 1)
      for (let i = 0; i < 5; i++) yield* progress.add(10, 1)
      yield* TestClock.adjust(`${redrawEvery} millis`)
      yield* progress.add(10, 1)
      expect(sink.written).toHaveLength(2)
      expect(sink.written[1]).toContain("accounts: 70 · 7 pages")
    }).pipe(Effect.provide(Layer.merge(sink.layer, globals(false))))
  })

  it.effect("silent when stderr is not a TTY", () => {
    const sink = fakeSink(false)
    return pull.pipe(
      Effect.provide(Layer.merge(sink.layer, globals(false))),
      Effect.map(() => expect(sink.written).toEqual([]))
    )
  })

  it.effect("silent with --json, even on a TTY", () => {
    const sink = fakeSink(true)
    return pull.pipe(
      Effect.provide(Layer.merge(sink.layer, globals(true))),
      Effect.map(() => expect(sink.written).toEqual([]))
    )
  })
})
