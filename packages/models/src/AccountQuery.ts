/**
 * The Player Profiling (Account API) `filters` and `sort` languages (its-api.md §4.7) as typed values.
 *
 * - `filters`: `attr:op:value` terms joined by `+`, e.g. `botScore:gte:0.5+accountType:in:C,S+accountId:starts_with:John`
 * - `sort`: `attr:dir` terms joined by `+`, e.g. `botScore:desc+sccf:asc`
 *
 * Build terms with `filter.*` / `sort.*` (typed: unknown attributes and operators do not compile; values are checked
 * when built) or parse CLI strings with `parseFilter(s)` / `parseSort(s)`. Both report problems as
 * `AccountQueryError` naming the problem. `FiltersFromString` / `SortsFromString` are the query-parameter Schemas.
 */
import { Either, type FastCheck, ParseResult, Schema } from "effect"
import type { NonEmptyReadonlyArray } from "effect/Array"
import { PlainDecimalPattern, toPlainDecimal } from "./Decimal.ts"
import type { EntityType } from "./Ids.ts"

export class AccountQueryError extends Schema.TaggedError<AccountQueryError>()("AccountQueryError", {
  /** The term (or whole string) that was refused. */
  input: Schema.String,
  message: Schema.String
}) {}

/** Filterable and sortable attributes (§4.7). */
export const AccountAttributes = [
  "sourceId",
  "accountId",
  "accountType",
  "sccf",
  "ccf",
  "lbs",
  "markerScore",
  "botScore",
  "lastModified"
] as const
export type AccountAttribute = (typeof AccountAttributes)[number]

/** The value an attribute takes in a filter (§4.7: string, `T`/`S`/`C`, decimal, epoch as long). */
export type ValueKind = "text" | "accountType" | "decimal" | "epoch"

export const AttributeKinds = {
  sourceId: "text",
  accountId: "text",
  accountType: "accountType",
  sccf: "decimal",
  ccf: "decimal",
  lbs: "decimal",
  markerScore: "decimal",
  botScore: "decimal",
  lastModified: "epoch"
} as const satisfies Record<AccountAttribute, ValueKind>

export const FilterOperators = ["eq", "neq", "gt", "lt", "gte", "lte", "in", "nin", "like", "starts_with"] as const
export type FilterOperator = (typeof FilterOperators)[number]

/**
 * Which operators apply to which kind of value. The docs list the operators without pairing them with attributes;
 * we refuse ordering comparisons on text and account types, and `like`/`starts_with` on numbers.
 */
export const OperatorsByKind: Readonly<Record<ValueKind, ReadonlyArray<FilterOperator>>> = {
  decimal: ["eq", "neq", "gt", "lt", "gte", "lte", "in", "nin"],
  epoch: ["eq", "neq", "gt", "lt", "gte", "lte", "in", "nin"],
  text: ["eq", "neq", "in", "nin", "like", "starts_with"],
  accountType: ["eq", "neq", "in", "nin"]
}

/** `in` / `nin` take a comma-separated set. */
const isSetOperator = (operator: FilterOperator) => operator === "in" || operator === "nin"

/** "`like` (value ≤ 3 characters)" (§4.7). */
export const MaxLikeLength = 3

const AccountTypes: ReadonlyArray<string> = ["C", "S", "T"]

const isAttribute = (s: string): s is AccountAttribute => (AccountAttributes as ReadonlyArray<string>).includes(s)
const isOperator = (s: string): s is FilterOperator => (FilterOperators as ReadonlyArray<string>).includes(s)

/** One filter term. Its invariants (operator fits the attribute, values fit the kind, …) are `checkFilter`'s. */
const FilterFields = Schema.Struct({
  attribute: Schema.Literal(...AccountAttributes),
  operator: Schema.Literal(...FilterOperators),
  value: Schema.Union(
    Schema.Number,
    Schema.String,
    Schema.NonEmptyArray(Schema.Number),
    Schema.NonEmptyArray(Schema.String)
  )
})
type FilterFields = typeof FilterFields.Type

