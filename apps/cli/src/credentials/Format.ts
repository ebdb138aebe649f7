/**
 * The content of a decrypted credentials file, and the credentials file this toolkit reads.
 *
 * In: the format Sportradar uses is not documented (its-api.md §3), so the parser is tolerant — JSON, `.env`-style
 * `KEY=VALUE` lines, or YAML, with `client_id` / `client_secret` / `audience` (also `clientId`, `client-id`,
 * `ITS_CLIENT_ID`, …), either at the top level or per environment (`{ "integration": {…}, "production": {…} }`,
 * or `INTEGRATION_CLIENT_ID=…` lines).
 *
 * Out: `.env`-style lines (`ITS_ENV`, `ITS_CLIENT_ID`, `ITS_CLIENT_SECRET`, optional `ITS_AUDIENCE`), single-quoted
 * so a POSIX shell can `source` them, and read by the CLI itself when `ITS_CREDENTIALS_FILE` names the file.
 */
import { Effect, Either, Redacted } from "effect"

export interface Credentials {
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  readonly audience?: string
}

/** Credentials per environment name; `default` when the file names no environment. */
export type CredentialSets = Readonly<Record<string, Credentials>>

export type ContentFormat = "json" | "env" | "yaml"

const envLine = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/

const unquote = (raw: string): string => {
  if (raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'")) return raw.slice(1, -1).replaceAll("'\\''", "'")
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"'))
    return raw.slice(1, -1).replace(/\\(["\\$`n])/g, (_, c: string) => (c === "n" ? "\n" : c))
  return raw.replace(/\s+#.*$/, "")
}

/** `KEY=VALUE` lines (comments, blank lines, `export ` and quotes allowed). Fails naming the line, not its value. */
export const parseEnvFile = (text: string): Either.Either<Record<string, string>, string> => {
  const values: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (const [index, line] of lines.entries()) {
    if (/^\s*(#.*)?$/.test(line)) continue
    const match = envLine.exec(line)
    if (match === null) return Either.left(`line ${index + 1} is not KEY=VALUE`)
    values[match[1]!] = unquote(match[2]!)
  }
  return Either.right(values)
}

/** Which of the three formats a text is: JSON if it parses as a JSON object, `.env` if every line is `KEY=VALUE`. */
export const detectFormat = (text: string): ContentFormat => {
  const trimmed = text.trim()
  if (trimmed.startsWith("{")) return "json"
  if (trimmed !== "" && Either.isRight(parseEnvFile(trimmed))) return "env"
  return "yaml"
}

const normalize = (key: string) =>
  key
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")
    .replace(/^its/, "")

const field = (key: string): "clientId" | "clientSecret" | "audience" | undefined => {
  switch (normalize(key)) {
    case "clientid":
      return "clientId"
    case "clientsecret":
      return "clientSecret"
    case "audience":
      return "audience"
    default:
      return undefined
  }
}

type Raw = Partial<Record<"clientId" | "clientSecret" | "audience", unknown>>
const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/** Splits a parsed object into per-environment raw fields. */
const collect = (root: Record<string, unknown>): Record<string, Raw> => {
  const sets: Record<string, Raw> = {}
  const add = (env: string, key: string, value: unknown) => {
    const name = field(key)
    if (name !== undefined) sets[env] = { ...sets[env], [name]: value }
  }
  const nested = isRecord(root.environments) ? root.environments : root
  for (const [key, value] of Object.entries(nested)) {
    if (isRecord(value)) {
      for (const [k, v] of Object.entries(value)) add(key.toLowerCase(), k, v)
    } else if (field(key) !== undefined) {
      add("default", key, value)
    } else {
      // `INTEGRATION_CLIENT_ID` / `ITS_PRODUCTION_CLIENT_SECRET`
      const match = /^(?:its[_-])?([a-z0-9]+)[_-](client[_-]?id|client[_-]?secret|audience)$/i.exec(key)
      if (match !== null) add(match[1]!.toLowerCase(), match[2]!, value)
    }
  }
  if (nested !== root) for (const [key, value] of Object.entries(root)) if (!isRecord(value)) add("default", key, value)
  return sets
}

const parseRoot = (text: string, format: ContentFormat): Effect.Effect<Record<string, unknown>, string> => {
  switch (format) {
    case "env":
      return parseEnvFile(text)
    case "json":
      return Either.try({ try: () => JSON.parse(text) as unknown, catch: () => "not valid JSON" }).pipe(
        Either.filterOrLeft(isRecord, () => "the JSON is not an object")
      )
    case "yaml":
      // yaml is loaded only for YAML content (start-up of every other command stays light).
      return Effect.promise(() => import("yaml")).pipe(
        Effect.flatMap(({ parse }) =>
          Either.try({
            try: () => parse(text) as unknown,
            catch: () => "not valid JSON, KEY=VALUE or YAML"
          }).pipe(Either.filterOrLeft(isRecord, () => "not valid JSON, KEY=VALUE or YAML (no key/value pairs found)"))
        )
      )
  }
}

/**
 * Every credential set in a decrypted file. Fails with a message naming what is missing (never a value): no
 * credentials at all, a set without `client_id` or `client_secret`, a value that is not a non-empty string.
 */
export const parseCredentials = (
  text: string,
  format: ContentFormat | "auto" = "auto"
): Effect.Effect<CredentialSets, string> =>
  Effect.gen(function* () {
    const chosen = format === "auto" ? detectFormat(text) : format
    const root = yield* parseRoot(text, chosen)
    const raw = collect(root)
    const names = Object.keys(raw)
    if (names.length === 0) return yield* Effect.fail(`no client_id / client_secret found (${chosen} content)`)
    const sets: Record<string, Credentials> = {}
    for (const name of names) {
      const values = raw[name]!
      const where = name === "default" ? "" : ` for environment "${name}"`
      for (const [key, label] of [
        ["clientId", "client_id"],
        ["clientSecret", "client_secret"]
      ] as const) {
        const value = values[key]
        if (value === undefined) return yield* Effect.fail(`missing ${label}${where}`)
        if (typeof value !== "string" || value.trim() === "")
          return yield* Effect.fail(`${label}${where} must be a non-empty string`)
      }
      if (values.audience !== undefined && (typeof values.audience !== "string" || values.audience.trim() === ""))
        return yield* Effect.fail(`audience${where} must be a non-empty string`)
      const base = {
        clientId: (values.clientId as string).trim(),
        clientSecret: Redacted.make((values.clientSecret as string).trim())
      }
      sets[name] = typeof values.audience === "string" ? { ...base, audience: values.audience.trim() } : base
    }
    return sets
  })

/** The set to use: the requested environment, or the only one. */
export const selectCredentials = (
  sets: CredentialSets,
  environment: string | undefined
): Either.Either<{ readonly name: string; readonly credentials: Credentials }, string> => {
  const names = Object.keys(sets)
  if (environment !== undefined) {
    const found = sets[environment] ?? (names.length === 1 && names[0] === "default" ? sets.default : undefined)
    return found === undefined
      ? Either.left(`no credentials for environment "${environment}" (found: ${names.join(", ")})`)
      : Either.right({ name: environment, credentials: found })
  }
  if (names.length === 1) return Either.right({ name: names[0]!, credentials: sets[names[0]!]! })
  return Either.left(`the file holds credentials for ${names.join(", ")}: choose one with --environment`)
}

const shellQuote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`

const lines = (name: string, credentials: Credentials): Array<[string, string]> => {
  const entries: Array<[string, string]> = []
  if (name === "integration" || name === "production" || name === "local") entries.push(["ITS_ENV", name])
  entries.push(["ITS_CLIENT_ID", credentials.clientId])
  entries.push(["ITS_CLIENT_SECRET", Redacted.value(credentials.clientSecret)])
  if (credentials.audience !== undefined) entries.push(["ITS_AUDIENCE", credentials.audience])
  return entries
}

/** The credentials file (`source`-able; read by the CLI through `ITS_CREDENTIALS_FILE`). Contains the secret. */
export const renderEnvFile = (name: string, credentials: Credentials, now: Date = new Date()): string =>
  [
    `# ITS credentials (${name}), written by \`its credentials import\` on ${now.toISOString()}.`,
    "# Keep this file private (mode 0600). Use it with `set -a; . ./FILE; set +a` or ITS_CREDENTIALS_FILE=FILE.",
    ...lines(name, credentials).map(([key, value]) => `${key}=${shellQuote(value)}`),
    ""
  ].join("\n")

/** `export KEY='value'` lines for `eval "$(its credentials import … --export --show)"`. Contains the secret. */
export const renderExports = (name: string, credentials: Credentials): string =>
  `${lines(name, credentials)
    .map(([key, value]) => `export ${key}=${shellQuote(value)}`)
    .join("\n")}\n`
