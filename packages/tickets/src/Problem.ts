/**
 * Problems found in a message: a JSON path, an MTS-style validation code and a message.
 *
 * Codes follow the Transaction 3.0 "validation codes" page (reference §8.1). Codes beyond -107 are unknown, so every
 * semantic rule maps onto one of these.
 */
import { formatPath } from "@its/auth"
import { Schema } from "effect"

export const ProblemCode = {
  /** Mandatory field missing or empty. */
  MissingMandatory: -100,
  /** Mandatory field has the wrong type. */
  MandatoryWrongType: -101,
  /** Optional field has the wrong type (also used for fields Transaction 3.0 does not define). */
  OptionalWrongType: -102,
  /** Wrong numeric type, e.g. a float where an integer is expected. */
  WrongNumericType: -103,
  /** Bad date (epoch-millisecond timestamps). */
  BadDate: -104,
  /** Non-Sportradar (external) selection id has an invalid format. */
  InvalidExternalId: -105,
  /** Unrecognised channel / terminal id, or end-customer id too long. */
  InvalidChannelOrCustomer: -106,
  /** Value out of the allowed range (lengths, patterns, enums, bounds, uniqueness). */
  OutOfRange: -107
} as const

export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode]

export class Problem extends Schema.Class<Problem>("@its/tickets/Problem")({
  /** JSON path from the envelope root, e.g. `$.content.bets[0].stake[0].amount`. */
  path: Schema.String,
  code: Schema.Int,
  message: Schema.String
}) {}

/** Renders a path of property names and array indexes as `$.a.b[0]["odd key"]` (the one rule, in `@its/auth`). */
export { formatPath }

export const describeProblems = (problems: ReadonlyArray<Problem>): string =>
  problems.map((p) => `${p.path} (${p.code}): ${p.message}`).join("; ")

/**
 * What a failed Schema refinement means, for mapping decode issues onto codes (see `Issues.ts`). Refinements without
 * this annotation are range problems (-107).
 */
export const ProblemKindId: unique symbol = Symbol.for("@its/tickets/ProblemKind")

export type ProblemKind = "integer" | "date"
