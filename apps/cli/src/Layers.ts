/**
 * The SDK compositions the commands use, all from configuration (`ITS_ENV` + `ITS_*`, see @its/transport), each
 * built per command run and closed when it ends (token refreshers, the data-plane WebSocket). Loaded only by the
 * implementations (`handlers/`) that need them.
 */
import { Models, ModelsConfig } from "@its/models"
import { Tickets } from "@its/tickets"
import { DataPlane, ItsEnvironment, RestLive, TokensLive } from "@its/transport"
import { Layer } from "effect"
import { HttpClientLayer } from "./Http.ts"

/** Environment + tokens (no REST, no data plane): `its token`. */
export const TokensLayer = TokensLive.pipe(Layer.provideMerge(ItsEnvironment.layer), Layer.provide(HttpClientLayer))

/** The model clients over ITS REST. */
export const ModelsLayer = Models.layer.pipe(
  Layer.provide(ModelsConfig.layer),
  Layer.provideMerge(RestLive),
  Layer.provide(HttpClientLayer)
)

/** The Transaction 3.0 client over the data plane (operator id from ITS_OPERATOR_ID). */
export const TicketsLayer = Tickets.layer.pipe(
  Layer.provideMerge(DataPlane.layer),
  Layer.provideMerge(TokensLive),
  Layer.provideMerge(ItsEnvironment.layer),
  Layer.provide(HttpClientLayer)
)
