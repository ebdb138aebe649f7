/**
 * Runs `@its/transport` against a real simulator on 127.0.0.1 (port 0). The simulator also serves a small example
 * `lbs`-like API behind `SimulatedApi.protect`; the transport gets its configuration (`ITS_ENV=local`,
 * `ITS_API_URL=<simulator>`, plus any extra keys; `localConfig` of `simulator.ts`) through `Effect.withConfigProvider`.
 * Everything is scoped.
 */
import {
  FetchHttpClient,
  HttpApi,
  HttpApiBuilder,
  HttpApiEndpoint,
  HttpApiGroup,
  type HttpClient,
  HttpLayerRouter
} from "@effect/platform"
import {
  RestCaller,
  RestGuard,
  SimulatedApi,
  Simulator,
  SimulatorInfo,
  type SimulatorSettingsInput
} from "@its/simulator"
import { DataPlane, ItsEnvironment, ItsHttp, RestLive, TransportLive } from "@its/transport"
import { type ConfigError, Context, Effect, Layer, Schema } from "effect"
import { localConfig } from "./simulator.ts"

export const RestAudience = "mts-insight-tech-non-prod"
export const DataPlaneAudience = "mbs-dp-non-prod-wss"

/** What the example endpoints answer. */
export const Score = Schema.Struct({ id: Schema.String, apiId: Schema.String, clientId: Schema.String })

class ScoreGroup extends HttpApiGroup.make("score")
  .add(
    HttpApiEndpoint.get("get", "/api/lbs/v1/score/:id")
      .setPath(Schema.Struct({ id: Schema.String }))
      .addSuccess(Score)
  )
  .add(HttpApiEndpoint.post("post", "/api/lbs/v1/score").addSuccess(Score))
  .middleware(RestGuard) {}

class ExampleApi extends HttpApi.make("example").add(ScoreGroup) {}

const answer = (id: string) =>
  Effect.map(RestCaller, (caller) => ({ id, apiId: caller.apiId, clientId: caller.claims.azp }))

const ScoreLive = SimulatedApi.protect(
  HttpApiBuilder.group(ExampleApi, "score", (handlers) =>
    handlers.handle("get", ({ path }) => answer(path.id)).handle("post", () => answer("posted"))
  ),
  { apiId: "lbs" }
)

/** The example group on the simulator's server. */
export const exampleRoutes = HttpLayerRouter.addHttpApi(ExampleApi).pipe(Layer.provide(ScoreLive))

export interface StartOptions {
  /** Simulator settings (initial fault plans, rate limits, …). */
  readonly sim?: SimulatorSettingsInput
  /** Extra `ITS_*` keys on top of `ITS_ENV=local` and `ITS_API_URL`. */
  readonly config?: Record<string, string>
}

const start = <ROut>(layer: Layer.Layer<ROut, ConfigError.ConfigError, HttpClient.HttpClient>, options: StartOptions) =>
  Effect.gen(function* () {
    const simulator = yield* Layer.build(Simulator.layerTest(options.sim ?? {}, { routes: exampleRoutes }))
    const info = Context.get(simulator, SimulatorInfo)
    const transport = yield* Layer.build(layer.pipe(Layer.provide(FetchHttpClient.layer))).pipe(
      Effect.withConfigProvider(localConfig(info.baseUrl, options.config))
    )
    return { simulator, info, transport }
  })

/** A simulator (with the example API) plus `RestLive` configured for it. */
export const startRest = (options: StartOptions = {}) =>
  Effect.map(start(RestLive, options), (started) => ({
    ...started,
    its: Context.get(started.transport, ItsHttp),
    env: Context.get(started.transport, ItsEnvironment)
  }))

/** A simulator plus `TransportLive` (REST and the data plane, which connects in the background). */
export const startDataPlane = (options: StartOptions = {}) =>
  Effect.map(start(TransportLive, options), (started) => ({
    ...started,
    dataPlane: Context.get(started.transport, DataPlane)
  }))

let sequence = 0

/** A valid Transaction 3.0 envelope with a fresh `correlationId`. */
export const envelope = (content: Record<string, unknown> = {}, correlationId = `e2e-${++sequence}`) => ({
  operatorId: 9985,
  correlationId,
  timestampUtc: Date.now(),
  operation: "ticket-placement",
  version: "3.0",
  content: { type: "ticket", ticketId: `T-${correlationId}`, ...content }
})
