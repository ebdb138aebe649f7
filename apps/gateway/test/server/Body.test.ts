/**
 * The gateway's own body reading (issue 14): nesting bounded before Schema decoding, UTF-8 enforced, JSON-only media
 * types, and the size counted while reading (chunked or not).
 */
import { PassThrough } from "node:stream"
import type { IncomingMessage } from "node:http"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import fc from "fast-check"
import { decodeUtf8, mediaTypeRefusal, parseJson, readLimited, tooDeepAt } from "../../src/server/Body.ts"

const nested = (depth: number) => `${'{"a":['.repeat(depth)}1${"]}".repeat(depth)}`

describe("tooDeepAt / parseJson", () => {
  it("names the path of the first value past the limit", () => {
    expect(tooDeepAt(JSON.parse(nested(2)), 32)).toBeUndefined()
    // Depths: the object 1, `a` 2, its element 3, `b` 4.
    expect(tooDeepAt({ a: [{ b: [] }] }, 4)).toBeUndefined()
    expect(tooDeepAt({ a: [{ b: [] }] }, 3)).toEqual(["a", 0, "b"])
    expect(tooDeepAt({ a: [{ b: [] }] }, 2)).toEqual(["a", 0])
  })

  it.effect("a 1 500-level body is a 400 naming the path, never a stack overflow", () =>
    Effect.gen(function* () {
      const result = yield* Effect.either(parseJson(nested(1_500), 32))
      expect(Either.isLeft(result)).toBe(true)
      if (Either.isLeft(result)) {
        expect(result.left.problem.status).toBe(400)
        expect(result.left.problem.errors?.[0]?.path).toMatch(/^\$\.a\[0\]\.a\[0\]/)
      }
      const deep = yield* Effect.either(parseJson(`${"[".repeat(200_000)}${"]".repeat(200_000)}`, 32))
      expect(Either.isLeft(deep)).toBe(true)
    })
  )

  it.effect("anything up to the limit parses to what JSON.parse gives", () =>
    Effect.sync(() =>
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 10 }), (value) => {
          const text = JSON.stringify(value)
          const parsed = Effect.runSync(Effect.either(parseJson(text, 32)))
          expect(parsed).toEqual(Either.right(text === "" ? null : JSON.parse(text)))
        })
      )
    )
  )
})

describe("decodeUtf8", () => {
  it.effect("refuses invalid UTF-8 instead of replacing it", () =>
    Effect.gen(function* () {
      expect(yield* decodeUtf8(Buffer.from("é€", "utf8"))).toBe("é€")
      const bad = yield* Effect.either(decodeUtf8(Buffer.from([0x22, 0xc3, 0x28, 0x22])))
      expect(Either.isLeft(bad) && bad.left.problem.detail).toContain("UTF-8")
    })
  )
})

describe("mediaTypeRefusal", () => {
  it("JSON (any case, utf-8 charset) or no Content-Type passes; anything else with a body method is 415", () => {
    const ok = ["application/json", "Application/JSON; charset=UTF-8", 'application/json;charset="utf-8"']
    for (const type of ok) expect(mediaTypeRefusal("POST", { "content-type": type })).toBeUndefined()
    expect(mediaTypeRefusal("POST", {})).toBeUndefined()
    for (const type of [
      "multipart/form-data; boundary=x",
      "application/x-www-form-urlencoded",
      "text/plain",
      "application/json; charset=latin1",
      "application/jsonx"
    ])
      expect(mediaTypeRefusal("POST", { "content-type": type })?.status).toBe(415)
    expect(mediaTypeRefusal("GET", { "content-type": "text/plain" })).toBeUndefined()
  })
})

describe("readLimited", () => {
  const limits = { maxBytes: 10, maxDepth: 32, drainBytes: 100 }
  const stream = () => new PassThrough() as unknown as IncomingMessage & PassThrough

  it.effect("reads a body under the limit", () =>
    Effect.gen(function* () {
      const source = stream()
      source.end(Buffer.from("0123456789"))
      expect((yield* readLimited(source, limits)).toString()).toBe("0123456789")
    })
  )

  it.effect("over the limit: drains to the end and fails with 413 (the connection can stay open)", () =>
    Effect.gen(function* () {
      const source = stream()
      for (const part of ["01234", "56789", "ab"]) source.write(part)
      source.end()
      const result = yield* Effect.either(readLimited(source, limits))
      expect(Either.isLeft(result) && [result.left.problem.status, result.left.close]).toEqual([413, false])
      expect(source.readableEnded).toBe(true)
    })
  )

  it.effect("far over the limit: 413 and the connection is to be closed", () =>
    Effect.gen(function* () {
      const source = stream()
      const fiber = yield* Effect.fork(Effect.either(readLimited(source, limits)))
      source.write("x".repeat(101))
      const result = yield* fiber.await.pipe(Effect.flatten)
      expect(Either.isLeft(result) && [result.left.problem.status, result.left.close]).toEqual([413, true])
    })
  )
})
