/**
 * `its gateway`: start the gateway's development composition (`apps/gateway/src/dev.ts`, what `pnpm start` runs:
 * the bundled simulator and a demo key for `local` without `ITS_API_URL`, the production checks otherwise) in the
 * foreground. It runs as a child process (Node with tsx's loader, from the gateway's sources: the development
 * composition is not part of the gateway's production bundle) with this process's environment and terminal; signals
 * are forwarded and its exit code becomes ours. Works the same from the CLI's sources and from its bundle.
 * (The command: `commands/gateway.ts`.)
 */
import { Effect } from "effect"
import { spawn } from "node:child_process"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { Unavailable } from "../Failure.ts"

/** `apps/gateway/src/dev.ts`, found through the `@its/gateway` dependency (not a path relative to this file). */
export const gatewayDevEntry = () =>
  join(dirname(createRequire(import.meta.url).resolve("@its/gateway/package.json")), "src", "dev.ts")

/** Runs the development gateway until it exits; its exit code other than 0 is a failure (exit 4). */
export const runGateway = () =>
  Effect.async<number, Unavailable>((resume) => {
    const child = spawn(
      process.execPath,
      ["--conditions=@its/source", "--import", import.meta.resolve("tsx/esm"), gatewayDevEntry()],
      {
        stdio: "inherit",
        env: process.env
      }
    )
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal)
    const onInt = forward("SIGINT")
    const onTerm = forward("SIGTERM")
    process.on("SIGINT", onInt)
    process.on("SIGTERM", onTerm)
    child.on("error", (e) =>
      resume(Effect.fail(new Unavailable({ message: `cannot start the gateway: ${e.message}` })))
    )
    child.on("exit", (code, signal) => {
      process.off("SIGINT", onInt)
      process.off("SIGTERM", onTerm)
      resume(Effect.succeed(code ?? (signal === null ? 0 : 130)))
    })
    return Effect.sync(() => child.kill("SIGTERM"))
  }).pipe(
    Effect.flatMap((code) =>
      code === 0 ? Effect.void : Effect.fail(new Unavailable({ message: `the gateway exited with code ${code}` }))
    )
  )
