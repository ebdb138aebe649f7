import { describe, expect, it } from "@effect/vitest"
import { FetchHttpClient } from "@effect/platform"
import { Clock, Effect, Either, Exit, Layer, Redacted, Schedule, Scope, TestClock } from "effect"
import {
  DataPlaneCounters,
  DataPlaneFaults,
  DataPlaneHandler,
  ErrorReply,
  Simulator,
  SimulatorInfo,
  TokenIssuer
} from "../src/index.ts"
import { connect, connectWithToken, dataPlaneAudience, fetchToken, request, UpgradeRefused } from "./dataPlaneClient.ts"
import { restAudience, send, withSimulator } from "./helpers.ts"

const now = Date.parse("2026-11-20T10:00:00Z")

/** The upgrade's refusal (fails the test if the connection opened). */
const refusal = (options: { readonly token?: string; readonly authorization?: string }) =>
  Effect.gen(function* () {
    const { dataPlaneUrl } = yield* SimulatorInfo
    const result = yield* Effect.either(connect(dataPlaneUrl, options))
    if (Either.isRight(result)) return expect.fail("the upgrade was accepted")
    if (!(result.left instanceof UpgradeRefused)) return expect.fail(`transport error: ${result.left.message}`)
    return result.left
  })

describe("data plane: upgrade authentication", () => {
  it.scoped("refuses a missing, malformed, foreign or expired token with 401 and another audience with 403", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const missing = yield* refusal({})
      expect(missing.status).toBe(401)
      expect(missing.headers["www-authenticate"]).toBe("Bearer")
      expect(JSON.parse(missing.body)).toEqual({ message: "Unauthorized" })

      expect((yield* refusal({ token: "not-a-jwt" })).status).toBe(401)
      expect((yield* refusal({ authorization: "Basic aXRzOnNlY3JldA==" })).status).toBe(401)

      // Signed by another key pair (another simulator's issuer).
      const foreign = yield* Effect.provide(
        Effect.flatMap(TokenIssuer, (issuer) => issuer.issue({ clientId: "x", audience: dataPlaneAudience })),
        TokenIssuer.layer({ issuer: (yield* TokenIssuer).issuer, tokenTtl: 300 })
      )
      expect((yield* refusal({ token: Redacted.value(foreign.accessToken) })).status).toBe(401)

      const rest = yield* refusal({ token: yield* fetchToken(restAudience) })
      expect(rest.status).toBe(403)
      expect(JSON.parse(rest.body)).toEqual({ message: "Forbidden" })

      const token = yield* fetchToken()
      yield* TestClock.adjust("301 seconds")
      expect((yield* refusal({ token })).status).toBe(401)

      const counts = yield* (yield* DataPlaneCounters).snapshot
      expect(counts.connectionsRefused).toEqual({ "401": 5, "403": 1 })
      expect(counts.connectionsOpened).toBe(0)
    }).pipe(withSimulator())
  )

  it.scoped("accepts a data-plane token from the token endpoint, either data-plane audience", () =>
    Effect.gen(function* () {
      const nonProd = yield* connectWithToken("mbs-dp-non-prod-wss")
      const production = yield* connectWithToken("mbs-dp-production-wss")
      yield* nonProd.send(request("a"))
      yield* production.send(request("b"))
      expect((yield* nonProd.nextJson).correlationId).toBe("a")
      expect((yield* production.nextJson).correlationId).toBe("b")
      expect((yield* (yield* DataPlaneCounters).snapshot).connectionsOpened).toBe(2)
    }).pipe(withSimulator())
  )

  it.scoped("honours SIM_DP_AUDIENCES", () =>
    Effect.gen(function* () {
      expect((yield* refusal({ token: yield* fetchToken(dataPlaneAudience) })).status).toBe(403)
      const client = yield* connectWithToken("mbs-dp-production-wss")
      yield* client.send(request("p"))
      expect((yield* client.nextJson).correlationId).toBe("p")
    }).pipe(withSimulator({ dataPlaneAudiences: ["mbs-dp-production-wss"] }))
  )

  it.scoped("answers a plain GET with 426", () =>
    Effect.gen(function* () {
      const response = yield* send("GET", "/dataplane")
      expect(response.status).toBe(426)
      expect(response.headers.upgrade).toBe("websocket")
    }).pipe(withSimulator())
  )
})

