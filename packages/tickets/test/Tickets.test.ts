import { describe, expect, it } from "@effect/vitest"
import {
  ConnectionLost,
  DataPlane,
  type DataPlaneError,
  type DataPlaneMessage,
  type DataPlaneReply,
  ItsEnvironment,
  ReplyTimeout
} from "@its/transport"
import { Duration, Effect, Exit, Layer, Option, Schema, Stream, TestClock } from "effect"
import {
  Build,
  Cancel,
  CashoutBuild,
  defaultTicketsSettings,
  example,
  isLiveTicket,
  type MaxStake,
  OperatorId,
  placementTimeout,
  replyContentType,
  Tickets,
  TicketsConfig
} from "../src/index.ts"

const now = 1_700_000_000_000

interface Sent {
  readonly message: DataPlaneMessage
  readonly timeoutMillis: number | undefined
}

type Answer = (message: DataPlaneMessage) => Effect.Effect<DataPlaneReply, DataPlaneError>

/** A scripted channel that records what was sent and with which timeout. */
const scripted = (answer: Answer) => {
  const sent: Array<Sent> = []
  const layer = Layer.succeed(DataPlane, {
    request: (message, options = {}) =>
      Effect.suspend(() => {
        sent.push({
          message,
          timeoutMillis: options.timeout === undefined ? undefined : Duration.toMillis(options.timeout)
        })
        return answer(message)
      }),
    awaitConnected: Effect.void,
    unmatched: Stream.empty,
    stats: Effect.die("not used")
  })
  return { sent, layer }
}

const content = (message: DataPlaneMessage) => message.content as Record<string, unknown>

/** The normal reply of the message's operation, accepted, with `signature` `sig-<correlationId>`. */
const replyTo = (message: DataPlaneMessage, overrides: Record<string, unknown> = {}): DataPlaneReply => {
  const type = replyContentType[message.operation as keyof typeof replyContentType]
  const request = content(message)
  const ticketId =
    (request.ticketId as string | undefined) ??
    ((request.ticket as { ticketId?: string } | undefined)?.ticketId as string | undefined) ??
    ((request.details as { ticketId?: string } | undefined)?.ticketId as string | undefined) ??
    "T"
  return {
    correlationId: message.correlationId,
    operation: message.operation,
    timestampUtc: now + 5,
    version: "3.0",
    operatorId: 9985,
    unknownField: true,
    content: {
      type,
      signature: `sig-${message.correlationId}`,
      status: "accepted",
      ticketId,
      code: 0,
      message: "Transaction processed",
      ...overrides
    }
  }
}

const accept: Answer = (message) => Effect.succeed(replyTo(message))

const run = <A, E>(answer: Answer, effect: Effect.Effect<A, E, Tickets>, config?: Layer.Layer<TicketsConfig>) => {
  const channel = scripted(answer)
  const layer = Tickets.Live.pipe(
    Layer.provide(Layer.mergeAll(channel.layer, OperatorId.layer(9985), config ?? TicketsConfig.layer({})))
  )
  return Effect.gen(function* () {
    yield* TestClock.setTime(now)
    const exit = yield* Effect.exit(Effect.provide(effect, layer))
    return { exit, sent: channel.sent }
  })
}

const failure = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error(`expected a failure, got ${JSON.stringify(exit.value)}`)
  const error = exit.cause._tag === "Fail" ? exit.cause.error : undefined
  if (error === undefined) throw new Error(`expected a typed failure, got ${exit.cause._tag}`)
  return error
}

const placeSingle = Effect.flatMap(Tickets, (t) => t.placeTicket(example("single")))

const liveTicket = Build.single({
  ticketId: "Live_1",
  selection: Build.uf({ productId: "1", eventId: "sr:match:1", marketId: "1", outcomeId: "1", odds: "1.8" }),
  stake: Build.cash("10", "EUR"),
  context: { channel: { type: "internet", ip: "212.7.5.2", lang: "EN" }, limitId: 1409 }
})

