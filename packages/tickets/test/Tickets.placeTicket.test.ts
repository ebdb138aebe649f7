/** `Tickets.placeTicket`: envelopes, timeouts, invalid tickets, error replies, replies that do not answer, transport failures. */
import { describe, expect, it } from "@effect/vitest"
import { ConnectionLost, ReplyTimeout } from "@its/transport"
import { Duration, Effect, Exit } from "effect"
import {
  Build,
  defaultTicketsSettings,
  example,
  isLiveTicket,
  placementTimeout,
  Tickets,
  type TicketsSettings
} from "../src/index.ts"
import { type Answer, accept, failure, liveTicket, now, placeSingle, replyTo, run } from "./ticketsHarness.ts"

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
      const config: Partial<TicketsSettings> = { liveTimeout: "20 seconds", prematchTimeout: "2 seconds" }
      expect((yield* run(accept, place, config)).sent[0]?.timeoutMillis).toBe(20_000)
      expect((yield* run(accept, placeSingle, config)).sent[0]?.timeoutMillis).toBe(2_000)
      const noLive = { liveProductIds: [] }
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