describe("data plane: replies", () => {
  it.scoped("echoes each envelope under its correlationId, with Clock time and version 3.0", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const client = yield* connectWithToken()
      const sent = request("62ka01mxre")
      yield* client.send(sent)
      expect(yield* client.nextJson).toEqual({
        content: { type: "ticket-reply", echo: sent.content },
        correlationId: "62ka01mxre",
        timestampUtc: now,
        operation: "ticket-placement",
        version: "3.0"
      })

      const cancel = request("c-1", { operation: "ticket-cancel", content: { type: "cancel", cancellationId: "x" } })
      yield* client.send(cancel)
      expect(yield* client.nextJson).toMatchObject({
        content: { type: "cancel-reply", echo: cancel.content },
        correlationId: "c-1",
        operation: "ticket-cancel"
      })

      const counters = yield* DataPlaneCounters
      expect(yield* counters.snapshot).toMatchObject({
        messagesReceived: { "ticket-placement": 1, "ticket-cancel": 1 },
        repliesSent: { "ticket-placement": 1, "ticket-cancel": 1 }
      })
    }).pipe(withSimulator())
  )

  it.scoped("answers invalid messages with error-reply 401 'Schema validation failed'", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const client = yield* connectWithToken()

      yield* client.sendText("{ not json")
      expect(yield* client.nextJson).toEqual({
        content: {
          type: "error-reply",
          code: 401,
          message: "Schema validation failed: $: the message is not valid JSON"
        },
        timestampUtc: now,
        version: "3.0"
      })

      const { correlationId: _, ...withoutId } = request()
      yield* client.send(withoutId)
      expect(yield* client.nextJson).toEqual({
        content: {
          type: "error-reply",
          code: 401,
          message: "Schema validation failed: $.correlationId: is missing but it is required"
        },
        timestampUtc: now,
        operation: "ticket-placement",
        version: "3.0"
      })

      yield* client.send(request("bad", { version: 3, operatorId: "9985", content: { type: "" } }))
      const reply = yield* client.nextJson
      expect(reply).toMatchObject({ correlationId: "bad", operation: "ticket-placement" })
      expect(reply.operatorId).toBeUndefined()
      expect(reply.content).toEqual({
        type: "error-reply",
        code: 401,
        message:
          "Schema validation failed: $.operatorId: string found, integer expected;" +
          "$.version: must be the constant value '3.0';$.content.type: must be at least 1 characters long"
      })

      yield* client.send([1, 2])
      expect((yield* client.nextJson).content).toMatchObject({
        message: "Schema validation failed: $: array found, object expected"
      })

      const counts = yield* (yield* DataPlaneCounters).snapshot
      expect(counts.messagesReceived).toEqual({ "-": 2, "ticket-placement": 2 })
      expect(counts.errorRepliesSent).toEqual({ "401": 4 })
      expect(counts.repliesSent).toEqual({})
    }).pipe(withSimulator())
  )

  it.scoped("uses a replaced DataPlaneHandler; its ErrorReply and defects become error-replies", () =>
    Effect.gen(function* () {
      const client = yield* connectWithToken()
      yield* client.send(request("ok", { operation: "max-stake", content: { type: "max-stake" } }))
      expect((yield* client.nextJson).content).toEqual({ type: "max-stake-reply", code: 0, message: "ok" })
      yield* client.send(request("refused"))
      expect((yield* client.nextJson).content).toEqual({
        type: "error-reply",
        code: 100,
        message: "Authorization failed"
      })
      yield* client.send(request("boom", { operation: "ticket-cancel", content: { type: "cancel" } }))
      expect((yield* client.nextJson).content).toEqual({ type: "error-reply", code: 500, message: "Internal error" })
    }).pipe(
      withSimulator(
        {},
        {
          dataPlaneHandler: DataPlaneHandler.layer((envelope) => {
            switch (envelope.operation) {
              case "max-stake":
                return Effect.succeed({ type: "max-stake-reply", code: 0, message: "ok" })
              case "ticket-placement":
                return Effect.fail(new ErrorReply({ code: 100, message: "Authorization failed" }))
              default:
                return Effect.dieMessage("handler bug")
            }
          })
        }
      )
    )
  )

  it.live("pairs 100 concurrent messages by correlationId", () =>
    Effect.gen(function* () {
      const client = yield* connectWithToken()
      const ids = Array.from({ length: 100 }, (_, i) => `c${i}`)
      yield* Effect.forEach(ids, (id) => client.send(request(id)), { discard: true })
      const replies = yield* client.take(100)
      const byId = new Map(replies.map((reply) => [reply.correlationId, reply]))
      expect([...byId.keys()].sort()).toEqual([...ids].sort())
      for (const [id, reply] of byId) {
        expect((reply.content as { echo: { ticketId: string } }).echo.ticketId).toBe(`ticket-${id}`)
      }
      // Random latency per message makes the order differ from the order sent.
      expect(replies.map((reply) => reply.correlationId)).not.toEqual(ids)
      const counters = yield* DataPlaneCounters
      expect(yield* counters.received("ticket-placement")).toBe(100)
      expect(yield* counters.repliesSent).toBe(100)
    }).pipe(Effect.scoped, withSimulator({ dataPlaneFaults: { latencyMs: { minMs: 0, maxMs: 40 } } }))
  )

  it.live("counts connections closed cleanly by the client", () =>
    Effect.gen(function* () {
      const client = yield* connectWithToken()
      yield* client.send(request())
      yield* client.next
      client.ws.close(1000, "bye")
      expect((yield* client.closed).code).toBe(1000)
      const counters = yield* DataPlaneCounters
      // The server sees the close shortly after the client does.
      const closed = yield* Effect.map(counters.snapshot, (c) => c.connectionsClosed).pipe(
        Effect.filterOrFail((n) => n === 1),
        Effect.retry(Schedule.spaced("10 millis").pipe(Schedule.upTo("2 seconds"))),
        Effect.orElseSucceed(() => 0)
      )
      expect(closed).toBe(1)
      expect((yield* counters.snapshot).connectionsOpened).toBe(1)
    }).pipe(Effect.scoped, withSimulator())
  )

  it.scoped("answers pings (keep-alive)", () =>
    Effect.gen(function* () {
      const client = yield* connectWithToken()
      const pong = yield* Effect.async<string>((resume) => {
        client.ws.once("pong", (data) => resume(Effect.succeed(data.toString())))
        client.ws.ping("hello")
      })
      expect(pong).toBe("hello")
    }).pipe(withSimulator())
  )

  it.live("closes every WebSocket when the Layer's scope closes", () =>
    Effect.gen(function* () {
      const scope = yield* Scope.make()
      const context = yield* Layer.buildWithScope(Simulator.layerTest(), scope)
      // The clients live in the test's scope, the simulator in its own.
      const clients = yield* Effect.all([connectWithToken(), connectWithToken()]).pipe(Effect.provide(context))
      yield* Scope.close(scope, Exit.void)
      for (const client of clients) expect((yield* client.closed).code).toBe(1005)
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer))
  )
})

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
