/**
 * Score strings: range checks at their boundaries, error messages naming the field, exact re-encoding.
 */
import { describe, expect, it } from "@effect/vitest"
import { Either, ParseResult, Schema } from "effect"
import {
  AccountItem,
  BotScore,
  CcfScore,
  LbsResponse,
  LbsScore,
  LtdResponse,
  MarkerScore,
  RiskScore,
  SccfScore,
  toPlainDecimal,
  WireDecimal
} from "../src/index.ts"

const decode =
  <A>(schema: Schema.Schema<A, string>) =>
  (text: string) =>
    Either.mapLeft(Schema.decodeEither(schema)(text), (e) => ParseResult.TreeFormatter.formatErrorSync(e))

const accepts = <A>(schema: Schema.Schema<A, string>, texts: ReadonlyArray<string>) => {
  for (const text of texts) expect(Either.isRight(decode(schema)(text)), `${text} should decode`).toBe(true)
}
const rejects = <A>(schema: Schema.Schema<A, string>, texts: ReadonlyArray<string>, mention: string) => {
  for (const text of texts) {
    const result = decode(schema)(text)
    expect(Either.isLeft(result), `${text} should not decode`).toBe(true)
    if (Either.isLeft(result)) expect(result.left).toContain(mention)
  }
}

describe("score ranges", () => {
  it("LBS: 0–1 with the documented pattern (at most 3 decimals)", () => {
    accepts(LbsScore, ["0", "0.0", "0.5", "0.999", "1", "1.0", "1.000"])
    rejects(LbsScore, ["1.001", "1.5", "2"], "lbs:")
    rejects(LbsScore, ["0.1234", "-0.1", ".5", "0.", "1e-1", " 0.5", ""], "lbs:")
  })

  it("Bot: 0.01–1.00", () => {
    accepts(BotScore, ["0.01", "0.010", "1", "1.00"])
    rejects(BotScore, ["0.00", "0.009", "1.01"], "bscore: ")
  })

  it("Marker: 0.01–1.00", () => {
    accepts(MarkerScore, ["0.01", "1.00"])
    rejects(MarkerScore, ["0", "0.0099", "1.0001"], "mscore: ")
  })

  it("sCCF decodes the union of the conflicting ranges, 0–100", () => {
    accepts(SccfScore, ["0", "0.00", "10.00", "10.01", "100", "100.00"])
    rejects(SccfScore, ["100.01", "-1"], "sCcf: ")
  })

  it("CCF: 0.00–10.00", () => {
    accepts(CcfScore, ["0.00", "0.01", "1.00", "10", "10.00"])
    rejects(CcfScore, ["10.01", "11"], "ccf: ")
  })

  it("names the field and the range in the message", () => {
    expect(Either.flip(decode(LbsScore)("1.5"))).toStrictEqual(
      Either.right(expect.stringContaining("lbs: 1.5 is outside the documented range 0–1 (its-api.md §4.2)"))
    )
    expect(Either.flip(decode(LbsScore)("0.1234"))).toStrictEqual(
      Either.right(expect.stringContaining('lbs: "0.1234" does not match the documented format'))
    )
  })

  it("points at the offending item inside a response", () => {
    const response = {
      responseStatus: "SUCCESSFUL",
      responseMessage: "ok",
      requestId: "r1",
      queryExecutionTime: 3,
      responseItem: {
        customers: [{ C: { id: "a", srcId: "s", lbs: "0.5" } }, { C: { id: "b", srcId: "s", lbs: "7" } }]
      }
    }
    const error = Schema.decodeUnknownEither(LbsResponse)(response)
    expect(Either.isLeft(error)).toBe(true)
    if (Either.isLeft(error)) {
      const [issue] = ParseResult.ArrayFormatter.formatErrorSync(error.left)
      expect(issue?.path).toStrictEqual(["responseItem", "customers", 1, "C", "lbs"])
      expect(issue?.message).toContain("lbs: 7 is outside")
    }
  })

  it("checks Account API numbers, RG risk scores and LTD seconds too", () => {
    const account = { accountId: "a", accountType: "C", bookmakerId: 1, sourceId: "s" }
    expect(Either.isRight(Schema.decodeUnknownEither(AccountItem)({ ...account, botScore: 0.01 }))).toBe(true)
    const badBot = Schema.decodeUnknownEither(AccountItem)({ ...account, botScore: 0 })
    expect(Either.isLeft(badBot) && ParseResult.TreeFormatter.formatErrorSync(badBot.left)).toContain(
      "botScore: 0 is outside the documented range 0.01–1"
    )
    expect(Schema.decodeUnknownSync(RiskScore)(1)).toBe(1)
    expect(Schema.decodeUnknownSync(RiskScore)(100)).toBe(100)
    expect(Either.isLeft(Schema.decodeUnknownEither(RiskScore)(0))).toBe(true)
    expect(Either.isLeft(Schema.decodeUnknownEither(RiskScore)(101))).toBe(true)
    const ltd = { ltdModelSuggestion: "Skip", ltdSuggestion: "0", ltdSuggestionEdl: "2.5", ticketId: "t" }
    expect(Schema.decodeUnknownSync(LtdResponse)(ltd).ltdSuggestionEdl.value).toBe(2.5)
    expect(Either.isLeft(Schema.decodeUnknownEither(LtdResponse)({ ...ltd, ltdSuggestion: "-1" }))).toBe(true)
    expect(Either.isLeft(Schema.decodeUnknownEither(LtdResponse)({ ...ltd, ltdModelSuggestion: "None" }))).toBe(true)
  })
})

describe("WireDecimal", () => {
  it("re-encodes untouched values to the same string", () => {
    for (const text of ["1.000", "0.50", "0", "1"]) {
      expect(Schema.encodeSync(LbsScore)(Schema.decodeSync(LbsScore)(text))).toBe(text)
    }
  })

  it("fromNumber fixes the decimals", () => {
    expect(WireDecimal.fromNumber(0.9)).toStrictEqual(new WireDecimal({ text: "0.90", value: 0.9 }))
    expect(String(WireDecimal.fromNumber(1, 3))).toBe("1.000")
    expect(Schema.encodeSync(CcfScore)(WireDecimal.fromNumber(1))).toBe("1.00")
  })

  it("refuses to encode a value whose text does not match its number, or out of range", () => {
    expect(Either.isLeft(Schema.encodeEither(LbsScore)(new WireDecimal({ text: "0.5", value: 0.6 })))).toBe(true)
    expect(Either.isLeft(Schema.encodeEither(LbsScore)(WireDecimal.fromNumber(1.5)))).toBe(true)
  })

  it("toPlainDecimal never writes an exponent and round-trips", () => {
    for (const n of [0, 0.5, 1e-7, 1.5e-10, 5e-324, 1e21, 1.2345e25, 123.456]) {
      const text = toPlainDecimal(n)
      expect(text).toMatch(/^\d+(\.\d+)?$/)
      expect(Number(text)).toBe(n)
    }
    expect(toPlainDecimal(1e-7)).toBe("0.0000001")
    expect(toPlainDecimal(1e21)).toBe("1000000000000000000000")
  })
})
