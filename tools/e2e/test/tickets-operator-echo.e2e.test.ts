/**
 * Our own client keeps accepting an `operatorId` echo in reply envelopes (once observed on integration, not an SDK
 * field): the simulator echoes it only with `SIM_ECHO_OPERATOR_ID` (off by default, see
 * `tools/simulator/test/SdkReplies.test.ts`), and with it on, `Tickets` places and acks as usual.
 */
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Simulator, SimulatorInfo, TicketHandler, TicketLedger } from "@its/simulator"
import { example, makeRequest, OperatorId, Tickets, TicketsConfig } from "@its/tickets"
import { DataPlane, ItsEnvironment, TokensLive } from "@its/transport"
import { ConfigProvider, Context, Effect, Layer } from "effect"

const operatorId = 9985

const start = (echoOperatorId: boolean) =>
  Effect.gen(function* () {
    const simulator = yield* Layer.build(
      Simulator.layerTest({ echoOperatorId }, { dataPlaneHandler: TicketHandler.layer() }).pipe(
        Layer.provideMerge(TicketLedger.layer)
      )
    )
    const info = Context.get(simulator, SimulatorInfo)
    const environment = ConfigProvider.fromMap(
      new Map([
        ["ITS_ENV", "local"],
        ["ITS_API_URL", info.baseUrl],
        ["ITS_OPERATOR_ID", String(operatorId)],
        ["ITS_WS_REQUEST_TIMEOUT", "5 seconds"]
      ])
    )
    const client = yield* Layer.build(
      Tickets.fromEnvironment.pipe(
        Layer.provide(TicketsConfig.layer({})),
        Layer.provideMerge(DataPlane.layer),
        Layer.provide(TokensLive),
        Layer.provideMerge(ItsEnvironment.Live),
        Layer.provide(FetchHttpClient.layer),
        Layer.provide(Layer.setConfigProvider(environment))
      )
    )
    return { tickets: Context.get(client, Tickets), dataPlane: Context.get(client, DataPlane) }
  })

describe("reply envelopes with an operatorId echo", () => {
  it.scopedLive("are read by Tickets: place and ack succeed", () =>
    Effect.gen(function* () {
      const { tickets, dataPlane } = yield* start(true)
      // The raw envelope really carries the echo.
      const request = yield* makeRequest("max-stake", { type: "max-stake", ticket: example("single") }).pipe(
        Effect.provide(OperatorId.layer(operatorId))
      )
      const raw = yield* dataPlane.request(request)
      expect(raw).toMatchObject({ operatorId, operation: "max-stake" })

      const reply = yield* tickets.placeTicket(example("single"))
      expect(reply).toMatchObject({ type: "ticket-reply", status: "accepted", ticketId: "Ticket_3691" })
      expect(yield* tickets.ack(reply)).toMatchObject({ type: "ticket-ack-reply", status: "accepted" })
    })
  )

  it.scopedLive("are not sent by default", () =>
    Effect.gen(function* () {
      const { dataPlane } = yield* start(false)
      const request = yield* makeRequest("max-stake", { type: "max-stake", ticket: example("single") }).pipe(
        Effect.provide(OperatorId.layer(operatorId))
      )
      expect(yield* dataPlane.request(request)).not.toHaveProperty("operatorId")
    })
  )
})
