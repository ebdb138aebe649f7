/**
 * Incoming data-plane frames are capped (issue 14): a frame over `DataPlaneDefaults.maxIncomingBytes` closes the
 * connection (1009) instead of being buffered whole; the request it answered fails as ConnectionLost and the next
 * one goes out on a new connection.
 */
import { describe, expect, it } from "@effect/vitest"
import { TokenProvider } from "@its/auth"
import { Context, Duration, Effect, Layer } from "effect"
import { DataPlaneDefaults } from "../src/Assumptions.ts"
import { DataPlane, type DataPlaneMessage } from "../src/DataPlane.ts"
import { echoReply, startServer } from "./WsServer.ts"

const audience = "mbs-dp-non-prod-wss"

const message = (id: string): DataPlaneMessage => ({
  operatorId: 9985,
  correlationId: id,
  timestampUtc: 1,
  operation: "ticket-placement",
  version: "3.0",
  content: { n: 1 }
})

describe("DataPlane maxPayload", () => {
  it.scopedLive("an oversized incoming frame closes the connection with 1009; the next request reconnects", () =>
    Effect.gen(function* () {
      const server = yield* startServer({
        onMessage: ({ received, reply }) =>
          received.json.correlationId === "huge"
            ? reply({ ...echoReply(received.json), pad: "x".repeat(DataPlaneDefaults.maxIncomingBytes + 1) })
            : reply()
      })
      const context = yield* Layer.build(
        DataPlane.layerWith({ url: server.url, audience, reconnectBase: Duration.millis(20) }).pipe(
          Layer.provide(TokenProvider.layerTest({ [audience]: "ws-token" }))
        )
      )
      const channel = Context.get(context, DataPlane)
      const huge = yield* Effect.either(channel.request(message("huge"), { timeout: "3 seconds" }))
      expect(huge._tag).toBe("Left")
      if (huge._tag === "Left") expect(huge.left._tag).toBe("ConnectionLost")
      expect(server.closeCodes).toContain(1009)
      const after = yield* channel.request(message("after"))
      expect(after.correlationId).toBe("after")
      expect(server.upgrades.length).toBe(2)
    })
  )
})
