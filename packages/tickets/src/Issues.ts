/**
 * Schema decode issues → problems with JSON paths and MTS validation codes (reference §8.1):
 *
 * - missing field → -100
 * - wrong JSON type → -101 for a mandatory field, -102 for an optional one (also a malformed decimal string)
 * - field Transaction 3.0 does not define (strict request decoding) → -102
 * - float where an integer is expected → -103; bad epoch-millisecond timestamp → -104
 * - value outside an enum or literal (`version`, `type`, `status`, …) → -107
 */
import { Array as Arr, Option, ParseResult, SchemaAST } from "effect"
import { formatPath, Problem, ProblemCode, ProblemKindId, type ProblemKind } from "./Problem.ts"

export const problemsFromParseError = (error: ParseResult.ParseError): ReadonlyArray<Problem> =>
  Arr.dedupeWith(
    collect(error.issue, { path: [], optional: false }),
    (a, b) => a.path === b.path && a.code === b.code && a.message === b.message
  )

interface Position {
  readonly path: ReadonlyArray<PropertyKey>
  /** Whether the nearest enclosing property is optional (decides -101 versus -102). */
  readonly optional: boolean
}

const collect = (issue: ParseResult.ParseIssue, at: Position): Array<Problem> => {
  switch (issue._tag) {
    case "Composite": {
      // A value matching none of an enum's literals is one problem, not one per literal.
      if (literalsOf(issue.ast).length > 0) return [typeProblem(issue, at)]
      const issues = Arr.ensure(issue.issues)
      // An object of the wrong kind (its `type` literal differs) fails every field; its type is the one problem.
      const wrongKind = issues.find(isWrongKind)
      return Arr.flatMap(wrongKind ? [wrongKind] : issues, (child) =>
        child._tag === "Pointer" ? collectPointer(child, issue.ast, at) : collect(child, at)
      )
    }
    case "Pointer":
      return collectPointer(issue, undefined, at)
    case "Refinement":
      return issue.kind === "From" ? collect(issue.issue, at) : [refinementProblem(issue, at)]
    case "Transformation":
      return collect(issue.issue, at)
    case "Missing":
      return [problem(at, ProblemCode.MissingMandatory, "mandatory field is missing")]
    case "Unexpected":
      return [problem(at, ProblemCode.OptionalWrongType, "field is not defined by Transaction 3.0")]
    case "Type":
    case "Forbidden":
      return [typeProblem(issue, at)]
  }
}

const collectPointer = (pointer: ParseResult.Pointer, parent: SchemaAST.AST | undefined, at: Position) => {
  const keys = Arr.ensure(pointer.path)
  const last = keys[keys.length - 1]
  // Array elements inherit the optionality of their array; object properties have their own.
  const optional = typeof last === "number" ? at.optional : isOptionalProperty(parent, last)
  return collect(pointer.issue, { path: [...at.path, ...keys], optional })
}

const isWrongKind = (issue: ParseResult.ParseIssue): boolean =>
  issue._tag === "Pointer" &&
  issue.path === "type" &&
  issue.issue._tag === "Type" &&
  SchemaAST.isLiteral(issue.issue.ast) &&
  typeof issue.issue.actual === "string"

const isOptionalProperty = (parent: SchemaAST.AST | undefined, key: PropertyKey | undefined): boolean =>
  parent !== undefined && SchemaAST.isTypeLiteral(parent)
    ? parent.propertySignatures.some((p) => p.name === key && p.isOptional)
    : false

const refinementProblem = (issue: ParseResult.Refinement, at: Position): Problem => {
  const kind = Option.getOrUndefined(SchemaAST.getAnnotation<ProblemKind>(issue.ast, ProblemKindId))
  const actual = render(issue.actual)
  switch (kind) {
    case "integer":
      return problem(at, ProblemCode.WrongNumericType, `expected an integer, actual ${actual}`)
    case "date":
      return problem(at, ProblemCode.BadDate, `expected epoch milliseconds (an integer), actual ${actual}`)
    default:
      return problem(at, ProblemCode.OutOfRange, message(issue))
  }
}

const typeProblem = (
  issue: ParseResult.Type | ParseResult.Forbidden | ParseResult.Composite,
  at: Position
): Problem => {
  const literals = literalsOf(issue.ast)
  const text =
    literals.length > 0
      ? `Expected ${literals.map((l) => render(l)).join(" | ")}, actual ${render(issue.actual)}`
      : message(issue)
  if (isEnumMiss(issue.ast, issue.actual)) return problem(at, ProblemCode.OutOfRange, text)
  return problem(at, at.optional ? ProblemCode.OptionalWrongType : ProblemCode.MandatoryWrongType, text)
}

// A value of the right JSON type that is not one of the allowed literals is out of range, not mistyped.
const isEnumMiss = (ast: SchemaAST.AST, actual: unknown): boolean => {
  const literals = literalsOf(ast)
  return literals.length > 0 && literals.every((literal) => typeof literal === typeof actual)
}

/** The allowed values of a literal or a union of literals; empty for any other schema. */
const literalsOf = (ast: SchemaAST.AST): ReadonlyArray<SchemaAST.LiteralValue> => {
  if (SchemaAST.isLiteral(ast)) return [ast.literal]
  if (!SchemaAST.isUnion(ast)) return []
  const literals = ast.types.filter(SchemaAST.isLiteral).map((t) => t.literal)
  return literals.length === ast.types.length ? literals : []
}

const message = (issue: ParseResult.ParseIssue): string =>
  ParseResult.ArrayFormatter.formatIssueSync(issue)
    .map((i) => i.message)
    .join("; ")

const render = (actual: unknown): string => {
  try {
    return JSON.stringify(actual) ?? String(actual)
  } catch {
    return String(actual)
  }
}

const problem = (at: Position, code: ProblemCode, text: string) =>
  new Problem({ path: formatPath(at.path), code, message: text })
