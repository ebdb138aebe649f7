import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema, TestClock } from "effect"
import {
  decodeRequest,
  encodeRequest,
  informExample,
  informExampleKinds,
  informOperation,
  makeRequest,
  OperatorId,
  Request,
  validate
} from "../src/index.ts"

const envelope = (kind: (typeof informExampleKinds)[number], content: unknown = informExample(kind)) =>
  TestClock.setTime(1_764_720_000_000).pipe(
    Effect.zipRight(makeRequest(informOperation[kind], content as never)),
    Effect.provideService(OperatorId, 9985)
  )

describe("account, balance and casino informs", () => {
  for (const kind of informExampleKinds) {
    it.effect(`${kind}: the example validates and re-encodes to identical JSON`, () =>
      Effect.gen(function* () {
        const request = yield* envelope(kind)
        const json = yield* encodeRequest(request)
        const parsed = JSON.parse(JSON.stringify(json))
        expect(yield* encodeRequest(yield* validate(parsed))).toEqual(parsed)
        expect(Schema.equivalence(Request)(yield* decodeRequest(parsed), request)).toBe(true)
      })
    )
  }

  it.effect("invalid informs are refused with JSON paths and MTS-style codes", () =>
    Effect.gen(function* () {
      const json = JSON.parse(JSON.stringify(yield* encodeRequest(yield* envelope("deposit"))))
      delete json.content.depositId
      json.content.status = "done"
      json.content.amount.value = 50
      json.content.surprise = true
      const error = yield* Effect.flip(validate(json))
      const byPath = Object.fromEntries(error.problems.map((p) => [p.path, p.code]))
      expect(byPath).toMatchObject({
        "$.content.depositId": -100,
        "$.content.status": -107,
        "$.content.amount.value": -101
      })
      expect(Object.keys(byPath)).toContain("$.content.surprise")
    })
  )

  it.effect("an account limit is one of the SDK's sub-types; a session limit is minutes as an integer", () =>
    Effect.gen(function* () {
      const json = JSON.parse(JSON.stringify(yield* encodeRequest(yield* envelope("account-limit"))))
      json.content.limit = { type: "session", duration: 90.5 }
      const error = yield* Effect.flip(validate(json))
      expect(error.problems.map((p) => [p.path, p.code])).toContainEqual(["$.content.limit.duration", -103])
    })
  )
})

describe("inform identifiers", () => {
  it.effect("an empty depositId is -100 at its path (semantic rule, like every operation id)", () =>
    Effect.gen(function* () {
      const json = JSON.parse(JSON.stringify(yield* encodeRequest(yield* envelope("deposit"))))
      json.content.depositId = ""
      const error = yield* Effect.flip(validate(json))
      expect(error.problems.map((p) => [p.path, p.code])).toEqual([["$.content.depositId", -100]])
    })
  )
})
