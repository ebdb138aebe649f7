/**
 * Ready-made compositions: everything from configuration (`ITS_ENV` + `ITS_*` keys), so an app only adds a
 * platform `HttpClient` (e.g. `NodeHttpClient.layerUndici`). One `TokenProvider` serves both audiences.
 */
import type { HttpClient } from "@effect/platform"
import { TokenProvider } from "@its/auth"
import { type ConfigError, Effect, Layer } from "effect"
import { DataPlane } from "./DataPlane.ts"
import { ItsEnvironment } from "./ItsEnvironment.ts"
import { ItsHttp } from "./ItsHttp.ts"

/** A `TokenProvider` configured for the resolved environment (explicit `ITS_*` keys win). */
export const TokensLive: Layer.Layer<TokenProvider, ConfigError.ConfigError, ItsEnvironment | HttpClient.HttpClient> =
  Layer.unwrapEffect(Effect.map(ItsEnvironment.authSettings, TokenProvider.layerWith))

/** REST only: environment, tokens, `ItsHttp`. */
export const RestLive: Layer.Layer<
  ItsHttp | TokenProvider | ItsEnvironment,
  ConfigError.ConfigError,
  HttpClient.HttpClient
> = ItsHttp.layer.pipe(Layer.provideMerge(TokensLive), Layer.provideMerge(ItsEnvironment.layer))

/** REST and the data plane (which connects in the background as soon as the layer is built). */
export const TransportLive: Layer.Layer<
  ItsHttp | DataPlane | TokenProvider | ItsEnvironment,
  ConfigError.ConfigError,
  HttpClient.HttpClient
> = Layer.mergeAll(ItsHttp.layer, DataPlane.layer).pipe(
  Layer.provideMerge(TokensLive),
  Layer.provideMerge(ItsEnvironment.layer)
)
