/**
 * The one set-up of the e2e tests that run against an in-process simulator on 127.0.0.1 (port 0): the simulator
 * (optionally with the ticket semantics and its `TicketLedger`), the configuration an app would read for it
 * (`ITS_ENV=local`, `ITS_API_URL=<simulator>`), and the clients built from that configuration — a `TokenProvider`,
 * the `Tickets` client over the `DataPlane`. Everything is scoped: servers, sockets and refresher fibers end with the
 * test's scope, so each test can run alone (`vitest -t NAME`) and in any order.
 */
import { FetchHttpClient } from "@effect/platform"
import { AccessToken, type AuthSettings, TokenProvider } from "@its/auth"
import {
  DataPlaneFaults,
  Simulator,
  SimulatorInfo,
  type SimulatorSettingsInput,
  TicketHandler,
  TicketLedger
} from "@its/simulator"
import { Tickets, TicketsConfig, type TicketsSettings } from "@its/tickets"
import { DataPlane, ItsEnvironment, TokensLive } from "@its/transport"
import { ConfigProvider, Context, Effect, Layer, Redacted } from "effect"

/** The simulator's demo client (its default `SIM_CLIENTS`). */
export const demo = { clientId: "its-sim-client", clientSecret: "its-sim-secret" }

export const bearer = AccessToken.bearer

/** The operator id every ticket test uses. */
export const operatorId = 9985

/** The configuration an app sees for a simulator at `baseUrl`: `ITS_ENV=local`, `ITS_API_URL`, plus `extra` keys. */
export const localConfig = (baseUrl: string, extra: Record<string, string> = {}) =>
  ConfigProvider.fromMap(new Map(Object.entries({ ITS_ENV: "local", ITS_API_URL: baseUrl, ...extra })))

/** A simulator with the echo data plane; `sim` as the `SIM_*` JSON. */
export const startSimulator = (sim: SimulatorSettingsInput = {}) =>
  Effect.map(Layer.build(Simulator.layerTest(sim)), (simulator) => ({
    simulator,
    info: Context.get(simulator, SimulatorInfo)
  }))

/** A simulator plus a `TokenProvider` pointed at it; `auth` overrides the provider's settings. */
export const startAuth = (sim: SimulatorSettingsInput = {}, auth: Partial<AuthSettings> = {}) =>
  Effect.gen(function* () {
    const { simulator, info } = yield* startSimulator(sim)
    const tokenProvider = TokenProvider.layerWith({
      clientId: demo.clientId,
      clientSecret: Redacted.make(demo.clientSecret),
      tokenUrl: info.tokenUrl,
      ...auth
    })
    const provider = yield* Layer.build(tokenProvider.pipe(Layer.provide(FetchHttpClient.layer)))
    return { simulator, info, tokens: Context.get(provider, TokenProvider) }
  })

/** A simulator whose data plane speaks the ticket protocol (`TicketHandler` with `rules`), with its ledger. */
export const startTicketSimulator = (
  rules: Partial<TicketHandler.TicketRules> = {},
  sim: SimulatorSettingsInput = {}
) =>
  Effect.gen(function* () {
    const simulator = yield* Layer.build(
      Simulator.layerTest(sim, { dataPlaneHandler: TicketHandler.layerWith(rules) }).pipe(
        Layer.provideMerge(TicketLedger.layer)
      )
    )
    return {
      simulator,
      info: Context.get(simulator, SimulatorInfo),
      ledger: Context.get(simulator, TicketLedger),
      faults: Context.get(simulator, DataPlaneFaults)
    }
  })

export interface TicketsClientOptions {
  /** `TicketsConfig` settings; the defaults without it. */
  readonly config?: Partial<TicketsSettings> | undefined
  /** Extra `ITS_*` keys on top of `ITS_ENV`, `ITS_API_URL` and `ITS_OPERATOR_ID`. */
  readonly environment?: Record<string, string> | undefined
  /** Wait for the data plane's first connection, so what follows measures replies, not the upgrade. */
  readonly awaitConnected?: boolean | undefined
}

/** A `Tickets` client (and its `DataPlane`) for the simulator at `baseUrl`, configured like an app. */
export const connectTickets = (baseUrl: string, options: TicketsClientOptions = {}) =>
  Effect.gen(function* () {
    const environment = localConfig(baseUrl, { ITS_OPERATOR_ID: String(operatorId), ...options.environment })
    const client = yield* Layer.build(
      Tickets.layer.pipe(
        Layer.provide(options.config === undefined ? Layer.empty : TicketsConfig.layerWith(options.config)),
        Layer.provideMerge(DataPlane.layer),
        Layer.provide(TokensLive),
        Layer.provideMerge(ItsEnvironment.layer),
        Layer.provide(FetchHttpClient.layer),
        Layer.provide(Layer.setConfigProvider(environment))
      )
    )
    const dataPlane = Context.get(client, DataPlane)
    if (options.awaitConnected === true) yield* dataPlane.awaitConnected
    return { tickets: Context.get(client, Tickets), dataPlane }
  })

export interface StartTicketsOptions extends TicketsClientOptions {
  /** The simulator's ticket rules. */
  readonly rules?: Partial<TicketHandler.TicketRules> | undefined
  /** The simulator's settings (`SIM_*` JSON). */
  readonly sim?: SimulatorSettingsInput | undefined
}

/** A ticket simulator and a `Tickets` client connected to it. */
export const startTickets = (options: StartTicketsOptions = {}) =>
  Effect.gen(function* () {
    const simulator = yield* startTicketSimulator(options.rules, options.sim)
    return { ...simulator, ...(yield* connectTickets(simulator.info.baseUrl, options)) }
  })