const checkValue = (attribute: AccountAttribute, value: unknown, inSet: boolean): string | undefined => {
  switch (AttributeKinds[attribute]) {
    case "decimal":
      return typeof value === "number" && Number.isFinite(value) && value >= 0
        ? undefined
        : `${attribute} takes a non-negative decimal, got ${String(value)}`
    case "epoch":
      return typeof value === "number" && Number.isSafeInteger(value) && value >= 0
        ? undefined
        : `${attribute} takes an epoch time (a non-negative integer), got ${String(value)}`
    case "accountType":
      return typeof value === "string" && AccountTypes.includes(value)
        ? undefined
        : `${attribute} takes T, S or C, got "${String(value)}"`
    case "text":
      if (typeof value !== "string" || value.length === 0) return `${attribute} takes a non-empty string`
      // `+` separates terms and `,` separates set values; neither can be escaped.
      if (value.includes("+")) return `${attribute} values cannot contain "+" (it separates terms)`
      if (value.includes(",")) {
        return `${attribute} values cannot contain "," (it separates ${inSet ? "set " : ""}values)`
      }
      return undefined
  }
}

/** `undefined` when the filter is valid, otherwise the problem. */
export const checkFilter = (filter: FilterFields): string | undefined => {
  const { attribute, operator, value } = filter
  const allowed = OperatorsByKind[AttributeKinds[attribute]]
  if (!allowed.includes(operator)) {
    return `operator "${operator}" does not apply to ${attribute} (allowed: ${allowed.join(", ")})`
  }
  const inSet = isSetOperator(operator)
  if (inSet !== Array.isArray(value)) {
    return inSet ? `${operator} takes a comma-separated set of values` : `${operator} takes a single value`
  }
  const values: ReadonlyArray<unknown> = Array.isArray(value) ? value : [value]
  for (const v of values) {
    const problem = checkValue(attribute, v, inSet)
    if (problem !== undefined) return problem
  }
  if (operator === "like" && typeof value === "string" && value.length > MaxLikeLength) {
    return `like values are at most ${MaxLikeLength} characters, "${value}" has ${value.length} (its-api.md §4.7)`
  }
  return undefined
}

const formatValue = (value: number | string) => (typeof value === "number" ? toPlainDecimal(value) : value)

/** A valid filter term. Build it with `filter.*` or `parseFilter`. */
export const Filter = FilterFields.pipe(Schema.filter((f) => checkFilter(f) ?? true)).annotations({
  identifier: "AccountFilter",
  arbitrary: () => (fc) => {
    const one = (attribute: AccountAttribute, operator: FilterOperator): FastCheck.Arbitrary<number | string> => {
      switch (AttributeKinds[attribute]) {
        case "decimal":
          return fc.oneof(
            fc.integer({ min: 0, max: 10_000 }).map((k) => k / 100),
            fc.double({ min: 0, max: 1e30, noNaN: true }).filter((n) => !Object.is(n, -0))
          )
        case "epoch":
          return fc.maxSafeNat()
        case "accountType":
          return fc.constantFrom("C", "S", "T")
        case "text":
          return fc
            .string({ minLength: 1, maxLength: operator === "like" ? MaxLikeLength : 20 })
            .filter((s) => !s.includes("+") && !s.includes(","))
      }
    }
    return fc.constantFrom(...AccountAttributes).chain((attribute) =>
      fc.constantFrom(...OperatorsByKind[AttributeKinds[attribute]]).chain((operator) => {
        const value: FastCheck.Arbitrary<FilterFields["value"]> = isSetOperator(operator)
          ? fc
              .array(one(attribute, operator), { minLength: 1, maxLength: 4 })
              .map((values) => values as unknown as FilterFields["value"])
          : one(attribute, operator)
        return value.map((value): FilterFields => ({ attribute, operator, value }))
      })
    )
  }
})
export type Filter = typeof Filter.Type

/** `attr:op:value`, sets comma-separated, decimals without exponent. */
export const formatFilter = (filter: Filter): string => {
  const value = Array.isArray(filter.value)
    ? (filter.value as ReadonlyArray<number | string>).map(formatValue).join(",")
    : formatValue(filter.value as number | string)
  return `${filter.attribute}:${filter.operator}:${value}`
}

