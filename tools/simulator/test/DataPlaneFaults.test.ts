/**
 * The simulated data plane: scripted faults, the admin endpoints and `SimulatorInfo.dataPlaneUrl` (split from
 * `DataPlane.test.ts`, which covers authentication and replies).
 */
import { describe, expect, it } from "@effect/vitest"
import { Clock, Effect } from "effect"
import { DataPlaneCounters, DataPlaneFaults, SimulatorInfo } from "../src/index.ts"
import { connect, connectWithToken, fetchToken, refusal, request } from "./dataPlaneClient.ts"
import { send, withSimulator } from "./helpers.ts"

describe("data plane: faults", () => {
  it.live("adds latency to every message", () =>
    Effect.gen(function* () {
      const client = yield* connectWithToken()
      const start = yield* Clock.currentTimeMillis
      yield* client.send(request())
      yield* client.next
      expect((yield* Clock.currentTimeMillis) - start).toBeGreaterThanOrEqual(300)
    }).pipe(Effect.scoped, withSimulator({ dataPlaneFaults: { latencyMs: 300 } }))
  )

  it.scoped("outOfOrder holds N replies and releases them shuffled; clearing it flushes in order", () =>
    Effect.gen(function* () {
      const client = yield* connectWithToken()
      for (const id of ["a", "b", "c"]) yield* client.send(request(id))
      const batch = (yield* client.take(3)).map((reply) => reply.correlationId)
      expect([...batch].sort()).toEqual(["a", "b", "c"])
      expect(batch).not.toEqual(["a", "b", "c"])

      yield* client.send(request("d"))
      yield* (yield* DataPlaneFaults).clear
      yield* client.send(request("e"))
      expect((yield* client.take(2)).map((reply) => reply.correlationId)).toEqual(["d", "e"])
      expect((yield* (yield* DataPlaneCounters).snapshot).faults).toEqual({ "out-of-order": 1 })
    }).pipe(withSimulator({ dataPlaneFaults: { outOfOrder: 3 } }))
  )

  it.scoped("dropAfter answers N messages, then destroys the socket on the next one (1006, no close frame)", () =>
    Effect.gen(function* () {
      const client = yield* connectWithToken()
      yield* client.send(request("1"))
      yield* client.send(request("2"))
      expect((yield* client.take(2)).map((reply) => reply.correlationId)).toEqual(["1", "2"])
      yield* client.send(request("3"))
      expect((yield* client.closed).code).toBe(1006)
      expect(yield* client.pending).toBe(0)

      // Every connection gets the same treatment.
      const again = yield* connectWithToken()
      yield* again.send(request("4"))
      expect((yield* again.nextJson).correlationId).toBe("4")

      const counts = yield* (yield* DataPlaneCounters).snapshot
      expect(counts.faults).toEqual({ "drop-after": 1 })
      expect(counts.messagesReceived).toEqual({ "ticket-placement": 4 })
      expect(counts.repliesSent).toEqual({ "ticket-placement": 3 })
      expect(counts.connectionsOpened).toBe(2)
      expect(counts.connectionsClosed).toBe(1)
    }).pipe(withSimulator({ dataPlaneFaults: { dropAfter: 2 } }))
  )

  it.scoped("scripted steps: garbage, unknown correlation, no reply, error-reply, drop", () =>
    Effect.gen(function* () {
      const client = yield* connectWithToken()
      yield* client.send(request("g"))
      const garbage = yield* client.next
      expect(() => JSON.parse(garbage)).toThrow()
      expect((yield* client.nextJson).correlationId).toBe("g")

      yield* client.send(request("u"))
      const stray = yield* client.nextJson
      expect(stray.correlationId).toMatch(/^sim-unknown-/)
      expect(stray.content).toMatchObject({ type: "ticket-reply" })
      expect((yield* client.nextJson).correlationId).toBe("u")

      yield* client.send(request("silent"))
      yield* client.send(request("after-silent"))
      expect((yield* client.nextJson).correlationId).toBe("after-silent")

      yield* client.send(request("e"))
      expect(yield* client.nextJson).toMatchObject({
        correlationId: "e",
        content: { type: "error-reply", code: 100, message: "Authorization failed" }
      })

      yield* client.send(request("custom"))
      expect(yield* client.next).toBe("<<custom garbage>>")
      expect((yield* client.nextJson).correlationId).toBe("custom")

      yield* client.send(request("last"))
      expect((yield* client.closed).code).toBe(1006)

      const counts = yield* (yield* DataPlaneCounters).snapshot
      expect(counts.faults).toEqual({
        garbage: 2,
        "unknown-correlation": 1,
        "no-reply": 1,
        "error-reply": 1,
        drop: 1
      })
      expect(counts.errorRepliesSent).toEqual({ "100": 1 })
      expect((yield* (yield* DataPlaneFaults).plan).script).toEqual([])
    }).pipe(
      withSimulator({
        dataPlaneFaults: {
          script: [
            "garbage",
            "unknown-correlation",
            "no-reply",
            "ok",
            { kind: "error-reply", code: 100, message: "Authorization failed" },
            { kind: "garbage", text: "<<custom garbage>>" },
            "drop"
          ]
        }
      })
    )
  )

  it.scoped("close sends a close frame with the given code", () =>
    Effect.gen(function* () {
      const client = yield* connectWithToken()
      yield* client.send(request())
      expect(yield* client.closed).toEqual({ code: 4000, reason: "maintenance" })
      const byDefault = yield* connectWithToken()
      yield* byDefault.send(request())
      expect((yield* byDefault.closed).code).toBe(1012)
    }).pipe(
      withSimulator({ dataPlaneFaults: { script: [{ kind: "close", code: 4000, reason: "maintenance" }, "close"] } })
    )
  )

  it.scoped("refuses or drops upgrades as scripted, before authentication", () =>
    Effect.gen(function* () {
      const { dataPlaneUrl } = yield* SimulatorInfo
      const token = yield* fetchToken()
      const refused = yield* refusal({ token })
      expect(refused.status).toBe(503)
      expect(refused.headers["retry-after"]).toBe("2")
      expect(JSON.parse(refused.body)).toEqual({ message: "Service Unavailable" })

      // A scripted status answers even without a token.
      expect((yield* refusal({})).status).toBe(429)

      const dropped = yield* Effect.flip(connect(dataPlaneUrl, { token }))
      expect(dropped._tag).toBe("ConnectFailed")

      const client = yield* connect(dataPlaneUrl, { token })
      yield* client.send(request("ok"))
      expect((yield* client.nextJson).correlationId).toBe("ok")
      expect((yield* (yield* DataPlaneCounters).snapshot).connectionsRefused).toEqual({
        "503": 1,
        "429": 1,
        dropped: 1
      })
    }).pipe(
      withSimulator({
        dataPlaneFaults: { upgrade: { script: [{ kind: "error", status: 503, retryAfter: 2 }, 429, "drop"] } }
      })
    )
  )
})

