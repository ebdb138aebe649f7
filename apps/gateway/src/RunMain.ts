/**
 * How both entries run as a process: JSON logs at Info (batched writes, `observability/Logging.ts`), a start-up refusal as its one line on stderr (exit 1), any
 * other start-up failure logged with its cause; SIGTERM/SIGINT interrupt the main fiber (graceful shutdown, exit 0).
 */
import { NodeRuntime } from "@effect/platform-node"
import { Cause, Console, Effect, Logger, LogLevel, Option, type Scope } from "effect"
import { JsonLogs } from "./observability/Logging.ts"
import { StartupRefused } from "./StartupChecks.ts"

export const runMain = <E>(program: Effect.Effect<never, E, Scope.Scope>) =>
  program.pipe(
    Effect.scoped,
    Effect.provide(JsonLogs),
    Logger.withMinimumLogLevel(LogLevel.Info),
    Effect.tapErrorCause((cause) => {
      const failure = Cause.failureOption(cause)
      return Option.isSome(failure) && failure.value instanceof StartupRefused
        ? Console.error(failure.value.line)
        : Effect.logError("gateway failed to start", cause)
    }),
    NodeRuntime.runMain({ disableErrorReporting: true, disablePrettyLogger: true })
  )
