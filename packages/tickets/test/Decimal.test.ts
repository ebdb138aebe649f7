import { describe, expect, it } from "@effect/vitest"
import { BigDecimal, Equal, FastCheck, Option, Schema } from "effect"
import { Decimal, DecimalFromString } from "../src/index.ts"

const decode = Schema.decodeUnknownSync(DecimalFromString)
const encode = Schema.encodeSync(DecimalFromString)

describe("Decimal", () => {
  it("keeps the wire text and the exact value", () => {
    const odds = decode("1.30")
    expect(odds.text).toBe("1.30")
    expect(BigDecimal.equals(odds.value, BigDecimal.unsafeFromString("1.3"))).toBe(true)
    expect(encode(odds)).toBe("1.30")
  })

  it("accepts every plain decimal form", () => {
    for (const text of ["10", "10.0", "0.00000001", "-150", "+2", ".5", "7.", "00.10"]) {
      expect(Option.map(Decimal.fromString(text), (d) => d.text)).toEqual(Option.some(text))
    }
  })

  it("rejects exponents and anything that is not a plain decimal", () => {
    for (const text of ["", ".", "-", "1e3", "1E-2", "1,5", " 1", "1 ", "0x10", "NaN", "Infinity", "1.2.3"]) {
      expect(Decimal.fromString(text)).toEqual(Option.none())
    }
    expect(() => decode("1e3")).toThrow(/Expected a plain decimal string/)
  })

  it("renders a BigDecimal at its own scale", () => {
    expect(Decimal.fromBigDecimal(BigDecimal.make(130n, 2)).text).toBe("1.30")
    expect(Decimal.fromBigDecimal(BigDecimal.make(-5n, 3)).text).toBe("-0.005")
    expect(Decimal.fromBigDecimal(BigDecimal.make(5n, -2)).text).toBe("500")
    expect(Decimal.fromBigDecimal(BigDecimal.make(0n, 0)).text).toBe("0")
  })

  it("is equal to another Decimal with the same text only; compare values numerically", () => {
    const a = Decimal.unsafeFromString("1.30")
    expect(Equal.equals(a, Decimal.unsafeFromString("1.30"))).toBe(true)
    expect(Equal.equals(a, Decimal.unsafeFromString("1.3"))).toBe(false)
    expect(BigDecimal.equals(a.value, Decimal.unsafeFromString("1.3").value)).toBe(true)
  })

  it.prop(
    "any plain decimal text re-encodes byte-for-byte, with the value BigDecimal reads",
    [FastCheck.stringMatching(/^-?\d{1,20}(\.\d{1,12})?$/)],
    ([text]) => {
      const decimal = decode(text)
      expect(encode(decimal)).toBe(text)
      expect(BigDecimal.equals(decimal.value, BigDecimal.unsafeFromString(text))).toBe(true)
    },
    { fastCheck: { seed: 20261128 } }
  )
})