describe("data plane: admin endpoints", () => {
  it.scoped("GET/PUT/DELETE /__admin/dataplane/faults and GET /__admin/dataplane/counters", () =>
    Effect.gen(function* () {
      expect(yield* Effect.flatMap(send("GET", "/__admin/dataplane/faults"), (r) => r.json)).toEqual({
        latencyMs: 1
      })
      const put = yield* send("PUT", "/__admin/dataplane/faults", {
        script: ["no-reply"],
        outOfOrder: 2,
        upgrade: { always: 503 }
      })
      expect(put.status).toBe(200)
      const normalized = {
        script: [{ kind: "no-reply" }],
        outOfOrder: 2,
        upgrade: { always: { kind: "error", status: 503 } }
      }
      expect(yield* put.json).toEqual(normalized)
      expect(yield* (yield* DataPlaneFaults).plan).toEqual(normalized)

      expect((yield* send("PUT", "/__admin/dataplane/faults", { outOfOrder: 1 })).status).toBe(400)
      expect((yield* send("PUT", "/__admin/dataplane/faults", { script: ["teapot"] })).status).toBe(400)
      expect((yield* send("PUT", "/__admin/dataplane/faults", { latencyMs: { minMs: 5, maxMs: 1 } })).status).toBe(400)
      expect((yield* send("PUT", "/__admin/dataplane/faults", { always: { kind: "close", code: 1006 } })).status).toBe(
        400
      )

      expect((yield* refusal({ token: yield* fetchToken() })).status).toBe(503)
      expect((yield* send("DELETE", "/__admin/dataplane/faults")).status).toBe(204)
      expect(yield* Effect.flatMap(send("GET", "/__admin/dataplane/faults"), (r) => r.json)).toEqual({})

      const client = yield* connectWithToken()
      yield* client.send(request("x"))
      yield* client.next
      expect(yield* Effect.flatMap(send("GET", "/__admin/dataplane/counters"), (r) => r.json)).toEqual({
        connectionsOpened: 1,
        connectionsClosed: 0,
        connectionsRefused: { "503": 1 },
        messagesReceived: { "ticket-placement": 1 },
        repliesSent: { "ticket-placement": 1 },
        errorRepliesSent: {},
        faults: {}
      })

      yield* (yield* DataPlaneFaults).set({ dropAfter: 3 })
      expect((yield* send("POST", "/__admin/reset")).status).toBe(204)
      expect(yield* (yield* DataPlaneFaults).plan).toEqual({})
      expect((yield* (yield* DataPlaneCounters).snapshot).connectionsOpened).toBe(0)
    }).pipe(withSimulator({ dataPlaneFaults: { latencyMs: 1 } }))
  )
})

describe("SimulatorInfo.dataPlaneUrl", () => {
  it.scoped("is ws://host:port/dataplane", () =>
    Effect.gen(function* () {
      const info = yield* SimulatorInfo
      expect(info.dataPlaneUrl).toBe(`${info.baseUrl.replace("http://", "ws://")}/dataplane`)
    }).pipe(withSimulator())
  )
})
