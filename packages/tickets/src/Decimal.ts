/**
 * Exact decimals for the wire.
 *
 * Transaction 3.0 sends odds, amounts, rates, confidences and percentages as JSON strings in plain notation
 * (reference §4). effect's `Schema.BigDecimal` normalises them (`"1.30"` → `"1.3"`), so an untouched value would not
 * re-encode byte-for-byte. `Decimal` keeps the text it was read from next to its exact `BigDecimal` value; values
 * built from a `BigDecimal` get a canonical plain text. No decimal ever passes through a JS number.
 */
import { BigDecimal, Equal, Hash, Option, ParseResult, Schema } from "effect"

// Plain notation only: optional sign, digits, optional fraction. No exponent (§4: "plain notation"). See `plainDigits`.

export class Decimal implements Equal.Equal {
  private constructor(
    /** The exact wire text, e.g. `"1.30"`. Equality of two `Decimal`s is equality of their text. */
    readonly text: string,
    /** The exact numeric value, for comparisons and arithmetic. */
    readonly value: BigDecimal.BigDecimal
  ) {}

  /** Parses plain decimal text (`"10"`, `"1.30"`, `"-150"`, `".5"`), keeping the text as given. */
  static fromString(text: string): Option.Option<Decimal> {
    const digits = plainDigits(text)
    return digits === undefined ? Option.none() : Option.some(new Decimal(text, BigDecimal.make(digits[0], digits[1])))
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

/**
 * The unscaled digits and the scale of plain decimal text, or `undefined` when it is not plain notation. Hand-written
 * (no RegExp, no string building): every decimal of every message passes here. Up to 15 digits are summed as an exact
 * JS integer (below 2^53), longer values go through `BigInt` of the text.
 */
const plainDigits = (text: string): readonly [bigint, number] | undefined => {
  const n = text.length
  let i = 0
  let negative = false
  const first = text.charCodeAt(0)
  if (first === 43 /* + */ || first === 45 /* - */) {
    negative = first === 45
    i = 1
  }
  let count = 0
  let scale = -1
  let small = 0
  for (let j = i; j < n; j++) {
    const c = text.charCodeAt(j)
    if (c === 46 /* . */) {
      if (scale !== -1) return undefined
      scale = 0
    } else if (c >= 48 && c <= 57) {
      small = small * 10 + (c - 48)
      count++
      if (scale !== -1) scale++
    } else return undefined
  }
  if (count === 0) return undefined
  if (scale === -1) scale = 0
  if (count <= 15) return [BigInt(negative ? -small : small), scale]
  const all = scale === 0 ? text.slice(i) : text.slice(i).replace(".", "")
  return [negative ? -BigInt(all) : BigInt(all), scale]
}

const powersOf10 = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i))
const pow10 = (n: number): bigint => powersOf10[n] ?? 10n ** BigInt(n)

/**
 * Exact order of two `BigDecimal`s (-1, 0, 1), like `BigDecimal.Order` without its `10n ** n` per call: the
 * validation rules compare every decimal of every message.
 */
export const compareDecimals = (a: BigDecimal.BigDecimal, b: BigDecimal.BigDecimal): -1 | 0 | 1 => {
  let x = a.value
  let y = b.value
  if (a.scale > b.scale) y *= pow10(a.scale - b.scale)
  else if (a.scale < b.scale) x *= pow10(b.scale - a.scale)
  return x < y ? -1 : x > y ? 1 : 0
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
  // No closure per call: this runs for every decimal of every message.
  decode: (text, _, ast) => {
    const parsed = Decimal.fromString(text)
    return Option.isSome(parsed)
      ? ParseResult.succeed(parsed.value)
      : ParseResult.fail(
          new ParseResult.Type(ast, text, `Expected a plain decimal string, actual ${JSON.stringify(text)}`)
        )
  },
  encode: (d) => ParseResult.succeed(d.text)
}).annotations({ identifier: "DecimalString" })
