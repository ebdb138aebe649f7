/**
 * How every command runs (loaded by `Leaf.ts` when a command runs, not by `its --help`): the global options become the `Globals` service and the configuration (`--env`,
 * `ITS_CREDENTIALS_FILE`), and every failure is reported once — one line and a hint on stderr (the cause with
 * `--verbose`), `{ "error": … }` on stdout with `--json` — then becomes an `Exit` carrying the exit code.
 */
import { Cause, Effect, Logger, LogLevel, Option } from "effect"
import { configProvider, resolveGateway } from "./Configuration.ts"
import { classify, Exit, ExitCode } from "./Failure.ts"
import { type GlobalValues, Globals } from "./Globals.ts"
import { explainLocal } from "./LocalSimulator.ts"
import { stderr, stdout, toJsonText } from "./Output.ts"

const report = (globals: GlobalValues, cause: Cause.Cause<unknown>): Effect.Effect<never, Exit> => {
  if (Cause.isInterruptedOnly(cause)) return Effect.failCause(cause as Cause.Cause<never>)
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure) && failure.value instanceof Exit) return Effect.fail(failure.value)
  const firstClassified = Option.match(failure, {
    onNone: () => ({
      code: ExitCode.negative,
      type: "Defect",
      message: `internal error: ${Cause.squash(cause) instanceof Error ? (Cause.squash(cause) as Error).message : String(Cause.squash(cause))}`,
      hint: "run again with --verbose and report it"
    }),
    onSome: classify
  })
  return Effect.gen(function* () {
    const classified = yield* explainLocal(globals, firstClassified)
    yield* stderr(`its: ${classified.message}`)
    if (classified.hint !== undefined) yield* stderr(`hint: ${classified.hint}`)
    if (globals.verbose) yield* stderr(Cause.pretty(cause, { renderErrorCause: true }))
    if (globals.json) yield* stdout(toJsonText({ error: classified }))
    return yield* new Exit({ code: classified.code })
  })
}

/** Runs a command's effect with the globals; the result's only failure is `Exit`. */
export const runWith = <A, E, R>(globals: GlobalValues, effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const provider = yield* configProvider(globals.env)
    const resolved = yield* Effect.withConfigProvider(resolveGateway(globals), provider)
    return yield* Effect.withConfigProvider(Effect.provideService(effect, Globals, resolved), provider).pipe(
      // Reported under the command's configuration (`explainLocal` reads ITS_ENV from it).
      Effect.catchAllCause((cause) => Effect.withConfigProvider(report(resolved, cause), provider))
    )
  }).pipe(
    // The SDK's own logs (retries, reconnects) only with --verbose: stderr carries one line per failure.
    Logger.withMinimumLogLevel(globals.verbose ? LogLevel.Debug : LogLevel.None),
    Effect.provideService(Globals, globals),
    Effect.catchAllCause((cause) => report(globals, cause))
  )

/** Fails with an already-reported exit code (e.g. after printing a rejected ticket's reply). */
export const exitWith = (code: ExitCode) => Effect.fail(new Exit({ code }))
