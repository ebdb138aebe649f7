/**
 * Account, balance and casino informs (issue 15 §2) through the `Tickets` client against the simulator: every
 * example is accepted with the SDKs' reply shape (`code`, `signature`, `message`); a request that breaks the schema
 * is answered by the simulator with the documented `error-reply` (a `ServerError`), one the client can check is
 * refused before sending (`InvalidTicket`).
 */
import { describe, expect, it } from "@effect/vitest"
import { informExample, informExampleKinds, informOperation } from "@its/tickets"
import { Effect } from "effect"
import { startTickets } from "./support/simulator.ts"

const start = Effect.map(startTickets(), ({ dataPlane, tickets }) => ({ tickets, dataPlane }))

describe("account, balance and casino informs (simulator)", () => {
  it.scopedLive("every inform is accepted with code, signature and message", () =>
    Effect.gen(function* () {
      const { tickets } = yield* start
      for (const kind of informExampleKinds) {
        const reply = yield* tickets.send(informOperation[kind], informExample(kind) as never)
        expect(reply, kind).toMatchObject({ type: `${informExample(kind).type}-reply`, code: 0 })
        expect((reply as { signature?: string }).signature, kind).toMatch(/\S/)
      }
      const deposit = yield* tickets.depositInform(informExample("deposit"))
      expect(deposit.type).toBe("deposit-inform-reply")
    })
  )

  it.scopedLive("invalid informs: refused by the client with paths, or error-reply from the simulator", () =>
    Effect.gen(function* () {
      const { tickets, dataPlane } = yield* start
      const local = yield* Effect.flip(tickets.depositInform({ ...informExample("deposit"), depositId: "" }))
      expect(local._tag).toBe("@its/tickets/InvalidTicket")
      // Sent past the client's validation (a raw envelope), the simulator answers error-reply like MTS.
      const raw = yield* dataPlane.request({
        operatorId: 9985,
        correlationId: "raw-invalid-inform",
        timestampUtc: 1_764_720_000_000,
        operation: "account-limit-reached-inform",
        version: "3.0",
        content: { type: "account-limit-reached-inform", endCustomer: { id: "user_3454" }, reachedLimit: "jackpot" }
      })
      expect(raw).toMatchObject({ operation: "account-limit-reached-inform", content: { type: "error-reply" } })
      expect(String((raw.content as { message: string }).message)).toContain("$.content.reachedLimit")
    })
  )
})
