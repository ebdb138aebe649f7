// Over ~350 lines: one scenario per test against one loopback server helper; the cases share fixtures (build, message).
import { describe, expect, it } from "@effect/vitest"
import { AccessToken, TokenProvider } from "@its/auth"
import { Clock, Context, Duration, Effect, Exit, Fiber, Layer, Redacted, Ref, Schedule, Scope, Stream } from "effect"
import { DataPlane, type DataPlaneMessage, type DataPlaneSettings } from "../src/DataPlane.ts"
import { echoReply, eventually, startServer } from "./WsServer.ts"

const audience = "mbs-dp-non-prod-wss"
const staticTokens = TokenProvider.layerTest({ [audience]: "ws-token" })

const build = (
  url: string,
  settings: Partial<DataPlaneSettings> = {},
  tokens: Layer.Layer<TokenProvider> = staticTokens
) =>
  Layer.build(DataPlane.layerWith({ url, audience, ...settings }).pipe(Layer.provide(tokens))).pipe(
    Effect.map((context) => Context.get(context, DataPlane))
  )

const message = (i: number | string, content: unknown = { n: i }): DataPlaneMessage => ({
  operatorId: 9985,
  correlationId: `c-${i}`,
  timestampUtc: 1,
  operation: "ticket-placement",
  version: "3.0",
  content
})

/** Tokens `tok-<n>` with a short hard expiry; `invalidate` is counted and moves to the next token. */
const makeRotatingTokens = (lifetimeMillis: number) =>
  Effect.gen(function* () {
    const issued = yield* Ref.make(1)
    const invalidations = yield* Ref.make(0)
    const layer = Layer.succeed(TokenProvider, {
      get: (aud) =>
        Effect.gen(function* () {
          const now = yield* Clock.currentTimeMillis
          const n = yield* Ref.get(issued)
          return AccessToken.make({
            audience: aud ?? audience,
            value: Redacted.make(`tok-${n}`),
            tokenType: "Bearer",
            issuedAt: now,
            lifetimeMillis,
            refreshAt: now + lifetimeMillis / 2,
            hardExpiresAt: now + lifetimeMillis,
            expiresAt: now + lifetimeMillis
          })
        }),
      invalidate: () =>
        Effect.as(
          Effect.zipRight(
            Ref.update(issued, (n) => n + 1),
            Ref.update(invalidations, (n) => n + 1)
          ),
          true
        )
    })
    return { layer, invalidations: Ref.get(invalidations), next: Ref.update(issued, (n) => n + 1) }
  })

