import { type Duration, Effect, TestClock } from "effect"

/**
 * Lets every fiber that is ready to run (a freshly forked caller, a refresher that just woke) reach its next
 * virtual sleep before the clock moves. Without it, on a loaded machine `TestClock.adjust` can run ahead of a
 * fiber, whose sleep is then scheduled after the adjusted time and never fires.
 */
const settle = Effect.promise(
  () =>
    new Promise<void>((resolve) => {
      let turns = 5
      const turn = () => (--turns === 0 ? setTimeout(resolve, 1) : setImmediate(turn))
      turn()
    })
)

/** `TestClock.adjust`, with the runnable fibers settled before and after. */
export const advance = (duration: Duration.DurationInput) =>
  settle.pipe(Effect.zipRight(TestClock.adjust(duration)), Effect.zipRight(settle))
