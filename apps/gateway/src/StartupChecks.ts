/**
 * What the production entry (`main.ts`) refuses to start with. Each refusal names the one setting to fix, in one
 * line, before anything listens or talks to ITS:
 *
 * - `ITS_ENV` not set explicitly: the library default (`local`, the simulator) is a development convenience; a
 *   deployment must say where it talks.
 * - `ITS_CLIENT_ID`, `ITS_CLIENT_SECRET` or `ITS_OPERATOR_ID` missing: no credential defaults in production, not
 *   even the simulator's.
 * - neither `GATEWAY_API_KEYS_FILE` nor `GATEWAY_API_KEYS`: no demo key outside the development composition.
 * - a bind address other than loopback (`HOST`) without TLS (`TLS_CERT_FILE` + `TLS_KEY_FILE`), unless
 *   `GATEWAY_ALLOW_PLAINTEXT=true` says a TLS-terminating proxy sits in front: API keys travel in headers.
 * - an ITS URL (`ITS_API_URL`, `ITS_TOKEN_URL`, `ITS_WS_URL`, `ITS_API_URL_<API>`) with `http:`/`ws:` outside
 *   `local`: the client secret and tokens would cross the network in clear. `local` (the simulator, on loopback or
 *   a compose network) may use plain URLs.
 */
import { ItsApis, apiKeySuffix } from "@its/transport"
import { Config, Effect, Option, Schema } from "effect"

export class StartupRefused extends Schema.TaggedError<StartupRefused>()("@its/gateway/StartupRefused", {
  /** The configuration key to fix. */
  setting: Schema.String,
  message: Schema.String
}) {
  /** The one line the process prints. */
  get line(): string {
    return `gateway refused to start: ${this.setting}: ${this.message}`
  }
}

/** `127.0.0.0/8`, `::1`, `localhost`: reachable from this machine only. */
export const isLoopback = (host: string): boolean => {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare) || bare === "::ffff:127.0.0.1"
}

const refuse = (setting: string, message: string) => Effect.fail(new StartupRefused({ setting, message }))

/** A setting's raw value, or none when unset or empty (a read error counts as unset: the layers report it). */
const optional = (name: string) =>
  Config.option(Config.string(name)).pipe(
    Effect.map(Option.filter((value) => value.trim() !== "")),
    Effect.orElseSucceed(() => Option.none<string>())
  )

const itsUrlKeys = [
  "ITS_API_URL",
  "ITS_TOKEN_URL",
  "ITS_WS_URL",
  ...ItsApis.map((api) => `ITS_API_URL_${apiKeySuffix(api)}`)
]

/** The production checks, over the current `ConfigProvider`; fails with the first refusal. */
export const startupChecks: Effect.Effect<void, StartupRefused> = Effect.gen(function* () {
  const env = yield* optional("ITS_ENV")
  if (Option.isNone(env))
    return yield* refuse(
      "ITS_ENV",
      "not set: set it explicitly to local, integration or production (the production entry has no default; `pnpm start` is the development composition)"
    )
  for (const name of ["ITS_CLIENT_ID", "ITS_CLIENT_SECRET", "ITS_OPERATOR_ID"]) {
    if (Option.isNone(yield* optional(name)))
      return yield* refuse(name, `not set: the production entry has no default credentials (ITS_ENV=${env.value})`)
  }
  const keysFile = yield* optional("GATEWAY_API_KEYS_FILE")
  const keysInline = yield* optional("GATEWAY_API_KEYS")
  if (Option.isNone(keysFile) && Option.isNone(keysInline))
    return yield* refuse(
      "GATEWAY_API_KEYS_FILE",
      "no API keys configured: set GATEWAY_API_KEYS_FILE (or GATEWAY_API_KEYS); demo keys exist only in the development composition"
    )
  const host = Option.getOrElse(yield* optional("HOST"), () => "127.0.0.1")
  const tls = Option.isSome(yield* optional("TLS_CERT_FILE")) && Option.isSome(yield* optional("TLS_KEY_FILE"))
  const plaintext = Option.getOrElse(yield* optional("GATEWAY_ALLOW_PLAINTEXT"), () => "false").toLowerCase()
  if (!isLoopback(host) && !tls && plaintext !== "true")
    return yield* refuse(
      "HOST",
      `${host} is not a loopback address and no TLS is configured: set TLS_CERT_FILE and TLS_KEY_FILE, or GATEWAY_ALLOW_PLAINTEXT=true behind a TLS-terminating proxy`
    )
  if (env.value !== "local")
    for (const name of itsUrlKeys) {
      const value = yield* optional(name)
      if (Option.isSome(value) && /^(http|ws):/i.test(value.value.trim()))
        return yield* refuse(
          name,
          `plain ${value.value.split(":")[0]}: is allowed only with ITS_ENV=local; use https:/wss:`
        )
    }
})
