/**
 * Exact decimals for the wire.
 *
 * Transaction 3.0 sends odds, amounts, rates, confidences and percentages as JSON strings in plain notation
 * (reference §4). effect's `Schema.BigDecimal` normalises them (`"1.30"` → `"1.3"`), so an untouched value would not
 * re-encode byte-for-byte. `Decimal` keeps the text it was read from next to its exact `BigDecimal` value; values
 * built from a `BigDecimal` get a canonical plain text. No decimal ever passes through a JS number.
 */
import { BigDecimal, Equal, Hash, Option, ParseResult, Schema } from "effect"

// Plain notation only: optional sign, digits, optional fraction. No exponent (§4: "plain notation").
const plainDecimal = /^([+-]?)(\d*)(?:\.(\d*))?$/

export class Decimal implements Equal.Equal {
  private constructor(
    /** The exact wire text, e.g. `"1.30"`. Equality of two `Decimal`s is equality of their text. */
    readonly text: string,
    /** The exact numeric value, for comparisons and arithmetic. */
    readonly value: BigDecimal.BigDecimal
  ) {}

  /** Parses plain decimal text (`"10"`, `"1.30"`, `"-150"`, `".5"`), keeping the text as given. */
  static fromString(text: string): Option.Option<Decimal> {
    const match = plainDecimal.exec(text)
    if (match === null) return Option.none()
    const [, sign = "", whole = "", fraction = ""] = match
    if (whole.length === 0 && fraction.length === 0) return Option.none()
    const digits = BigInt(`${sign === "-" ? "-" : ""}${whole}${fraction}` || "0")
    return Option.some(new Decimal(text, BigDecimal.make(digits, fraction.length)))
  }

  /** Like `fromString`, for literals in code; throws on text that is not a plain decimal. */
  static unsafeFromString(text: string): Decimal {
    return Option.getOrThrowWith(
      Decimal.fromString(text),
      () => new Error(`Not a plain decimal: ${JSON.stringify(text)}`)
    )
  }

  /** A decimal whose text is the plain rendering of `value` at its own scale (`make(130n, 2)` → `"1.30"`). */
  static fromBigDecimal(value: BigDecimal.BigDecimal): Decimal {
    return new Decimal(plainText(value), value)
  }

  [Equal.symbol](that: Equal.Equal): boolean {
    return that instanceof Decimal && that.text === this.text
  }

  [Hash.symbol](): number {
    return Hash.string(this.text)
  }

  toString(): string {
    return this.text
  }

  toJSON(): string {
    return this.text
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Decimal(${this.text})`
  }
}

/** `Decimal` or decimal text, as builders accept it. */
export type DecimalInput = Decimal | string

export const decimal = (input: DecimalInput): Decimal =>
  input instanceof Decimal ? input : Decimal.unsafeFromString(input)

const plainText = (value: BigDecimal.BigDecimal): string => {
  const negative = value.value < 0n
  const digits = (negative ? -value.value : value.value).toString()
  const text =
    value.scale <= 0
      ? digits + "0".repeat(-value.scale)
      : `${digits.padStart(value.scale + 1, "0").slice(0, -value.scale)}.${digits.padStart(value.scale, "0").slice(-value.scale)}`
  return negative ? `-${text}` : text
}

const DecimalSelf = Schema.declare((u: unknown): u is Decimal => u instanceof Decimal, {
  identifier: "Decimal",
  description: "an exact decimal that remembers its wire text",
  pretty: () => (d) => `Decimal(${d.text})`,
  equivalence: () => (a, b) => a.text === b.text,
  // Any sign, up to 12 integer digits and 0–8 fraction digits with trailing zeros kept (the .NET SDK writes up to
  // 8 decimals, §4), so the round-trip properties exercise scale preservation.
  arbitrary: () => (fc) =>
    fc
      .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 8 }))
      .map(([digits, scale]) => Decimal.fromBigDecimal(BigDecimal.make(digits, scale)))
})

/** Decimal text on the wire ↔ `Decimal`. A malformed string is a type error of the field it sits in. */
export const DecimalFromString: Schema.Schema<Decimal, string> = Schema.transformOrFail(Schema.String, DecimalSelf, {
  strict: true,
  decode: (text, _, ast) =>
    Option.match(Decimal.fromString(text), {
      onNone: () =>
        ParseResult.fail(
          new ParseResult.Type(ast, text, `Expected a plain decimal string, actual ${JSON.stringify(text)}`)
        ),
      onSome: ParseResult.succeed
    }),
  encode: (d) => ParseResult.succeed(d.text)
}).annotations({ identifier: "DecimalString" })
