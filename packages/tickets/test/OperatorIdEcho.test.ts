/**
 * Reply envelopes with and without an `operatorId` echo decode, for every operation: the simulator now sends the
 * official SDKs' five envelope fields only (`SIM_ECHO_OPERATOR_ID` restores the echo), while real integration replies
 * once carried `operatorId` — our client must read both. The end-to-end case is
 * `tools/e2e/test/tickets-operator-echo.e2e.test.ts`.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { decodeReplyJson, operations } from "../src/index.ts"
import { fixture } from "./fixtures.ts"

const envelope = (operation: string, echo: boolean) => ({
  correlationId: `c-${operation}`,
  timestampUtc: 1_700_000_000_000,
  operation,
  version: "3.0",
  content: { type: "error-reply", code: 401, message: "Schema validation failed: $.content: …" },
  ...(echo ? { operatorId: 45426 } : {})
})

describe("reply envelopes and the operatorId echo", () => {
  it.effect("decode with and without operatorId for every operation", () =>
    Effect.gen(function* () {
      for (const operation of operations) {
        const plain = yield* decodeReplyJson(JSON.stringify(envelope(operation, false)))
        expect(plain).not.toHaveProperty("operatorId")
        const echoed = yield* decodeReplyJson(JSON.stringify(envelope(operation, true)))
        expect(echoed.operatorId).toBe(45426)
        expect(echoed.content).toEqual(plain.content)
      }
    })
  )

  it.effect("a documented ticket reply decodes with the echo", () =>
    Effect.gen(function* () {
      const json = { ...fixture("7.1-ticket-reply-accepted.json"), operatorId: 45426 }
      const reply = yield* decodeReplyJson(JSON.stringify(json))
      expect(reply).toMatchObject({ operatorId: 45426, content: { type: "ticket-reply", status: "accepted" } })
    })
  )
})