describe("DataPlane", () => {
  it.scopedLive("the upgrade carries the bearer token; a reply pairs with its request", () =>
    Effect.gen(function* () {
      const server = yield* startServer()
      const channel = yield* build(server.url)
      const reply = yield* channel.request(message(1))
      expect(reply.correlationId).toBe("c-1")
      expect(reply.content).toEqual({ type: "ticket-placement-reply", echo: { n: 1 } })
      expect(server.upgrades).toEqual([{ connection: 1, authorization: "Bearer ws-token" }])
      expect(JSON.parse(server.received[0]?.text ?? "{}")).toEqual(message(1))
      const stats = yield* channel.stats
      expect(stats).toMatchObject({ connected: true, sent: 1, replies: 1, inFlight: 0, connects: 1 })
    })
  )

  it.scopedLive("1 000 concurrent requests with replies in shuffled order all pair correctly", () =>
    Effect.gen(function* () {
      const total = 1000
      const held: Array<() => void> = []
      const server = yield* startServer({
        onMessage: ({ reply }) => {
          held.push(reply)
          if (held.length === total) {
            for (let i = held.length - 1; i > 0; i--) {
              const j = Math.floor(Math.random() * (i + 1))
              const a = held[i] as () => void
              held[i] = held[j] as () => void
              held[j] = a
            }
            for (const send of held) send()
          }
        }
      })
      const channel = yield* build(server.url)
      const replies = yield* Effect.all(
        Array.from({ length: total }, (_, i) => channel.request(message(i))),
        { concurrency: "unbounded" }
      )
      replies.forEach((reply, i) => {
        expect(reply.correlationId).toBe(`c-${i}`)
        expect((reply.content as { echo: unknown }).echo).toEqual({ n: i })
      })
      const order = server.received.map((r) => r.json.correlationId as string)
      expect(new Set(order).size).toBe(total)
      expect((yield* channel.stats).replies).toBe(total)
    })
  )

  it.scopedLive("a drop mid-flight fails exactly the in-flight requests with ConnectionLost; next ones succeed", () =>
    Effect.gen(function* () {
      const server = yield* startServer({
        onMessage: ({ received, reply }) => {
          if (!String(received.json.correlationId).startsWith("c-held")) reply()
        }
      })
      const channel = yield* build(server.url, { reconnectBase: Duration.millis(20) })
      yield* Effect.all([1, 2, 3].map((i) => channel.request(message(i))))
      const held = yield* Effect.fork(
        Effect.all(
          [1, 2, 3, 4, 5].map((i) => Effect.either(channel.request(message(`held-${i}`)))),
          { concurrency: "unbounded" }
        )
      )
      yield* eventually(() => server.received.length === 8)
      server.dropAll()
      const results = yield* Fiber.join(held)
      for (const result of results) {
        expect(result._tag).toBe("Left")
        if (result._tag === "Left") {
          expect(result.left._tag).toBe("ConnectionLost")
          expect(result.left.message).toContain("outcome unknown")
        }
      }
      const after = yield* channel.request(message("after"))
      expect(after.correlationId).toBe("c-after")
      expect(server.upgrades).toHaveLength(2)
      // Never re-sent: every held message reached the server exactly once.
      const heldSeen = server.received.filter((r) => String(r.json.correlationId).startsWith("c-held"))
      expect(heldSeen).toHaveLength(5)
      const stats = yield* channel.stats
      expect(stats).toMatchObject({ connectionLost: 5, drops: 1, replies: 4, sent: 9 })
    })
  )

  it.scopedLive("proactive rotation (short max connection age) loses no reply and closes old sockets cleanly", () =>
    Effect.gen(function* () {
      const server = yield* startServer({
        onMessage: ({ reply }) => {
          setTimeout(reply, Math.floor(Math.random() * 60))
        }
      })
      const channel = yield* build(server.url, { maxConnectionAge: Duration.millis(150) })
      const total = 400
      const replies = yield* Effect.forEach(
        Array.from({ length: total }, (_, i) => i),
        (i) => Effect.zipLeft(channel.request(message(i)), Effect.sleep("2 millis")),
        { concurrency: 20 }
      )
      expect(replies.map((r) => r.correlationId)).toEqual(Array.from({ length: total }, (_, i) => `c-${i}`))
      const stats = yield* channel.stats
      expect(stats.rotations).toBeGreaterThanOrEqual(2)
      expect(stats.connectionLost).toBe(0)
      expect(stats.drops).toBe(0)
      expect(server.upgrades.length).toBeGreaterThanOrEqual(3)
      expect(new Set(server.received.map((r) => r.json.correlationId)).size).toBe(total)
      expect(server.received).toHaveLength(total)
      yield* eventually(() => server.closeCodes.length >= 2)
      expect(server.closeCodes.every((code) => code === 1000)).toBe(true)
    })
  )

  it.scopedLive("replaces the connection before the upgrade token's hard expiry, with a fresh token", () =>
    Effect.gen(function* () {
      const tokens = yield* makeRotatingTokens(1_100)
      const server = yield* startServer()
      const channel = yield* build(server.url, {}, tokens.layer)
      yield* channel.awaitConnected
      yield* tokens.next
      yield* Effect.repeat(channel.stats, {
        until: (current) => current.rotations >= 1,
        schedule: Schedule.spaced("5 millis")
      }).pipe(Effect.timeout("3 seconds"))
      // A slow machine may already have rotated again (every ~1.1 s); the first two are what matter.
      expect(server.upgrades.slice(0, 2).map((u) => u.authorization)).toEqual(["Bearer tok-1", "Bearer tok-2"])
      expect((yield* channel.request(message(1))).correlationId).toBe("c-1")
      expect(server.received[0]?.connection).toBeGreaterThanOrEqual(2)
      const stats = yield* channel.stats
      expect(stats.rotations).toBeGreaterThanOrEqual(1)
      expect(stats.drops).toBe(0)
    })
  )

  it.scopedLive("a 401 on the upgrade invalidates the token and reconnects with a fresh one", () =>
    Effect.gen(function* () {
      const tokens = yield* makeRotatingTokens(600_000)
      const server = yield* startServer({ rejectUpgrade: (_, attempt) => (attempt === 1 ? 401 : undefined) })
      const channel = yield* build(server.url, { reconnectBase: Duration.millis(10) }, tokens.layer)
      const reply = yield* channel.request(message(1))
      expect(reply.correlationId).toBe("c-1")
      expect(yield* tokens.invalidations).toBe(1)
      expect(server.upgrades).toEqual([{ connection: 1, authorization: "Bearer tok-2" }])
      expect((yield* channel.stats).connectFailures).toBe(1)
    })
  )

  it.scopedLive("the 128 000-byte cap (UTF-8) rejects before sending; large messages under it go out whole", () =>
    Effect.gen(function* () {
      const server = yield* startServer()
      const channel = yield* build(server.url)
      yield* channel.awaitConnected
      const envelope = JSON.stringify(message(1, "")).length
      // Effect.either, not flip: on a regression the 128 KB echo must not end up in the assertion message.
      const tooLong = yield* Effect.either(channel.request(message(1, "x".repeat(128_001 - envelope))))
      const tooLongError = tooLong._tag === "Left" ? tooLong.left : undefined
      expect(tooLongError?._tag).toBe("MessageTooLarge")
      if (tooLongError?._tag === "MessageTooLarge") {
        expect(tooLongError.bytes).toBe(128_001)
        expect(tooLongError.limit).toBe(128_000)
      }
      // 64 000 two-byte characters: under 128 000 characters, over 128 000 bytes.
      const multibyte = yield* Effect.either(channel.request(message(2, "é".repeat(64_000))))
      expect(multibyte._tag === "Left" ? multibyte.left._tag : "sent").toBe("MessageTooLarge")
      expect(server.received).toHaveLength(0)
      // Exactly at the limit: sent in 32 000-byte fragments, received as one message.
      const atLimit = message(3, "y".repeat(128_000 - envelope))
      const reply = yield* channel.request(atLimit)
      expect(reply.correlationId).toBe("c-3")
      expect(server.received).toHaveLength(1)
      expect(server.received[0]?.text.length).toBe(JSON.stringify(atLimit).length)
      expect(server.received[0]?.text === JSON.stringify(atLimit)).toBe(true)
      expect((yield* channel.stats).rejected).toBe(2)
    })
  )

  it.scopedLive("unknown-correlationId replies, late replies and garbage frames are counted, not fatal", () =>
    Effect.gen(function* () {
      const server = yield* startServer({
        onMessage: ({ socket, received, reply }) => {
          if (received.json.correlationId === "c-late") {
            setTimeout(reply, 150)
            return
          }
          socket.send("not json{")
          socket.send("[1,2]")
          socket.send(JSON.stringify({ ...echoReply(received.json), correlationId: "nobody" }))
          socket.send(JSON.stringify({ operation: "no-correlation" }))
          reply()
        }
      })
      const channel = yield* build(server.url)
      const reply = yield* channel.request(message(1))
      expect(reply.correlationId).toBe("c-1")
      const late = yield* Effect.flip(channel.request(message("late"), { timeout: "50 millis" }))
      expect(late._tag).toBe("ReplyTimeout")
      if (late._tag === "ReplyTimeout") expect(late.sent).toBe(true)
      yield* Effect.repeat(channel.stats, {
        until: (current) => current.unmatchedReplies >= 3,
        schedule: Schedule.spaced("5 millis")
      }).pipe(Effect.timeout("5 seconds"))
      const stats = yield* channel.stats
      expect(stats.invalidFrames).toBe(2)
      expect(stats.unmatchedReplies).toBe(3)
      expect(stats.timeouts).toBe(1)
      expect(stats.connected).toBe(true)
      expect(stats.drops).toBe(0)
      expect((yield* channel.request(message(2))).correlationId).toBe("c-2")
    })
  )

  it.scopedLive("a reply arriving after its ReplyTimeout is published on `unmatched`", () =>
    Effect.gen(function* () {
      const server = yield* startServer({ onMessage: ({ reply }) => void setTimeout(reply, 150) })
      const channel = yield* build(server.url)
      const late = yield* channel.unmatched.pipe(Stream.take(1), Stream.runCollect, Effect.fork)
      yield* Effect.yieldNow()
      const timedOut = yield* Effect.flip(channel.request(message("late"), { timeout: "50 millis" }))
      expect(timedOut._tag).toBe("ReplyTimeout")
      const [reply] = yield* Fiber.join(late).pipe(Effect.timeout("5 seconds"))
      expect(reply?.correlationId).toBe("c-late")
      expect(reply?.content).toEqual({ type: "ticket-placement-reply", echo: { n: "late" } })
    })
  )

  it.scopedLive("the in-flight bound applies back-pressure", () =>
    Effect.gen(function* () {
      const held: Array<() => void> = []
      const server = yield* startServer({ onMessage: ({ reply }) => held.push(reply) })
      const channel = yield* build(server.url, { maxInFlight: 2 })
      const all = yield* Effect.fork(
        Effect.all(
          Array.from({ length: 5 }, (_, i) => channel.request(message(i))),
          { concurrency: "unbounded" }
        )
      )
      yield* eventually(() => server.received.length === 2)
      yield* Effect.sleep("100 millis")
      expect(server.received).toHaveLength(2)
      expect((yield* channel.stats).inFlight).toBe(2)
      held.splice(0).forEach((send) => {
        send()
      })
      yield* eventually(() => server.received.length === 4)
      expect(server.received).toHaveLength(4)
      held.splice(0).forEach((send) => {
        send()
      })
      yield* eventually(() => server.received.length === 5)
      held.splice(0).forEach((send) => {
        send()
      })
      const replies = yield* Fiber.join(all)
      expect(replies.map((r) => r.correlationId)).toEqual(["c-0", "c-1", "c-2", "c-3", "c-4"])
    })
  )

  it.scopedLive("invalid messages and duplicate correlationIds are refused without sending", () =>
    Effect.gen(function* () {
      const server = yield* startServer({ onMessage: () => {} })
      const channel = yield* build(server.url)
      const missing = yield* Effect.flip(channel.request({ operation: "x" } as unknown as DataPlaneMessage))
      expect(missing._tag).toBe("InvalidMessage")
      const first = yield* Effect.fork(channel.request(message(1), { timeout: "2 seconds" }))
      yield* eventually(() => server.received.length === 1)
      const duplicate = yield* Effect.flip(channel.request(message(1)))
      expect(duplicate._tag).toBe("DuplicateCorrelationId")
      expect(server.received).toHaveLength(1)
      yield* Fiber.interrupt(first)
    })
  )

  it.scopedLive("with no reachable data plane a request times out as not sent, naming the connect error", () =>
    Effect.gen(function* () {
      const server = yield* startServer({ rejectUpgrade: () => 503 })
      const channel = yield* build(server.url, { reconnectBase: Duration.millis(20) })
      const error = yield* Effect.flip(channel.request(message(1), { timeout: "300 millis" }))
      expect(error._tag).toBe("ReplyTimeout")
      if (error._tag === "ReplyTimeout") {
        expect(error.sent).toBe(false)
        expect(error.message).toContain("HTTP 503")
      }
      expect(server.received).toHaveLength(0)
    })
  )

  it.scopedLive("a peer that stops answering pings is replaced", () =>
    Effect.gen(function* () {
      const server = yield* startServer({ autoPong: false })
      const channel = yield* build(server.url, {
        pingInterval: Duration.millis(50),
        pongTimeout: Duration.millis(50),
        reconnectBase: Duration.millis(10)
      })
      yield* channel.awaitConnected
      yield* eventually(() => server.upgrades.length >= 2, 3_000)
      const stats = yield* channel.stats
      expect(stats.drops).toBeGreaterThanOrEqual(1)
      expect(stats.rotations).toBe(0)
    })
  )

  it.live("closing the scope closes the socket with code 1000; later requests fail with ChannelClosed", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const server = yield* startServer({ autoPong: true })
        const scope = yield* Scope.make()
        const channel = yield* Scope.extend(build(server.url, { pingInterval: Duration.millis(20) }), scope)
        yield* channel.request(message(1))
        yield* Effect.sleep("100 millis")
        expect(server.upgrades).toHaveLength(1)
        yield* Scope.close(scope, Exit.void)
        yield* eventually(() => server.closeCodes.length === 1)
        expect(server.closeCodes).toEqual([1000])
        const after = yield* Effect.flip(channel.request(message(2)))
        expect(after._tag).toBe("ChannelClosed")
      })
    )
  )
})

describe("DataPlane.layerTest", () => {
  it.effect("answers from a script", () =>
    Effect.gen(function* () {
      const channel = yield* Effect.provide(
        DataPlane,
        DataPlane.layerTest((m) => Effect.succeed({ correlationId: m.correlationId, ok: true }))
      )
      expect(yield* channel.request(message(1))).toEqual({ correlationId: "c-1", ok: true })
    })
  )
})
