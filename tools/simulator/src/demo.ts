/**
 * The repository's main job until the gateway exists (`pnpm start`). The environment comes from configuration
 * alone (`ITS_ENV`, default `local`, and the `ITS_*` keys of @its/transport): with `ITS_ENV=local` and no
 * `ITS_API_URL` it starts the embedded ITS simulator and points the environment at it. It then prints the
 * resolved environment (secrets masked), fetches one token per audience — REST and data plane — printing when
 * each expires and is refreshed (never the token), opens the data-plane WebSocket, and reports every background
 * refresh until interrupted.
 */
import { FetchHttpClient } from "@effect/platform"
import { NodeRuntime } from "@effect/platform-node"
import { type AccessToken, TokenProvider } from "@its/auth"
import { DataPlane, ItsEnvironment, TransportLive } from "@its/transport"
import { Config, ConfigProvider, Console, Context, Effect, Layer, Option, Redacted } from "effect"
import { layer } from "./Server.ts"
import { SimulatorInfo } from "./SimulatorInfo.ts"

const iso = (millis: number) => new Date(millis).toISOString()

const describe = (token: AccessToken) =>
  `${token.audience}: token valid until ${iso(token.expiresAt)} (lifetime ${token.lifetimeMillis / 1000} s); ` +
  `refresh at ${iso(token.refreshAt)}, never served after ${iso(token.hardExpiresAt)}`

/** With `ITS_ENV=local` and no `ITS_API_URL`: the embedded simulator, and config that points at it. */
const embeddedSimulator = Effect.gen(function* () {
  const env = yield* Config.string("ITS_ENV").pipe(Config.withDefault("local"))
  const apiUrl = yield* Config.option(Config.nonEmptyString("ITS_API_URL"))
  if (env !== "local" || Option.isSome(apiUrl)) return new Map<string, string>()
  const info = Context.get(yield* Layer.build(layer), SimulatorInfo)
  yield* Console.log(`ITS_ENV=local: started the embedded ITS simulator on ${info.baseUrl}`)
  // For `local`, ITS_API_URL moves the token and data-plane URLs with it.
  return new Map([["ITS_API_URL", info.baseUrl]])
})

const program = Effect.gen(function* () {
  const overlay = yield* embeddedSimulator
  const current = yield* Effect.configProviderWith(Effect.succeed)
  const transport = yield* Layer.build(TransportLive.pipe(Layer.provide(FetchHttpClient.layer))).pipe(
    Effect.withConfigProvider(ConfigProvider.orElse(ConfigProvider.fromMap(overlay), () => current))
  )
  const env = Context.get(transport, ItsEnvironment)
  yield* Console.log(`environment: ${JSON.stringify(env.describe())}`)
  const tokens = Context.get(transport, TokenProvider)
  const audiences = [env.audience, env.wsAudience]
  const known = new Map<string, string>()
  for (const audience of audiences) {
    const token = yield* tokens.get(audience)
    known.set(audience, Redacted.value(token.value))
    yield* Console.log(describe(token))
  }
  yield* Context.get(transport, DataPlane).awaitConnected.pipe(Effect.timeout("10 seconds"))
  yield* Console.log(`data plane connected: ${env.wsUrl}`)
  yield* Console.log("Tokens refresh in the background; press Ctrl-C to stop.")
  // Report refreshes as they happen (polling the cache costs nothing: `get` is a memory read).
  yield* Effect.forever(
    Effect.gen(function* () {
      yield* Effect.sleep("1 second")
      for (const audience of audiences) {
        const token = yield* tokens.get(audience)
        if (known.get(audience) !== Redacted.value(token.value)) {
          known.set(audience, Redacted.value(token.value))
          yield* Console.log(`refreshed ${describe(token)}`)
        }
      }
    })
  )
})

program.pipe(
  Effect.scoped,
  Effect.tapErrorCause((cause) => Console.error(`demo failed: ${cause}`)),
  NodeRuntime.runMain({ disableErrorReporting: true })
)
