/**
 * The configuration the SDK layers read: `--env`, the process environment and a credentials file
 * (`ITS_CREDENTIALS_FILE`, see `credentials/Format.ts`), and the gateway options with their fallbacks.
 */
import { Config, ConfigError, ConfigProvider, Effect, Either, Option, Redacted } from "effect"
import { readFileSync } from "node:fs"
import { parseEnvFile } from "./credentials/Format.ts"
import { InputError } from "./Failure.ts"
import type { GlobalValues } from "./Globals.ts"

/** The key in a key file: its first line, trimmed; an error (never the content) when unreadable or empty. */
export const readApiKeyFile = (path: string): Effect.Effect<Redacted.Redacted, InputError> =>
  Effect.try({
    try: () => readFileSync(path, "utf8"),
    catch: () => new InputError({ message: `cannot read the API key file ${path}` })
  }).pipe(
    Effect.flatMap((text) => {
      const key = (text.split(/\r?\n/, 1)[0] ?? "").trim()
      return key === ""
        ? Effect.fail(new InputError({ message: `the API key file ${path} is empty` }))
        : Effect.succeed(Redacted.make(key))
    })
  )

/**
 * `--via-gateway` / `--api-key` with their fallbacks, first found wins: `--api-key`, `--api-key-file`,
 * `ITS_GATEWAY_API_KEY`, `ITS_GATEWAY_API_KEY_FILE` (read through the configuration, so a credentials file may set
 * them too). An empty value counts as unset.
 */
export const resolveGateway = (globals: GlobalValues): Effect.Effect<GlobalValues, InputError> =>
  Effect.gen(function* () {
    const url = Option.isSome(globals.viaGateway)
      ? globals.viaGateway
      : yield* Config.option(Config.nonEmptyString("ITS_GATEWAY_URL"))
    if (Option.isSome(globals.apiKey)) return { ...globals, viaGateway: url }
    if (Option.isSome(globals.apiKeyFile))
      return { ...globals, viaGateway: url, apiKey: Option.some(yield* readApiKeyFile(globals.apiKeyFile.value)) }
    const fromEnv = yield* Config.option(Config.redacted(Config.nonEmptyString("ITS_GATEWAY_API_KEY")))
    if (Option.isSome(fromEnv)) return { ...globals, viaGateway: url, apiKey: fromEnv }
    const file = yield* Config.option(Config.nonEmptyString("ITS_GATEWAY_API_KEY_FILE"))
    const apiKey = Option.isSome(file) ? Option.some(yield* readApiKeyFile(file.value)) : Option.none()
    return { ...globals, viaGateway: url, apiKey }
  }).pipe(
    Effect.catchIf(ConfigError.isConfigError, () =>
      Effect.fail(new InputError({ message: "cannot read ITS_GATEWAY_URL / ITS_GATEWAY_API_KEY" }))
    )
  )

/** The keys a credentials file may set; anything else is refused (the file cannot steer other settings). */
export const credentialsFileKeys: ReadonlyArray<string> = [
  "ITS_ENV",
  "ITS_CLIENT_ID",
  "ITS_CLIENT_SECRET",
  "ITS_AUDIENCE",
  "ITS_API_URL",
  "ITS_OPERATOR_ID",
  "ITS_BOOKMAKER_ID",
  "ITS_GATEWAY_URL",
  "ITS_GATEWAY_API_KEY"
]

/** Only known keys, and no value spanning lines (a quoted `\n` would smuggle a second line into a header). */
export const checkCredentialsValues = (values: Record<string, string>): string | undefined => {
  for (const [key, value] of Object.entries(values)) {
    if (!credentialsFileKeys.includes(key))
      return `${key} is not a credentials key (allowed: ${credentialsFileKeys.join(", ")})`
    if (/[\r\n]/.test(value)) return `the value of ${key} spans lines`
  }
  return undefined
}

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
        parseEnvFile(text).pipe(
          Either.flatMap((parsed) => {
            const problem = checkCredentialsValues(parsed)
            return problem === undefined ? Either.right(parsed) : Either.left(problem)
          })
        ),
        (problem) => new InputError({ message: `ITS_CREDENTIALS_FILE ${file}: ${problem}` })
      )
      provider = fromEnv.pipe(ConfigProvider.orElse(() => ConfigProvider.fromMap(new Map(Object.entries(values)))))
    }
    return Option.match(env, {
      onNone: () => provider,
      onSome: (name) => ConfigProvider.fromMap(new Map([["ITS_ENV", name]])).pipe(ConfigProvider.orElse(() => provider))
    })
  })
