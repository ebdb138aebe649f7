/**
 * Runs `@its/auth` against a real simulator on 127.0.0.1 (port 0). Everything is scoped: the server and the
 * provider's refresher fibers end with the test.
 */
import { FetchHttpClient } from "@effect/platform"
import { AccessToken, AuthConfig, type AuthSettings, TokenProvider } from "@its/auth"
import { Simulator, SimulatorInfo, type SimulatorSettingsInput } from "@its/simulator"
import { Context, Effect, Layer, Redacted } from "effect"

export const demo = { clientId: "its-sim-client", clientSecret: "its-sim-secret" }

/** A simulator plus a `TokenProvider` pointed at it; `auth` overrides the provider's settings. */
export const startAuth = (sim: SimulatorSettingsInput = {}, auth: Partial<AuthSettings> = {}) =>
  Effect.gen(function* () {
    const simulator = yield* Layer.build(Simulator.layerTest(sim))
    const info = Context.get(simulator, SimulatorInfo)
    const config = AuthConfig.layer({
      clientId: demo.clientId,
      clientSecret: Redacted.make(demo.clientSecret),
      tokenUrl: info.tokenUrl,
      ...auth
    })
    const provider = yield* Layer.build(TokenProvider.Live.pipe(Layer.provide([config, FetchHttpClient.layer])))
    return { simulator, info, tokens: Context.get(provider, TokenProvider) }
  })

export const bearer = AccessToken.bearer
