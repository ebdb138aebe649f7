/**
 * Scalar field schemas shared by every message. Range limits are not here: they are configurable and checked by the
 * semantic rules (`Limits.ts`, `Validation.ts`).
 */
import { Schema } from "effect"
import { ProblemKindId } from "./Problem.ts"

/** An integer JSON number (`operatorId`, `limitId`, `code`, system sizes, LTD seconds). A float is code -103. */
export const Integer = Schema.Int.annotations({ identifier: "Integer", [ProblemKindId]: "integer" })

/** Unix epoch milliseconds as an integer JSON number (`timestampUtc`, `expSettleTime`). A bad value is code -104. */
export const EpochMillis = Schema.Int.annotations({ identifier: "EpochMillis", [ProblemKindId]: "date" })

/** Geo coordinates are JSON numbers, not decimal strings (reference §5.6). */
export const Coordinate = Schema.Finite.annotations({ identifier: "Coordinate" })

/** `version` is the JSON string `"3.0"`, never a number (reference §2.1). */
export const Version = Schema.Literal("3.0")

/** Optional field that is either present with a value or absent (never `undefined` or `null` on the wire, §4). */
export const optional = <S extends Schema.Schema.Any>(schema: S) => Schema.optionalWith(schema, { exact: true })

export const AcceptanceStatus = Schema.Literal("accepted", "rejected")
export type AcceptanceStatus = typeof AcceptanceStatus.Type
