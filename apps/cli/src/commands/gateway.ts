/**
 * `its gateway`: start the ITS gateway (`apps/gateway/src/main.ts`, the README's main job) in the foreground.
 * It runs as a child process (Node with tsx's loader) with this process's environment and terminal; signals are
 * forwarded and its exit code becomes ours.
 */
import { Effect } from "effect"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Unavailable } from "../Failure.ts"
import { leaf } from "../Run.ts"

export const gatewayMain = fileURLToPath(new URL("../../../gateway/src/main.ts", import.meta.url))

export const gatewayCommand = leaf(
  "gateway",
  {},
  "Start the ITS gateway in the foreground (configured by ITS_* and GATEWAY_* variables; with ITS_ENV=local and no ITS_API_URL it starts the bundled simulator); Ctrl-C stops it.\n\nExample: its gateway",
  () =>
    Effect.async<number, Unavailable>((resume) => {
      const child = spawn(process.execPath, ["--conditions=@its/source", "--import", import.meta.resolve("tsx/esm"), gatewayMain], {
        stdio: "inherit",
        env: process.env
      })
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
)
