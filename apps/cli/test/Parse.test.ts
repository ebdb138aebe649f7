import { describe, expect, it } from "@effect/vitest"
import { Either, Option } from "effect"
import { parseFilterOptions, parseSortOptions } from "../src/handlers/accounts.ts"
import { parseGatewayUrl } from "../src/Gateway.ts"
import { cell, parseIdList, parseRange, parseSubBookmaker, plain } from "../src/Parse.ts"

describe("command-line parsers", () => {
  it("id lists: trimmed, deduplicated, empty parts dropped", () => {
    expect(parseIdList(" a, b,,a ,c")).toEqual(Either.right(["a", "b", "c"]))
    expect(Either.isLeft(parseIdList(" , "))).toBe(true)
  })

  it("ranges LO..HI", () => {
    expect(parseRange("0.9..1")).toEqual(Either.right({ lower: 0.9, higher: 1 }))
    expect(parseRange(" 2 .. 10.5 ")).toEqual(Either.right({ lower: 2, higher: 10.5 }))
    expect(Either.isLeft(parseRange("1..0.5"))).toBe(true)
    expect(Either.isLeft(parseRange("0.5-1"))).toBe(true)
    expect(Either.isLeft(parseRange("a..b"))).toBe(true)
  })

  it("sub-bookmakers: * or an id", () => {
    expect(parseSubBookmaker("*")).toEqual(Either.right("*"))
    expect(parseSubBookmaker("12")).toEqual(Either.right(12))
    expect(Either.isLeft(parseSubBookmaker("-1"))).toBe(true)
    expect(Either.isLeft(parseSubBookmaker("x"))).toBe(true)
  })

  it("account filters and sorts (repeatable, + joins terms)", () => {
    const filters = parseFilterOptions(["botScore:gte:0.5+accountType:in:C,S", "lbs:lt:0.9"])
    expect(Either.map(filters, (f) => f.length)).toEqual(Either.right(3))
    expect(Either.isLeft(parseFilterOptions(["botScore:almost:1"]))).toBe(true)
    expect(Either.map(parseSortOptions(["botScore:desc"]), (s) => s.length)).toEqual(Either.right(1))
    expect(Either.isLeft(parseSortOptions(["botScore:sideways"]))).toBe(true)
  })

  it("plain JSON: decimals as their wire text, options unwrapped", () => {
    expect(plain({ a: { text: "0.90", value: 0.9 }, b: Option.some(1), c: Option.none(), d: [1n] })).toEqual({
      a: "0.90",
      b: 1,
      c: null,
      d: ["1"]
    })
    expect(cell(undefined)).toBe("-")
    expect(cell({ x: 1 })).toBe('{"x":1}')
  })
})

describe("--via-gateway URL", () => {
  it("accepts http(s) base URLs, refuses others", () => {
    expect(parseGatewayUrl("http://127.0.0.1:8080/")).toEqual(Option.some("http://127.0.0.1:8080"))
    expect(parseGatewayUrl("https://gw.example/its")).toEqual(Option.some("https://gw.example/its"))
    expect(Option.isNone(parseGatewayUrl("ftp://x"))).toBe(true)
    expect(Option.isNone(parseGatewayUrl("not a url"))).toBe(true)
    expect(Option.isNone(parseGatewayUrl("http://x/?a=1"))).toBe(true)
  })
})
