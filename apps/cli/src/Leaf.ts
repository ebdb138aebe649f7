/**
 * How a command is defined: its name, options and help now; its implementation when it runs. `its --help` and the
 * parsing of any command evaluate only the definitions (`@effect/cli` and the option lists); a handler imports its
 * implementation module (and through it the SDK: models, tickets, transport, the gateway client) and `Run.ts` (the
 * configuration and the error reporting) with a dynamic `import()`, which the bundle turns into lazily loaded chunks.
 */
import { Command } from "@effect/cli"
import { Effect } from "effect"
import { type GlobalValues, globalOptions } from "./Globals.ts"

/**
 * A leaf command: its own options plus the global ones; `description` should end with an example. `handler` runs
 * under `Run.runWith` (the `Globals` service, the configuration, every failure reported once as an exit code).
 */
export const leaf = <Name extends string, const Config extends Command.Command.Config, R, E>(
  name: Name,
  config: Config,
  description: string,
  handler: (args: Command.Command.ParseConfig<Config>) => Effect.Effect<void, E, R>
) =>
  Command.make(name, { ...config, globals: globalOptions }, (args) =>
    Effect.flatMap(
      Effect.promise(() => import("./Run.ts")),
      ({ runWith }) =>
        runWith((args as { globals: GlobalValues }).globals, handler(args as Command.Command.ParseConfig<Config>))
    )
  ).pipe(Command.withDescription(description))

/**
 * A handler that imports its implementation module first: `lazy(() => import("../handlers/env.ts"), (m) => m.env)`.
 * The import is a defect if it fails (a broken install), reported as an internal error.
 */
export const lazy =
  <M, Args, E, R>(module: () => Promise<M>, pick: (loaded: M) => (args: Args) => Effect.Effect<void, E, R>) =>
  (args: Args): Effect.Effect<void, E, R> =>
    Effect.flatMap(Effect.promise(module), (loaded) => pick(loaded)(args))
