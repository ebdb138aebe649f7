/**
 * Options every command takes (`--json`, `--verbose`, `--env`, `--via-gateway`, `--api-key`), the `Globals`
 * service that carries them to the handlers, and the configuration the SDK layers read: `--env` and a credentials
 * file (`ITS_CREDENTIALS_FILE`, see `credentials/Format.ts`) below the process environment.
 */
import { Options } from "@effect/cli"
import { EnvironmentNames } from "@its/transport"
import { Config, ConfigProvider, Context, Effect, Option, type Redacted } from "effect"
import { readFileSync } from "node:fs"
import { parseEnvFile } from "./credentials/Format.ts"
import { InputError } from "./Failure.ts"

export interface GlobalValues {
  readonly json: boolean
  readonly verbose: boolean
  readonly env: Option.Option<(typeof EnvironmentNames)[number]>
  /** `--via-gateway URL` (env `ITS_GATEWAY_URL`): talk to the gateway instead of ITS. */
  readonly viaGateway: Option.Option<string>
  /** `--api-key KEY` (env `ITS_GATEWAY_API_KEY`): the gateway API key; a secret, never printed. */
  readonly apiKey: Option.Option<Redacted.Redacted>
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
    Options.withDescription("the gateway API key, with --via-gateway (env ITS_GATEWAY_API_KEY; never printed)"),
    Options.optional
  )
})

/**
 * `--via-gateway` / `--api-key` with their environment fallbacks (`ITS_GATEWAY_URL`, `ITS_GATEWAY_API_KEY`), read
 * through the configuration (so a credentials file may set them too). An empty value counts as unset.
 */
export const resolveGateway = (globals: GlobalValues): Effect.Effect<GlobalValues, InputError> =>
  Effect.gen(function* () {
    const url = Option.isSome(globals.viaGateway)
      ? globals.viaGateway
      : yield* Config.option(Config.nonEmptyString("ITS_GATEWAY_URL"))
    const apiKey = Option.isSome(globals.apiKey)
      ? globals.apiKey
      : yield* Config.option(Config.redacted(Config.nonEmptyString("ITS_GATEWAY_API_KEY")))
    return { ...globals, viaGateway: url, apiKey }
  }).pipe(
    Effect.catchAll(() => Effect.fail(new InputError({ message: "cannot read ITS_GATEWAY_URL / ITS_GATEWAY_API_KEY" })))
  )

/**
 * The configuration the SDK reads: `--env` first, then the process environment, then the credentials file named by
 * `ITS_CREDENTIALS_FILE` (so an explicit `ITS_CLIENT_SECRET` still wins over the file).
 */
export const configProvider = (env: GlobalValues["env"]): Effect.Effect<ConfigProvider.ConfigProvider, InputError> =>
  Effect.gen(function* () {
    const fromEnv = ConfigProvider.fromEnv()
    const file = process.env.ITS_CREDENTIALS_FILE
    let provider = fromEnv
    if (file !== undefined && file !== "") {
      const text = yield* Effect.try({
        try: () => readFileSync(file, "utf8"),
        catch: () =>
          new InputError({
            message: `cannot read ITS_CREDENTIALS_FILE ${file}`,
            hint: "create it with `its credentials import --out FILE`"
          })
      })
      const values = yield* Effect.mapError(
        parseEnvFile(text),
        (problem) => new InputError({ message: `ITS_CREDENTIALS_FILE ${file}: ${problem}` })
      )
      provider = fromEnv.pipe(ConfigProvider.orElse(() => ConfigProvider.fromMap(new Map(Object.entries(values)))))
    }
    return Option.match(env, {
      onNone: () => provider,
      onSome: (name) => ConfigProvider.fromMap(new Map([["ITS_ENV", name]])).pipe(ConfigProvider.orElse(() => provider))
    })
  })