const parseValue = (attribute: AccountAttribute, raw: string): Either.Either<number | string, string> => {
  switch (AttributeKinds[attribute]) {
    case "decimal":
      return PlainDecimalPattern.test(raw)
        ? Either.right(Number(raw))
        : Either.left(`${attribute} takes a decimal such as 0.5, got "${raw}"`)
    case "epoch":
      return /^\d+$/.test(raw) && Number.isSafeInteger(Number(raw))
        ? Either.right(Number(raw))
        : Either.left(`${attribute} takes an epoch time (a non-negative integer), got "${raw}"`)
    case "accountType":
    case "text":
      return Either.right(raw)
  }
}

/** Parses one `attr:op:value` term; `Left` is the problem. The value is everything after the second colon. */
const parseFilterTerm = (term: string): Either.Either<Filter, string> => {
  const first = term.indexOf(":")
  const second = first < 0 ? -1 : term.indexOf(":", first + 1)
  if (second < 0) return Either.left(`"${term}" is not of the form attribute:operator:value`)
  const attribute = term.slice(0, first)
  const operator = term.slice(first + 1, second)
  const raw = term.slice(second + 1)
  if (!isAttribute(attribute)) {
    return Either.left(`unknown attribute "${attribute}" (known: ${AccountAttributes.join(", ")})`)
  }
  if (!isOperator(operator)) {
    return Either.left(`unknown operator "${operator}" (known: ${FilterOperators.join(", ")})`)
  }
  const parsed = Either.all((isSetOperator(operator) ? raw.split(",") : [raw]).map((r) => parseValue(attribute, r)))
  return Either.flatMap(parsed, (values) => {
    const [head = ""] = values
    const candidate = {
      attribute,
      operator,
      value: isSetOperator(operator) ? (values as unknown as FilterFields["value"]) : head
    }
    const problem = checkFilter(candidate)
    return problem === undefined ? Either.right(candidate) : Either.left(problem)
  })
}

/** One filter term as a query-parameter string, e.g. "botScore:gte:0.5". */
export const FilterFromString = Schema.transformOrFail(Schema.String, Filter, {
  strict: true,
  decode: (term, _, ast) =>
    Either.match(parseFilterTerm(term), {
      onLeft: (problem) => ParseResult.fail(new ParseResult.Type(ast, term, problem)),
      onRight: ParseResult.succeed
    }),
  encode: (filter) => ParseResult.succeed(formatFilter(filter))
})

/** The `filters` query parameter: terms joined by `+`. */
export const FiltersFromString = Schema.compose(Schema.split("+"), Schema.NonEmptyArray(FilterFromString), {
  strict: false
}).annotations({ description: "attr:op:value terms joined by + (its-api.md §4.7)" })

type KindOf<A extends AccountAttribute> = (typeof AttributeKinds)[A]
type ValueOf<K extends ValueKind> = K extends "decimal" | "epoch"
  ? number
  : K extends "accountType"
    ? EntityType
    : string
type AttributesOfKind<K extends ValueKind> = {
  [A in AccountAttribute]: KindOf<A> extends K ? A : never
}[AccountAttribute]
/** Attributes that take ordering comparisons (`gt`, `lt`, `gte`, `lte`). */
export type OrderedAttribute = AttributesOfKind<"decimal" | "epoch">
/** Attributes that take `like` and `starts_with`. */
export type TextAttribute = AttributesOfKind<"text">

const make = (
  attribute: AccountAttribute,
  operator: FilterOperator,
  value: FilterFields["value"]
): Either.Either<Filter, AccountQueryError> => {
  const candidate: FilterFields = { attribute, operator, value }
  const problem = checkFilter(candidate)
  return problem === undefined
    ? Either.right(candidate)
    : Either.left(new AccountQueryError({ input: `${attribute}:${operator}:${String(value)}`, message: problem }))
}

/**
 * Typed filter constructors. Values are checked when built (finite non-negative decimals, integer epochs, no `+`
 * or `,` in text, `like` ≤ 3 characters); combine several with `Either.all`.
 */
