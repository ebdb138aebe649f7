/**
 * The compiled fast path (`src/FastCodec.ts`) agrees with Effect's full Schema parser: on every valid message it
 * decodes (and encodes) to the same value, and on a broken one it either gives up (`Fallback`: the full parser then
 * reports the problems) or — when the break is still a valid message — gives the full parser's value.
 */
import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Either, FastCheck as fc, Schema } from "effect"
import { Fallback } from "../src/FastCodec.ts"
import {
  operations,
  Reply,
  Request,
  replyEnvelopes,
  requestEnvelopes,
  strictOptions,
  tolerantOptions
} from "../src/index.ts"
import { fastDecodeReply, fastDecodeRequest, fastEncodeReply, fastEncodeRequest } from "../src/RequestCodecs.ts"

fc.configureGlobal({ baseSize: "xsmall", seed: 20261203 })

type Json = null | boolean | number | string | Array<Json> | { [key: string]: Json }

/** Every position of a JSON value: the container and the key or index there. */
const positions = (json: Json): Array<readonly [Json[] | { [key: string]: Json }, string | number]> => {
  const out: Array<readonly [Json[] | { [key: string]: Json }, string | number]> = []
  const walk = (value: Json) => {
    if (Array.isArray(value))
      value.forEach((item, i) => {
        out.push([value, i])
        walk(item)
      })
    else if (typeof value === "object" && value !== null)
      for (const [key, item] of Object.entries(value)) {
        out.push([value, key])
        walk(item)
      }
  }
  walk(json)
  return out
}

type Mutation = { readonly at: number; readonly kind: "replace" | "delete" | "extra"; readonly value: Json }

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom("replace" as const, "delete" as const, "extra" as const),
  value: fc.oneof(fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>, fc.constantFrom<Json>("1.5", "x", 1.5, 7, ""))
})

/** A copy of `json` with one change: a value replaced, a key or element removed, or an unknown key added. */
const mutate = (json: Json, m: Mutation): Json => {
  const copy = structuredClone(json)
  const all = positions(copy)
  if (all.length === 0) return copy
  const [container, key] = all[m.at % all.length]!
  if (m.kind === "replace") (container as Record<string, Json>)[key] = m.value
  else if (m.kind === "delete") {
    if (Array.isArray(container)) container.splice(key as number, 1)
    else delete container[key as string]
  } else if (!Array.isArray(container)) container.unexpectedField = m.value
  else (container[key as number] as Json) = m.value
  return copy
}

/** Same value: same JSON text (key order included; decimals render as their wire text). */
const same = (a: unknown, b: unknown) => expect(JSON.stringify(a)).toBe(JSON.stringify(b))

const cases = [
  {
    name: "requests",
    envelopes: requestEnvelopes,
    union: Request,
    options: strictOptions,
    decode: fastDecodeRequest,
    encode: fastEncodeRequest
  },
  {
    name: "replies",
    envelopes: replyEnvelopes,
    union: Reply,
    options: tolerantOptions,
    decode: fastDecodeReply,
    encode: fastEncodeReply
  }
] as const

describe.each(cases)("fast path vs Schema: $name", ({ envelopes, union, options, decode, encode }) => {
  const fullDecode = Schema.decodeUnknownEither(union as Schema.Schema<unknown, unknown>, options)
  const fullEncode = Schema.encodeEither(union as Schema.Schema<unknown, unknown>, options)

  it.each(operations)("%s: valid messages take the fast path, with the Schema's value", (operation) => {
    const schema = envelopes[operation] as unknown as Schema.Schema<unknown, unknown>
    fc.assert(
      fc.property(Arbitrary.make(schema), (message) => {
        const json = JSON.parse(JSON.stringify(Either.getOrThrow(fullEncode(message))))
        const encoded = encode(message as never)
        expect(encoded).not.toBe(Fallback)
        same(encoded, json)
        const decoded = decode(json)
        expect(decoded).not.toBe(Fallback)
        same(decoded, Either.getOrThrow(fullDecode(json)))
      }),
      { numRuns: 25 }
    )
  })

  it.each(operations)("%s: a broken message is left to the Schema, or decodes exactly as it does", (operation) => {
    const schema = envelopes[operation] as unknown as Schema.Schema<unknown, unknown>
    fc.assert(
      fc.property(Arbitrary.make(schema), mutation, (message, m) => {
        const json = mutate(JSON.parse(JSON.stringify(Either.getOrThrow(fullEncode(message)))), m)
        const fast = decode(json)
        const full = fullDecode(json)
        if (Either.isLeft(full)) expect(fast).toBe(Fallback)
        else if (fast !== Fallback) same(fast, full.right)
      }),
      { numRuns: 40 }
    )
  })
})
