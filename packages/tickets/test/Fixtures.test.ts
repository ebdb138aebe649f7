import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { decodeMessage, encodeMessage, encodeRequest, isReply, validate } from "../src/index.ts"
import { fixtures } from "./fixtures.ts"

// Completed where the reference elides: 7.1 echoes the selection of the 6.1 request it answers (the reference
// writes `{…}`) and carries the full signature quoted in the §7.1 field table (the example shortens it to "BopI…WmE=").
describe("JSON examples of the reference", () => {
  it("has a fixture for each of the four examples", () => {
    expect(fixtures.map((f) => f.name)).toEqual([
      "6.1-ticket-placement.json",
      "6.2-ticket-placement-inform.json",
      "6.3-ticket-cancel-ack.json",
      "7.1-ticket-reply-accepted.json"
    ])
  })

  for (const { name, json } of fixtures) {
    it.effect(`${name} decodes and re-encodes to the same JSON`, () =>
      Effect.gen(function* () {
        const message = yield* decodeMessage(json)
        expect(yield* encodeMessage(message)).toEqual(json)
      })
    )
  }

  const requests = fixtures.filter(({ name }) => !name.includes("-reply"))
  for (const { name, json } of requests) {
    it.effect(`${name} passes validation`, () =>
      Effect.gen(function* () {
        const valid = yield* validate(json)
        expect(isReply(valid)).toBe(false)
        expect(yield* encodeRequest(valid)).toEqual(json)
      })
    )
  }
})
