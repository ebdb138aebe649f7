/**
 * The floor of `pnpm bench:cli`: a trivial `@effect/cli` command (one subcommand, one option), bundled exactly like
 * `its` (`node tools/scripts/bundle.mjs cli-floor` → `tools/bench/dist/cli-floor/floor.mjs`). Its `--help` is what
 * any `@effect/cli` program costs to start with this Effect and this Node; `its` is measured against it.
 */
import { Command, Options } from "@effect/cli"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Console, Effect } from "effect"

const hello = Command.make("hello", { json: Options.boolean("json") }, ({ json }) =>
  Console.log(json ? '{"hello":true}' : "hello")
)
const floor = Command.make("floor").pipe(Command.withSubcommands([hello]))

NodeRuntime.runMain(
  Effect.suspend(() => Command.run(floor, { name: "floor", version: "0.0.0" })(process.argv)).pipe(
    Effect.provide(NodeContext.layer)
  )
)
