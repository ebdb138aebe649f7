/**
 * Entry of the `its` command (`bin/its.mjs`, `pnpm its`). Exit codes: 0 ok, 1 negative outcome, 2 bad usage or
 * input, 3 authentication/authorization failure, 4 upstream unavailable or timeout (see `Failure.ts`).
 */
import { ValidationError } from "@effect/cli"
// The modules, not the package index: the index re-exports undici (~700 KiB) that `--help` never needs.
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeTerminal from "@effect/platform-node/NodeTerminal"
import { Cause, Effect, Exit as EffectExit, Layer } from "effect"
import { cli } from "./Cli.ts"
import { Exit, ExitCode } from "./ExitCode.ts"

/**
 * What `@effect/cli` and the commands use: files, paths, the terminal. Not all of `NodeContext.layer`, whose
 * `CommandExecutor` and `Worker` (unused here) load `child_process` and `worker_threads` at every start.
 */
const platform = Layer.mergeAll(NodeFileSystem.layer, NodePath.layer, NodeTerminal.layer)

const program = Effect.suspend(() => cli(process.argv)).pipe(
  Effect.as(ExitCode.ok as number),
  Effect.catchAll((error) =>
    Effect.succeed(
      error instanceof Exit ? error.code : ValidationError.isValidationError(error) ? ExitCode.usage : ExitCode.negative
    )
  ),
  Effect.provide(platform)
)

/** Exits once stdout and stderr are flushed (pipes are asynchronous), so no output is lost. */
const exitAfterFlush = (code: number) => {
  process.exitCode = code
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)))
}

NodeRuntime.runMain(program, {
  disableErrorReporting: true,
  teardown: (exit, _onExit) => {
    if (EffectExit.isSuccess(exit)) return exitAfterFlush(exit.value as number)
    if (Cause.isInterruptedOnly(exit.cause)) return exitAfterFlush(130)
    process.stderr.write(`its: internal error\n${Cause.pretty(exit.cause)}\n`)
    return exitAfterFlush(ExitCode.negative)
  }
})
