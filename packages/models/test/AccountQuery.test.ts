/**
 * The Account API filter and sort DSL (its-api.md §4.7): typed construction, encoding, parsing and rejections.
 */
import { describe, expect, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import {
  AccountListParams,
  encodeFilters,
  encodeSorts,
  filter,
  FiltersFromString,
  parseFilter,
  parseFilters,
  parseSort,
  parseSorts,
  SortsFromString,
  sort
} from "../src/index.ts"

const problem = <A>(result: Either.Either<A, { readonly message: string }>) =>
  Either.match(result, { onLeft: (e) => e.message, onRight: () => "(accepted)" })

describe("filters", () => {
  it("encodes the documented example", () => {
    const filters = Either.getOrThrow(
      Either.all([
        filter.gte("botScore", 0.5),
        filter.in("accountType", ["C", "S"]),
        filter.startsWith("accountId", "John")
      ])
    )
    expect(encodeFilters(filters)).toBe("botScore:gte:0.5+accountType:in:C,S+accountId:starts_with:John")
  })

  it("parses the documented example back to the same terms", () => {
    const text = "botScore:gte:0.5+accountType:in:C,S+accountId:starts_with:John"
    const parsed = Either.getOrThrow(parseFilters(text))
    expect(parsed).toStrictEqual([
      { attribute: "botScore", operator: "gte", value: 0.5 },
      { attribute: "accountType", operator: "in", value: ["C", "S"] },
      { attribute: "accountId", operator: "starts_with", value: "John" }
    ])
    expect(encodeFilters(parsed)).toBe(text)
    expect(Schema.decodeSync(FiltersFromString)(text)).toStrictEqual(parsed)
  })

  it("writes every operator and value kind", () => {
    const terms = Either.getOrThrow(
      Either.all([
        filter.eq("sccf", 1),
        filter.neq("ccf", 0.61),
        filter.gt("lbs", 0.9),
        filter.lt("markerScore", 0.000001),
        filter.lte("lastModified", 1_700_000_000_000),
        filter.nin("lastModified", [1, 2]),
        filter.like("sourceId", "abc"),
        filter.eq("accountType", "T"),
        filter.in("botScore", [0.1, 0.25])
      ])
    )
    expect(encodeFilters(terms)).toBe(
      [
        "sccf:eq:1",
        "ccf:neq:0.61",
        "lbs:gt:0.9",
        "markerScore:lt:0.000001",
        "lastModified:lte:1700000000000",
        "lastModified:nin:1,2",
        "sourceId:like:abc",
        "accountType:eq:T",
        "botScore:in:0.1,0.25"
      ].join("+")
    )
  })

  it("refuses like values over 3 characters at construction time", () => {
    expect(problem(filter.like("accountId", "Joh"))).toBe("(accepted)")
    expect(problem(filter.like("accountId", "John"))).toBe(
      'like values are at most 3 characters, "John" has 4 (its-api.md §4.7)'
    )
    expect(problem(parseFilter("accountId:like:John"))).toContain("at most 3 characters")
  })

  it("refuses values that cannot be written or are out of kind", () => {
    expect(problem(filter.gte("botScore", Number.NaN))).toContain("botScore takes a non-negative decimal")
    expect(problem(filter.gte("botScore", -1))).toContain("botScore takes a non-negative decimal")
    expect(problem(filter.gt("lastModified", 1.5))).toContain("lastModified takes an epoch time")
    expect(problem(filter.eq("accountId", "a+b"))).toContain('cannot contain "+"')
    expect(problem(filter.in("sourceId", ["a,b"]))).toContain('cannot contain ","')
    expect(problem(filter.eq("sourceId", ""))).toContain("non-empty")
  })

  it("parse errors name the problem", () => {
    expect(problem(parseFilter("foo:gte:1"))).toBe(
      'unknown attribute "foo" (known: sourceId, accountId, accountType, sccf, ccf, lbs, markerScore, botScore, lastModified)'
    )
    expect(problem(parseFilter("botScore:between:1"))).toContain('unknown operator "between"')
    expect(problem(parseFilter("botScore:like:1"))).toBe(
      'operator "like" does not apply to botScore (allowed: eq, neq, gt, lt, gte, lte, in, nin)'
    )
    expect(problem(parseFilter("accountId:gt:a"))).toContain('operator "gt" does not apply to accountId')
    expect(problem(parseFilter("botScore:gte:high"))).toBe('botScore takes a decimal such as 0.5, got "high"')
    expect(problem(parseFilter("botScore:gte:1e-3"))).toContain("takes a decimal")
    expect(problem(parseFilter("accountType:eq:X"))).toBe('accountType takes T, S or C, got "X"')
    expect(problem(parseFilter("botScore"))).toBe('"botScore" is not of the form attribute:operator:value')
    expect(problem(parseFilters("botScore:gte:0.5+nope"))).toContain('"nope" is not of the form')
    const error = Either.flip(parseFilter("foo:eq:1"))
    expect(Either.map(error, (e) => [e._tag, e.input])).toStrictEqual(Either.right(["AccountQueryError", "foo:eq:1"]))
  })

  it("keeps colons inside values", () => {
    expect(Either.getOrThrow(parseFilter("accountId:eq:a:b"))).toStrictEqual({
      attribute: "accountId",
      operator: "eq",
      value: "a:b"
    })
  })
})

describe("sort", () => {
  it("encodes and parses the documented example", () => {
    expect(encodeSorts([sort.desc("botScore"), sort.asc("sccf")])).toBe("botScore:desc+sccf:asc")
    expect(Either.getOrThrow(parseSorts("botScore:desc+sccf:asc"))).toStrictEqual([
      { attribute: "botScore", direction: "desc" },
      { attribute: "sccf", direction: "asc" }
    ])
    expect(Schema.decodeSync(SortsFromString)("lastModified:asc")).toStrictEqual([sort.asc("lastModified")])
  })

  it("parse errors name the problem", () => {
    expect(problem(parseSort("foo:asc"))).toContain('unknown attribute "foo"')
    expect(problem(parseSort("sccf:up"))).toBe('unknown sort direction "up" (known: asc, desc)')
    expect(problem(parseSort("sccf"))).toBe('"sccf" is not of the form attribute:asc|desc')
  })
})

describe("query parameters", () => {
  it("encode the typed query to the documented strings", () => {
    const filters = Either.getOrThrow(Either.all([filter.gte("botScore", 0.5)]))
    const encoded = Schema.encodeSync(AccountListParams)({
      limit: 10_000,
      offset: 200,
      sort: [sort.desc("botScore")],
      filters
    })
    expect(encoded).toStrictEqual({ limit: "10000", offset: "200", sort: "botScore:desc", filters: "botScore:gte:0.5" })
  })

  it("refuse limits outside 1–10000 and malformed DSL strings", () => {
    const decode = Schema.decodeUnknownEither(AccountListParams)
    expect(Either.isRight(decode({ limit: "1" }))).toBe(true)
    expect(Either.isLeft(decode({ limit: "0" }))).toBe(true)
    expect(Either.isLeft(decode({ limit: "10001" }))).toBe(true)
    expect(Either.isLeft(decode({ offset: "-1" }))).toBe(true)
    expect(Either.isLeft(decode({ filters: "botScore:gte:0.5+" }))).toBe(true)
    expect(Either.isLeft(decode({ sort: "botScore" }))).toBe(true)
  })
})
