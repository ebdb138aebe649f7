/**
 * The repository's main job until the gateway exists (`pnpm start`): with no ITS credentials configured it
 * starts the simulator and fetches tokens from it with the demo client; with `ITS_CLIENT_ID` /
 * `ITS_CLIENT_SECRET` set it fetches from the configured token endpoint instead. It prints, per audience,
 * when the token expires and when it will be refreshed (never the token), then reports each background
 * refresh until interrupted.
 */
import { FetchHttpClient } from "@effect/platform"
import { NodeRuntime } from "@effect/platform-node"
import { type AccessToken, AuthConfig, AuthDefaults, TokenProvider } from "@its/auth"
import { Config, Console, Context, Effect, Layer, Option, Redacted } from "effect"
import { defaults } from "./Config.ts"
import { layerFromEnv } from "./Server.ts"
import { SimulatorInfo } from "./SimulatorInfo.ts"

const iso = (millis: number) => new Date(millis).toISOString()

const describe = (token: AccessToken) =>
  `${token.audience}: token valid until ${iso(token.expiresAt)} (lifetime ${token.lifetimeMillis / 1000} s); ` +
  `refresh at ${iso(token.refreshAt)}, never served after ${iso(token.hardExpiresAt)}`

/** AuthConfig for the embedded simulator's demo client, or from the environment when credentials are set. */
const authConfig = Effect.gen(function* () {
  const clientId = yield* Config.option(Config.nonEmptyString("ITS_CLIENT_ID"))
  if (Option.isSome(clientId)) {
    yield* Console.log("ITS_CLIENT_ID is set: using the configured token endpoint")
    return AuthConfig.fromEnv
  }
  const simulator = yield* Layer.build(layerFromEnv)
  const info = Context.get(simulator, SimulatorInfo)
  const [client] = defaults.clients
  yield* Console.log(`No ITS credentials configured: started the ITS simulator on ${info.baseUrl}`)
  yield* Console.log(`token endpoint ${info.tokenUrl}, demo client "${client!.clientId}"`)
  return AuthConfig.layer({ clientId: client!.clientId, clientSecret: client!.clientSecret, tokenUrl: info.tokenUrl })
})

const program = Effect.gen(function* () {
  const config = yield* authConfig
  const wsAudience = yield* Config.string("ITS_WS_AUDIENCE").pipe(Config.withDefault("mbs-dp-non-prod-wss"))
  const restAudience = yield* Config.string("ITS_AUDIENCE").pipe(Config.withDefault(AuthDefaults.audience))
  const provider = yield* Layer.build(TokenProvider.Live.pipe(Layer.provide([config, FetchHttpClient.layer])))
  const tokens = Context.get(provider, TokenProvider)
  const audiences = [restAudience, wsAudience]
  const current = new Map<string, string>()
  for (const audience of audiences) {
    const token = yield* tokens.get(audience)
    current.set(audience, Redacted.value(token.value))
    yield* Console.log(describe(token))
  }
  yield* Console.log("Tokens refresh in the background; press Ctrl-C to stop.")
  // Report refreshes as they happen (polling the cache costs nothing: `get` is a memory read).
  yield* Effect.forever(
    Effect.gen(function* () {
      yield* Effect.sleep("1 second")
      for (const audience of audiences) {
        const token = yield* tokens.get(audience)
        if (current.get(audience) !== Redacted.value(token.value)) {
          current.set(audience, Redacted.value(token.value))
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