describe("Tickets.placeTicket", () => {
  it.effect("sends a valid envelope and returns the accepted reply as data", () =>
    Effect.gen(function* () {
      const { exit, sent } = yield* run(accept, placeSingle)
      expect(Exit.isSuccess(exit)).toBe(true)
      if (Exit.isSuccess(exit)) {
        expect(exit.value.status).toBe("accepted")
        expect(exit.value.ticketId).toBe("Ticket_3691")
      }
      expect(sent).toHaveLength(1)
      const [{ message, timeoutMillis }] = sent
      expect(message).toMatchObject({
        operatorId: 9985,
        timestampUtc: now,
        operation: "ticket-placement",
        version: "3.0"
      })
      expect(message.correlationId).toMatch(/^[0-9a-f]{32}$/)
      // The wire form: decimals stay strings.
      expect(JSON.stringify(message)).toContain('"odds":{"type":"decimal","value":"1.32"}')
      expect(timeoutMillis).toBe(3_000)
    })
  )

  it.effect("returns a rejected reply as data (-405)", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        (m) => Effect.succeed(replyTo(m, { status: "rejected", code: -405, message: "Market is not found in MTS" })),
        placeSingle
      )
      expect(Exit.isSuccess(exit) && exit.value.code).toBe(-405)
    })
  )

  it.effect("waits 16 s when a selection is live, and both timeouts are configurable", () =>
    Effect.gen(function* () {
      const place = Effect.flatMap(Tickets, (t) => t.placeTicket(liveTicket))
      expect((yield* run(accept, place)).sent[0]?.timeoutMillis).toBe(16_000)
      const config = TicketsConfig.layer({ liveTimeout: "20 seconds", prematchTimeout: "2 seconds" })
      expect((yield* run(accept, place, config)).sent[0]?.timeoutMillis).toBe(20_000)
      expect((yield* run(accept, placeSingle, config)).sent[0]?.timeoutMillis).toBe(2_000)
      const noLive = TicketsConfig.layer({ liveProductIds: [] })
      expect((yield* run(accept, place, noLive)).sent[0]?.timeoutMillis).toBe(3_000)
    })
  )

  it("finds live selections nested in systems and custom bets", () => {
    const nested = Build.systemTicket({
      ticketId: "S1",
      size: [2],
      selections: [
        Build.uf({ productId: "3", eventId: "sr:match:1", marketId: "1", outcomeId: "1", odds: "1.5" }),
        Build.customBet(
          [Build.uf({ productId: "1", eventId: "sr:match:2", marketId: "1", outcomeId: "1", odds: "1.5" })],
          "2.5"
        )
      ],
      stake: Build.cash("1", "EUR"),
      context: { channel: { type: "internet" }, limitId: 1 }
    })
    expect(isLiveTicket(nested)).toBe(true)
    expect(isLiveTicket(example("accumulator"))).toBe(false)
    expect(Duration.toMillis(placementTimeout(nested))).toBe(16_000)
    expect(isLiveTicket(example("single"), { ...defaultTicketsSettings, isLive: () => true })).toBe(true)
  })

  it.effect("refuses an invalid ticket with every problem and sends nothing", () =>
    Effect.gen(function* () {
      const bad = Build.single({
        ticketId: "",
        selection: Build.uf({ productId: "3", eventId: "sr:match:1", marketId: "1", outcomeId: "1", odds: "0.5" }),
        stake: Build.cash("-5", "EUR"),
        context: { channel: { type: "internet" }, limitId: 1409 }
      })
      const { exit, sent } = yield* run(
        accept,
        Effect.flatMap(Tickets, (t) => t.placeTicket(bad))
      )
      const error = failure(exit)
      expect(error._tag).toBe("@its/tickets/InvalidTicket")
      if (error._tag === "@its/tickets/InvalidTicket") {
        const paths = error.problems.map((p) => p.path)
        expect(paths).toContain("$.content.ticketId")
        expect(paths).toContain("$.content.bets[0].stake[0].amount")
        expect(error.message).toContain("ticket-placement not sent")
      }
      expect(sent).toHaveLength(0)
    })
  )

  it.effect("turns error-reply into ServerError(code, message)", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        (m) =>
          Effect.succeed({
            ...replyTo(m),
            content: { type: "error-reply", code: 401, message: "Schema validation failed: $.version: bad" }
          }),
        placeSingle
      )
      const error = failure(exit)
      expect(error).toMatchObject({
        _tag: "@its/tickets/ServerError",
        code: 401,
        message: "Schema validation failed: $.version: bad"
      })
    })
  )

  it.effect("never accepts a reply that does not answer the request", () =>
    Effect.gen(function* () {
      const cases: ReadonlyArray<readonly [Answer, string]> = [
        [(m) => Effect.succeed({ ...replyTo(m), correlationId: "other" }), "correlationId"],
        [(m) => Effect.succeed({ ...replyTo(m), operation: "ticket-cancel" }), "operation"],
        [(m) => Effect.succeed(replyTo(m, { type: "cancel-reply" })), "content type"],
        [(m) => Effect.succeed(replyTo(m, { signature: undefined })), "does not decode"],
        [(m) => Effect.succeed(replyTo(m, { status: "maybe" })), "does not decode"]
      ]
      for (const [answer, reason] of cases) {
        const error = failure((yield* run(answer, placeSingle)).exit)
        expect(error._tag).toBe("@its/tickets/UnexpectedReply")
        expect(error.message).toContain(reason)
      }
    })
  )

  it.effect("maps transport failures: sent → OutcomeUnknown with the correlation id, not sent → NotSent", () =>
    Effect.gen(function* () {
      const timeout = failure(
        (yield* run(
          (m) =>
            Effect.fail(
              new ReplyTimeout({
                correlationId: m.correlationId,
                operation: m.operation,
                timeoutMillis: 3000,
                sent: true
              })
            ),
          placeSingle
        )).exit
      )
      expect(timeout).toMatchObject({
        _tag: "@its/tickets/OutcomeUnknown",
        reason: "reply-timeout",
        timeoutMillis: 3000
      })
      expect(timeout.message).toContain("outcome unknown")
      const lost = yield* run(
        (m) =>
          Effect.fail(new ConnectionLost({ correlationId: m.correlationId, operation: m.operation, reason: "1006" })),
        placeSingle
      )
      expect(failure(lost.exit)).toMatchObject({
        _tag: "@its/tickets/OutcomeUnknown",
        reason: "connection-lost",
        correlationId: lost.sent[0]?.message.correlationId
      })
      const notSent = failure(
        (yield* run(
          (m) =>
            Effect.fail(
              new ReplyTimeout({
                correlationId: m.correlationId,
                operation: m.operation,
                timeoutMillis: 3000,
                sent: false
              })
            ),
          placeSingle
        )).exit
      )
      expect(notSent._tag).toBe("@its/tickets/NotSent")
    })
  )
})

