/**
 * Our own client keeps accepting an `operatorId` echo in reply envelopes (once observed on integration, not an SDK
 * field): the simulator echoes it only with `SIM_ECHO_OPERATOR_ID` (off by default, see
 * `tools/simulator/test/SdkReplies.test.ts`), and with it on, `Tickets` places and acks as usual.
 */
import { describe, expect, it } from "@effect/vitest"
import { example, makeRequest, OperatorId } from "@its/tickets"
import { Effect } from "effect"
import { operatorId, startTickets } from "./support/simulator.ts"

const start = (echoOperatorId: boolean) =>
  Effect.map(
    startTickets({ sim: { echoOperatorId }, config: {}, environment: { ITS_WS_REQUEST_TIMEOUT: "5 seconds" } }),
    ({ dataPlane, tickets }) => ({ tickets, dataPlane })
  )

describe("reply envelopes with an operatorId echo", () => {
  it.scopedLive("are read by Tickets: place and ack succeed", () =>
    Effect.gen(function* () {
      const { tickets, dataPlane } = yield* start(true)
      // The raw envelope really carries the echo.
      const request = yield* makeRequest("max-stake", { type: "max-stake", ticket: example("single") }).pipe(
        Effect.provide(OperatorId.layerWith(operatorId))
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
        Effect.provide(OperatorId.layerWith(operatorId))
      )
      expect(yield* dataPlane.request(request)).not.toHaveProperty("operatorId")
    })
  )
})
