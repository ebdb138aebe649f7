/**
 * Options every command takes (`--json`, `--verbose`, `--env`, `--via-gateway`, `--api-key`) and the `Globals`
 * service that carries them to the handlers. Part of the command definitions (loaded by `its --help`): only
 * `@effect/cli` and the environment names here; what the options resolve to is `Configuration.ts`.
 */
import { Options } from "@effect/cli"
import { EnvironmentNames } from "@its/transport"
import { Context, type Option, type Redacted } from "effect"

export interface GlobalValues {
  readonly json: boolean
  readonly verbose: boolean
  readonly env: Option.Option<(typeof EnvironmentNames)[number]>
  /** `--via-gateway URL` (env `ITS_GATEWAY_URL`): talk to the gateway instead of ITS. */
  readonly viaGateway: Option.Option<string>
  /** `--api-key KEY` (env `ITS_GATEWAY_API_KEY`): the gateway API key; a secret, never printed. */
  readonly apiKey: Option.Option<Redacted.Redacted>
  /** `--api-key-file PATH` (env `ITS_GATEWAY_API_KEY_FILE`): the key read from a file (first line). */
  readonly apiKeyFile: Option.Option<string>
}

export class Globals extends Context.Tag("@its/cli/Globals")<Globals, GlobalValues>() {}

export const globalOptions: Options.Options<GlobalValues> = Options.all({
  json: Options.boolean("json").pipe(Options.withDescription("machine output: one JSON document on stdout")),
  verbose: Options.boolean("verbose").pipe(Options.withDescription("show error details (causes, stack traces)")),
  env: Options.choice("env", EnvironmentNames).pipe(
    Options.withDescription("ITS environment (overrides ITS_ENV; default local = the simulator)"),
    Options.optional
  ),
  viaGateway: Options.text("via-gateway").pipe(
    Options.withDescription(
      "go through the ITS gateway at URL instead of ITS (env ITS_GATEWAY_URL); `its token`/`its env` stay direct"
    ),
    Options.optional
  ),
  apiKey: Options.redacted("api-key").pipe(
    Options.withDescription(
      "the gateway API key, with --via-gateway (never printed). Prefer ITS_GATEWAY_API_KEY or --api-key-file: " +
        "a command line is visible to every user of the machine (`ps`, /proc/PID/cmdline) and lands in shell history"
    ),
    Options.optional
  ),
  apiKeyFile: Options.text("api-key-file").pipe(
    Options.withDescription(
      "read the gateway API key from this file (its first line; keep it mode 0600). Env ITS_GATEWAY_API_KEY_FILE"
    ),
    Options.optional
  )
})