describe("Tickets: acks", () => {
  it.effect("ack echoes the reply's signature", () =>
    Effect.gen(function* () {
      const { exit, sent } = yield* run(
        accept,
        Effect.gen(function* () {
          const tickets = yield* Tickets
          const reply = yield* tickets.placeTicket(example("single"))
          return yield* tickets.ack(reply)
        })
      )
      expect(Exit.isSuccess(exit) && exit.value.type).toBe("ticket-ack-reply")
      expect(sent.map((s) => s.message.operation)).toEqual(["ticket-placement", "ticket-placement-ack"])
      expect(content(sent[1]!.message)).toEqual({
        type: "ticket-ack",
        ticketId: "Ticket_3691",
        ticketSignature: `sig-${sent[0]!.message.correlationId}`,
        acknowledged: true
      })
    })
  )

  it.effect("autoAck acks accepted tickets within the 10 s window, not rejected ones", () =>
    Effect.gen(function* () {
      const auto = TicketsConfig.layer({ autoAck: true })
      const accepted = yield* run(accept, placeSingle, auto)
      expect(accepted.sent.map((s) => [s.message.operation, s.timeoutMillis])).toEqual([
        ["ticket-placement", 3_000],
        ["ticket-placement-ack", 10_000]
      ])
      const rejected = yield* run(
        (m) => Effect.succeed(replyTo(m, { status: "rejected", code: -713 })),
        placeSingle,
        auto
      )
      expect(rejected.sent).toHaveLength(1)
      // Per call, too.
      const perCall = yield* run(
        accept,
        Effect.flatMap(Tickets, (t) => t.placeTicket(example("single"), { autoAck: true }))
      )
      expect(perCall.sent).toHaveLength(2)
    })
  )

  it.effect("a failed auto-ack still hands back the accepted reply", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        (m) =>
          m.operation === "ticket-placement-ack"
            ? Effect.fail(new ConnectionLost({ correlationId: m.correlationId, operation: m.operation, reason: "x" }))
            : accept(m),
        placeSingle,
        TicketsConfig.layer({ autoAck: true })
      )
      const error = failure(exit)
      expect(error._tag).toBe("@its/tickets/AckFailed")
      if (error._tag === "@its/tickets/AckFailed") {
        expect(error.ticketId).toBe("Ticket_3691")
        expect(error.signature).toMatch(/^sig-/)
      }
    })
  )
})

