import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Effect, FastCheck, Schema } from "effect"
import {
  type DecodeError,
  decodeMessage,
  decodeReply,
  decodeReplyJson,
  decodeRequest,
  encodeRequestJson,
  expectedReplyTypes,
  isReplyTo,
  operations,
  Reply,
  replyContentType,
  replyEnvelopes,
  Request,
  requestEnvelopes,
  strictOptions,
  tolerantOptions
} from "../src/index.ts"
import { fixture } from "./fixtures.ts"

// Small generated messages (a few hundred bytes) still reach every union member, including nested systems and
// custom bets, and keep the suite fast. A fixed seed keeps runs reproducible.
FastCheck.configureGlobal({ baseSize: "xsmall", seed: 20261128 })

const problemsOf = <A>(effect: Effect.Effect<A, DecodeError>) =>
  Effect.map(Effect.flip(effect), (error) => error.problems.map(({ path, code }) => ({ path, code })))

describe("encode ∘ decode is the identity", () => {
  // Each generated message goes through JSON text, as on the wire, and is decoded by the `Request` / `Reply` union.
  const roundTrip =
    (schema: Schema.Schema.AnyNoContext, union: Schema.Schema.AnyNoContext, options: typeof strictOptions) =>
    (message: unknown) => {
      const json = JSON.parse(JSON.stringify(Schema.encodeSync(schema)(message)))
      const decoded = Schema.decodeUnknownSync(union, options)(json)
      expect(Schema.equivalence(schema)(decoded, message)).toBe(true)
      expect(Schema.encodeSync(schema)(decoded)).toEqual(json)
    }

  for (const operation of operations) {
    const request: Schema.Schema.AnyNoContext = requestEnvelopes[operation]
    const reply: Schema.Schema.AnyNoContext = replyEnvelopes[operation]
    it.prop(`${operation} request`, [Arbitrary.make(request)], ([m]) => roundTrip(request, Request, strictOptions)(m))
    it.prop(`${operation} reply`, [Arbitrary.make(reply)], ([m]) => roundTrip(reply, Reply, tolerantOptions)(m))
  }
})

describe("operation ↔ content", () => {
  it.effect("a request whose content does not match its operation is rejected at the content type", () =>
    Effect.gen(function* () {
      const cancel = { ...fixture("6.1-ticket-placement.json"), operation: "ticket-cancel" }
      expect(yield* problemsOf(decodeRequest(cancel))).toEqual([{ path: "$.content.type", code: -107 }])
    })
  )

  it.effect("a reply whose content does not answer its operation is rejected", () =>
    Effect.gen(function* () {
      const reply = fixture("7.1-ticket-reply-accepted.json")
      reply.operation = "ticket-cancel"
      expect(yield* problemsOf(decodeReply(reply))).toEqual([{ path: "$.content.type", code: -107 }])
    })
  )

  it.effect("every operation accepts its own reply type and error-reply", () =>
    Effect.gen(function* () {
      for (const operation of operations) {
        expect(expectedReplyTypes(operation)).toEqual([replyContentType[operation], "error-reply"])
        const envelope = { correlationId: "c1", timestampUtc: 1, operation, version: "3.0" }
        const error = yield* decodeReply({ ...envelope, content: { type: "error-reply", code: 401, message: "x" } })
        expect(error.content.type).toBe("error-reply")
        // The expected type with no fields fails on its fields, never on the type itself.
        const own = yield* problemsOf(decodeReply({ ...envelope, content: { type: replyContentType[operation] } }))
        expect(own.map((p) => p.path)).not.toContain("$.content.type")
      }
    })
  )

  it.effect("isReplyTo matches correlation id, operation and reply type", () =>
    Effect.gen(function* () {
      const request = yield* decodeRequest(fixture("6.1-ticket-placement.json"))
      const reply = yield* decodeReply(fixture("7.1-ticket-reply-accepted.json"))
      expect(isReplyTo(request, reply)).toBe(true)
      expect(isReplyTo({ ...request, correlationId: "other" }, reply)).toBe(false)
    })
  )
})

describe("unknown fields", () => {
  it.effect("are rejected in requests, with their path", () =>
    Effect.gen(function* () {
      const request = fixture("6.1-ticket-placement.json")
      request.content.bets[0].selections[0].boostedOdds = "2.0"
      request.trace = true
      expect(yield* problemsOf(decodeRequest(request))).toEqual([
        { path: "$.trace", code: -102 },
        { path: "$.content.bets[0].selections[0].boostedOdds", code: -102 }
      ])
    })
  )

  it.effect("are tolerated in replies, and operatorId is kept", () =>
    Effect.gen(function* () {
      const json = fixture("7.1-ticket-reply-accepted.json")
      json.operatorId = 45426
      json.content.riskScore = "0.3"
      json.content.betDetails[0].selectionDetails[0].extra = {}
      const reply = yield* decodeReply(json)
      expect(reply.operatorId).toBe(45426)
      expect(reply.content).not.toHaveProperty("riskScore")
    })
  )
})

describe("JSON text", () => {
  it.effect("requests encode to JSON text and replies decode from it", () =>
    Effect.gen(function* () {
      const request = yield* decodeRequest(fixture("6.1-ticket-placement.json"))
      const text = yield* encodeRequestJson(request)
      expect(JSON.parse(text)).toEqual(fixture("6.1-ticket-placement.json"))
      const reply = yield* decodeReplyJson(JSON.stringify(fixture("7.1-ticket-reply-accepted.json")))
      expect(reply.content.type).toBe("ticket-reply")
    })
  )

  it.effect("text that is not JSON is a decode problem at the root", () =>
    Effect.gen(function* () {
      expect(yield* problemsOf(decodeReplyJson("{oops"))).toEqual([{ path: "$", code: -101 }])
    })
  )
})

describe("decodeMessage", () => {
  it.effect("tells requests and replies apart by content type", () =>
    Effect.gen(function* () {
      const request = yield* decodeMessage(fixture("6.3-ticket-cancel-ack.json"))
      const reply = yield* decodeMessage(fixture("7.1-ticket-reply-accepted.json"))
      expect([request.content.type, reply.content.type]).toEqual(["cancel-ack", "ticket-reply"])
    })
  )
})
