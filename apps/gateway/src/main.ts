/**
 * The main job: `pnpm start` (or `its gateway`). Configuration alone decides where it talks: with `ITS_ENV=local`
 * (the default) and no `ITS_API_URL` it starts the bundled ITS simulator and points itself at it; otherwise it
 * talks to the configured ITS environment. Prints the URL, a demo API key (local only) and a `curl` that works.
 * SIGTERM/SIGINT shut it down gracefully (see `Http.ts` and the outbox worker).
 */
import { NodeRuntime } from "@effect/platform-node"
import { Effect, Logger, LogLevel } from "effect"
import { runGateway } from "./Gateway.ts"

runGateway.pipe(
  Effect.scoped,
  Effect.provide(Logger.json),
  Logger.withMinimumLogLevel(LogLevel.Info),
  Effect.tapErrorCause((cause) => Effect.logError("gateway failed to start", cause)),
  NodeRuntime.runMain({ disableErrorReporting: true, disablePrettyLogger: true })
)
