/** Node's HTTP client (undici), loaded when a command first needs HTTP: `its --help` and `its env` never do. */
import { Effect, Layer } from "effect"

export const HttpClientLayer = Layer.unwrapEffect(
  Effect.promise(() => import("@effect/platform-node/NodeHttpClient")).pipe(Effect.map((m) => m.layerUndici))
)
