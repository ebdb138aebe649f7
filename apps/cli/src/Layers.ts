/**
 * The SDK compositions the commands use, all from configuration (`ITS_ENV` + `ITS_*`, see @its/transport), each
 * built per command run and closed when it ends (token refreshers, the data-plane WebSocket).
 */
import { Models, ModelsConfig } from "@its/models"
import { Tickets } from "@its/tickets"
import { DataPlane, ItsEnvironment, RestLive, TokensLive } from "@its/transport"
import { Effect, Layer } from "effect"

/** Node's HTTP client (undici), loaded when a command first needs HTTP: `its --help` and `its env` never do. */
export const HttpLive = Layer.unwrapEffect(
  Effect.promise(() => import("@effect/platform-node/NodeHttpClient")).pipe(Effect.map((m) => m.layerUndici))
)

/** Environment + tokens (no REST, no data plane): `its token`. */
export const TokensLayer = TokensLive.pipe(Layer.provideMerge(ItsEnvironment.Live), Layer.provide(HttpLive))

/** The model clients over ITS REST. */
export const ModelsLayer = Models.Live.pipe(
  Layer.provide(ModelsConfig.fromEnv),
  Layer.provideMerge(RestLive),
  Layer.provide(HttpLive)
)

/** The Transaction 3.0 client over the data plane (operator id from ITS_OPERATOR_ID). */
export const TicketsLayer = Tickets.fromEnvironment.pipe(
  Layer.provideMerge(DataPlane.layer),
  Layer.provideMerge(TokensLive),
  Layer.provideMerge(ItsEnvironment.Live),
  Layer.provide(HttpLive)
)