describe("Tickets: other operations", () => {
  const cancel = Schema.decodeUnknownSync(Cancel)({
    type: "cancel",
    cancellationId: "CANC1",
    details: { type: "ticket", ticketId: "Ticket_3691", ticketSignature: "sig", code: 101 }
  })
  const cashoutBuild = Schema.decodeUnknownSync(CashoutBuild)({
    type: "cashout-build",
    cashout: {
      type: "cashout",
      cashoutId: "CO1",
      details: {
        type: "ticket",
        ticketId: "Ticket_3691",
        ticketSignature: "sig",
        code: 100,
        payout: [{ type: "cash", amount: "5.50", currency: "EUR" }]
      }
    }
  })
  const maxStake: MaxStake = { type: "max-stake", ticket: example("single") }

  it.effect("each operation sends its own operation and expects its own reply type", () =>
    Effect.gen(function* () {
      const { exit, sent } = yield* run(
        (m) =>
          Effect.succeed(
            m.operation === "max-stake"
              ? { ...replyTo(m), content: { type: "max-stake-reply", code: 0, message: "ok", signature: "s" } }
              : replyTo(m)
          ),
        Effect.gen(function* () {
          const tickets = yield* Tickets
          return [
            (yield* tickets.cancel(cancel)).type,
            (yield* tickets.cashoutBuild(cashoutBuild)).type,
            (yield* tickets.maxStake(maxStake)).type,
            (yield* tickets.informTicket(Build.ticketInform(example("single"), [{ code: 0, rejected: false }]))).type
          ]
        })
      )
      expect(Exit.isSuccess(exit) && exit.value).toEqual([
        "cancel-reply",
        "cashout-build-reply",
        "max-stake-reply",
        "ticket-inform-reply"
      ])
      expect(sent.map((s) => [s.message.operation, s.timeoutMillis])).toEqual([
        ["ticket-cancel", 20_000],
        ["cashout-build", 20_000],
        ["max-stake", 20_000],
        ["ticket-placement-inform", 3_000]
      ])
      expect(JSON.stringify(sent[1]?.message)).toContain('"amount":"5.50"')
    })
  )

  it.effect("operatorId comes from ITS_OPERATOR_ID, and its absence is a typed error", () =>
    Effect.gen(function* () {
      const channel = scripted(accept)
      const withId = Tickets.fromEnvironment.pipe(
        Layer.provide(Layer.merge(channel.layer, ItsEnvironment.layer({ operatorId: Option.some(45426) })))
      )
      yield* TestClock.setTime(now)
      yield* Effect.provide(placeSingle, withId)
      expect(channel.sent[0]?.message.operatorId).toBe(45426)
      const missing = Tickets.fromEnvironment.pipe(Layer.provide(Layer.merge(channel.layer, ItsEnvironment.layer())))
      const error = failure(yield* Effect.exit(Effect.provide(placeSingle, missing)))
      expect(error._tag).toBe("@its/tickets/MissingOperatorId")
    })
  )
})
