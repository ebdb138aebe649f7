/**
 * Decimal values that travel as strings. The key-value score APIs send every score as a string ("0.93", "1.00",
 * §4.1) and say to treat them as decimals. `WireDecimal` keeps the exact wire text next to its number, so a value
 * that was decoded and not changed encodes back to the very same string ("1.00" stays "1.00").
 */
import { ParseResult, Schema } from "effect"

/** The format of a score string without a documented pattern: digits, optional fraction; no sign or exponent. */
export const PlainDecimalPattern = /^\d+(\.\d+)?$/

export class WireDecimal extends Schema.Class<WireDecimal>("WireDecimal")({
  /** Exactly as sent on the wire. */
  text: Schema.String,
  /** `Number(text)`. */
  value: Schema.Number
}) {
  /** A decimal with a fixed number of decimals, e.g. `WireDecimal.fromNumber(0.9, 2)` is "0.90". */
  static fromNumber(value: number, decimals = 2): WireDecimal {
    const text = value.toFixed(decimals)
    return new WireDecimal({ text, value: Number(text) })
  }

  override toString(): string {
    return this.text
  }
}

/** What a decimal string must satisfy: its field name (for messages), range and format. */
export interface DecimalSpec {
  /** The wire field name, used in error messages. */
  readonly field: string
  readonly min: number
  readonly max: number
  /** Defaults to `PlainDecimalPattern`. */
  readonly pattern?: RegExp
  /** Where the range is documented, e.g. "its-api.md §4.2". */
  readonly reference: string
}

const describeRange = (spec: DecimalSpec) => `${spec.min}–${spec.max === Infinity ? "∞" : spec.max}`

/** `undefined` when `text` is acceptable, otherwise the problem, naming the field. */
const checkDecimalText = (spec: DecimalSpec, text: string): string | undefined => {
  // The range is checked first so that "1.5" for LBS reads as out of range rather than as a format mismatch.
  if (PlainDecimalPattern.test(text)) {
    const value = Number(text)
    if (value < spec.min || value > spec.max) {
      return `${spec.field}: ${text} is outside the documented range ${describeRange(spec)} (${spec.reference})`
    }
  }
  const pattern = spec.pattern ?? PlainDecimalPattern
  return pattern.test(text)
    ? undefined
    : `${spec.field}: "${text}" does not match the documented format ${pattern.source} (${spec.reference})`
}

/** Renders `k / 10^decimals` exactly, e.g. (50, 2) → "0.50". */
const scaledText = (k: number, decimals: number): string => {
  if (decimals === 0) return String(k)
  const digits = String(k).padStart(decimals + 1, "0")
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`
}

// Property tests draw values with 0–4 decimals inside the range; unbounded ranges are capped for generation.
const arbitraryCap = 1_000_000
const maxArbitraryDecimals = 4

/**
 * A decimal string decoded to a `WireDecimal`, with the documented range and format checked. A value outside the
 * range is a decode error whose message names the field, e.g. `lbs: 1.5 is outside the documented range 0–1`.
 * Encoding returns the original text (after checking it still matches the number and the range).
 */
export const decimalString = (spec: DecimalSpec): Schema.Schema<WireDecimal, string> =>
  Schema.transformOrFail(
    Schema.String.annotations({
      description: `${spec.field}: decimal string in ${describeRange(spec)} (${spec.reference})`,
      jsonSchema: { pattern: (spec.pattern ?? PlainDecimalPattern).source }
    }),
    Schema.typeSchema(WireDecimal),
    {
      strict: true,
      decode: (text, _, ast) => {
        const problem = checkDecimalText(spec, text)
        return problem === undefined
          ? ParseResult.succeed(new WireDecimal({ text, value: Number(text) }))
          : ParseResult.fail(new ParseResult.Type(ast, text, problem))
      },
      encode: (decimal, _, ast) => {
        const problem =
          checkDecimalText(spec, decimal.text) ??
          (Number(decimal.text) === decimal.value
            ? undefined
            : `${spec.field}: text "${decimal.text}" does not represent the value ${decimal.value}`)
        return problem === undefined
          ? ParseResult.succeed(decimal.text)
          : ParseResult.fail(new ParseResult.Type(ast, decimal, problem))
      }
    }
  ).annotations({
    arbitrary: () => (fc) =>
      fc
        .integer({ min: 0, max: maxArbitraryDecimals })
        .chain((decimals) => {
          const scale = 10 ** decimals
          return fc
            .integer({
              min: Math.ceil(spec.min * scale),
              max: Math.floor(Math.min(spec.max, arbitraryCap) * scale)
            })
            .map((k) => scaledText(k, decimals))
        })
        .filter((text) => checkDecimalText(spec, text) === undefined)
        .map((text) => new WireDecimal({ text, value: Number(text) }))
  })

/**
 * Writes a finite number as a plain decimal (no exponent), e.g. 1e-7 → "0.0000001". `Number()` of the result
 * is the same number, because the digits are those of the shortest round-tripping representation.
 */
export const toPlainDecimal = (n: number): string => {
  const shortest = String(n)
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(shortest)
  if (match === null) return shortest
  const [, sign = "", head = "", tail = "", exponentText = "0"] = match
  const exponent = Number(exponentText)
  const digits = head + tail
  return exponent < 0
    ? `${sign}0.${"0".repeat(-exponent - 1)}${digits}`
    : `${sign}${digits}${"0".repeat(exponent - tail.length)}`
}

/**
 * A decimal number sent as a plain decimal string (query parameters such as `lower`/`higher`), range-checked
 * on decode. Unlike `decimalString` it keeps only the number: these are values we write, not values we echo.
 */
export const decimalNumberFromString = (spec: DecimalSpec): Schema.Schema<number, string> =>
  Schema.transformOrFail(
    Schema.String.annotations({
      description: `${spec.field}: decimal in ${describeRange(spec)} (${spec.reference})`,
      jsonSchema: { pattern: (spec.pattern ?? PlainDecimalPattern).source }
    }),
    Schema.Number.pipe(Schema.between(spec.min, spec.max)),
    {
      strict: true,
      decode: (text, _, ast) => {
        const problem = checkDecimalText(spec, text)
        return problem === undefined
          ? ParseResult.succeed(Number(text))
          : ParseResult.fail(new ParseResult.Type(ast, text, problem))
      },
      encode: (n) => ParseResult.succeed(toPlainDecimal(n))
    }
  )

/**
 * A score sent as a JSON number (the Account API, §4.7), range-checked with a message naming the field.
 */
export const scoreNumber = (spec: DecimalSpec): Schema.Schema<number> =>
  Schema.Number.pipe(
    Schema.between(spec.min, spec.max, {
      message: (issue) =>
        `${spec.field}: ${String(issue.actual)} is outside the documented range ${describeRange(spec)} (${spec.reference})`
    })
  ).annotations({ description: `${spec.field}: ${describeRange(spec)} (${spec.reference})` })