export const filter = {
  eq: <A extends AccountAttribute>(attribute: A, value: ValueOf<KindOf<A>>) => make(attribute, "eq", value),
  neq: <A extends AccountAttribute>(attribute: A, value: ValueOf<KindOf<A>>) => make(attribute, "neq", value),
  gt: (attribute: OrderedAttribute, value: number) => make(attribute, "gt", value),
  lt: (attribute: OrderedAttribute, value: number) => make(attribute, "lt", value),
  gte: (attribute: OrderedAttribute, value: number) => make(attribute, "gte", value),
  lte: (attribute: OrderedAttribute, value: number) => make(attribute, "lte", value),
  in: <A extends AccountAttribute>(attribute: A, values: NonEmptyReadonlyArray<ValueOf<KindOf<A>>>) =>
    make(attribute, "in", values as FilterFields["value"]),
  nin: <A extends AccountAttribute>(attribute: A, values: NonEmptyReadonlyArray<ValueOf<KindOf<A>>>) =>
    make(attribute, "nin", values as FilterFields["value"]),
  like: (attribute: TextAttribute, pattern: string) => make(attribute, "like", pattern),
  startsWith: (attribute: TextAttribute, prefix: string) => make(attribute, "starts_with", prefix)
}

/** Parses a CLI filter term such as "botScore:gte:0.5". */
export const parseFilter = (term: string): Either.Either<Filter, AccountQueryError> =>
  Either.mapLeft(parseFilterTerm(term), (message) => new AccountQueryError({ input: term, message }))

/** Parses a whole `filters` value such as "botScore:gte:0.5+accountType:in:C,S". */
export const parseFilters = (text: string): Either.Either<NonEmptyReadonlyArray<Filter>, AccountQueryError> => {
  const [first = "", ...rest] = text.split("+")
  return Either.all([parseFilter(first), ...rest.map(parseFilter)])
}

export const encodeFilters = (filters: NonEmptyReadonlyArray<Filter>): string => filters.map(formatFilter).join("+")

// ---------------------------------------------------------------------------------------------------------------
// sort

export const SortDirection = Schema.Literal("asc", "desc")
export type SortDirection = typeof SortDirection.Type

export const Sort = Schema.Struct({
  attribute: Schema.Literal(...AccountAttributes),
  direction: SortDirection
}).annotations({ identifier: "AccountSort" })
export type Sort = typeof Sort.Type

export const sort = {
  asc: (attribute: AccountAttribute): Sort => ({ attribute, direction: "asc" }),
  desc: (attribute: AccountAttribute): Sort => ({ attribute, direction: "desc" })
}

export const formatSort = (s: Sort): string => `${s.attribute}:${s.direction}`

const parseSortTerm = (term: string): Either.Either<Sort, string> => {
  const [attribute = "", direction, ...rest] = term.split(":")
  if (direction === undefined || rest.length > 0) return Either.left(`"${term}" is not of the form attribute:asc|desc`)
  if (!isAttribute(attribute)) {
    return Either.left(`unknown attribute "${attribute}" (known: ${AccountAttributes.join(", ")})`)
  }
  if (direction !== "asc" && direction !== "desc") {
    return Either.left(`unknown sort direction "${direction}" (known: asc, desc)`)
  }
  return Either.right({ attribute, direction })
}

/** One sort term as a query-parameter string, e.g. "botScore:desc". */
export const SortFromString = Schema.transformOrFail(Schema.String, Sort, {
  strict: true,
  decode: (term, _, ast) =>
    Either.match(parseSortTerm(term), {
      onLeft: (problem) => ParseResult.fail(new ParseResult.Type(ast, term, problem)),
      onRight: ParseResult.succeed
    }),
  encode: (s) => ParseResult.succeed(formatSort(s))
})

/** The `sort` query parameter: terms joined by `+`. */
export const SortsFromString = Schema.compose(Schema.split("+"), Schema.NonEmptyArray(SortFromString), {
  strict: false
}).annotations({ description: "attr:asc|desc terms joined by + (its-api.md §4.7)" })

/** Parses a CLI sort term such as "botScore:desc". */
export const parseSort = (term: string): Either.Either<Sort, AccountQueryError> =>
  Either.mapLeft(parseSortTerm(term), (message) => new AccountQueryError({ input: term, message }))

/** Parses a whole `sort` value such as "botScore:desc+sccf:asc". */
export const parseSorts = (text: string): Either.Either<NonEmptyReadonlyArray<Sort>, AccountQueryError> => {
  const [first = "", ...rest] = text.split("+")
  return Either.all([parseSort(first), ...rest.map(parseSort)])
}

export const encodeSorts = (sorts: NonEmptyReadonlyArray<Sort>): string => sorts.map(formatSort).join("+")
