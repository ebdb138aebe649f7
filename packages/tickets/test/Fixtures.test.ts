import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { decodeMessage, encodeMessage, encodeRequest, isReply, isReplyTo, validate } from "../src/index.ts"
import { docsFixtures, fixtures } from "./fixtures.ts"

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

describe("Transaction 3.0 example pages", () => {
  it("covers singles, systems, custom bets and cash-out inform / build", () => {
    const pages = new Set(docsFixtures.map(({ name }) => name.split(".")[0]))
    expect([...pages].sort()).toEqual(
      [
        "cashout-build",
        "cashout-build-2024",
        "entire-ticket-cashout",
        "multi-system-ticket",
        "partial-ticket-cashout",
        "single-live-1x2",
        "single-pre-match-1x2",
        "system-2-3-custom-bet",
        "system-3-4-banker"
      ].sort()
    )
  })

  for (const { name, json } of docsFixtures) {
    it.effect(`${name} decodes, validates and re-encodes to identical JSON`, () =>
      Effect.gen(function* () {
        const message = yield* decodeMessage(json)
        expect(isReply(message)).toBe(name.includes(".reply"))
        expect(yield* encodeMessage(message)).toEqual(json)
        if (!isReply(message)) expect(yield* encodeRequest(yield* validate(json))).toEqual(json)
      })
    )
  }

  it.effect("each reply answers the request of its page", () =>
    Effect.gen(function* () {
      for (const { name, json } of docsFixtures.filter((f) => f.name.includes(".reply"))) {
        const request = docsFixtures.find((f) => f.name === `${name.split(".")[0]}.request.json`)
        const [req, rep] = [yield* decodeMessage(request?.json), yield* decodeMessage(json)]
        expect(isReply(req) || !isReply(rep) ? false : isReplyTo(req, rep)).toBe(true)
      }
    })
  )
})
