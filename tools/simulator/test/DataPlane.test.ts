/**
 * The simulated data plane: the upgrade's authentication and the replies (see `DataPlaneFaults.test.ts` for faults,
 * admin endpoints and `SimulatorInfo.dataPlaneUrl`).
 */
import { describe, expect, it } from "@effect/vitest"
import { FetchHttpClient } from "@effect/platform"
import { Effect, Exit, Layer, Redacted, Schedule, Scope, TestClock } from "effect"
import { DataPlaneCounters, DataPlaneHandler, ErrorReply, Simulator, TokenIssuer } from "../src/index.ts"
import { connectWithToken, dataPlaneAudience, fetchToken, refusal, request } from "./dataPlaneClient.ts"
import { restAudience, send, withSimulator } from "./helpers.ts"

const now = Date.parse("2026-11-20T10:00:00Z")

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
        TokenIssuer.layerWith({ issuer: (yield* TokenIssuer).issuer, tokenTtl: 300 })
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
          dataPlaneHandler: DataPlaneHandler.layerWith((envelope) => {
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
