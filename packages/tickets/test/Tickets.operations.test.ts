/** `Tickets`: acks and auto-ack, every other operation's envelope and reply type, the operator id from the environment. */
import { describe, expect, it } from "@effect/vitest"
import { ConnectionLost, ItsEnvironment } from "@its/transport"
import { Effect, Exit, Layer, Option, Schema, TestClock } from "effect"
import { Build, Cancel, CashoutBuild, example, type MaxStake, Tickets } from "../src/index.ts"
import { accept, content, failure, now, placeSingle, replyTo, run, scripted } from "./ticketsHarness.ts"

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
      const auto = { autoAck: true }
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
        { autoAck: true }
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
      const withId = Tickets.layer.pipe(
        Layer.provide(Layer.merge(channel.layer, ItsEnvironment.layerWith({ operatorId: Option.some(45426) })))
      )
      yield* TestClock.setTime(now)
      yield* Effect.provide(placeSingle, withId)
      expect(channel.sent[0]?.message.operatorId).toBe(45426)
      const missing = Tickets.layer.pipe(Layer.provide(Layer.merge(channel.layer, ItsEnvironment.layerWith())))
      const error = failure(yield* Effect.exit(Effect.provide(placeSingle, missing)))
      expect(error._tag).toBe("@its/tickets/MissingOperatorId")
    })
  )
})
