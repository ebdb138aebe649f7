/**
 * One rule for naming a field in an error: a Schema parse error → JSON paths (`$.content.bets[0].stake`).
 * It lives in `@its/auth` only because this is the lowest package of the graph; every package renders paths with it.
 */
import { ParseResult } from "effect"

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** Renders property names and array indexes as `$.a.b[0]["odd key"]`; the empty path is `$`. */
export const formatPath = (segments: ReadonlyArray<PropertyKey>): string => {
  let path = "$"
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`
    else {
      const key = String(segment)
      path += IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`
    }
  }
  return path
}

/** One problem of a parse error: where (JSON path), what kind (the ParseIssue tag) and Effect's message. */
export interface PathIssue {
  readonly path: string
  readonly tag: ParseResult.ArrayFormatterIssue["_tag"]
  readonly message: string
}

/** Every problem of a parse error with its JSON path. */
export const pathIssues = (error: ParseResult.ParseError | ParseResult.ParseIssue): ReadonlyArray<PathIssue> =>
  ParseResult.ArrayFormatter.formatIssueSync(ParseResult.isParseError(error) ? error.issue : error).map((issue) => ({
    path: formatPath(issue.path),
    tag: issue._tag,
    message: issue.message
  }))

/**
 * `$.items[0].lbs: Expected string, actual 1`, one line per problem. With `redactValues` (secrets, tokens) the line
 * says only that the field is missing or invalid, never the value Effect's message would quote.
 */
export const describeParseError = (
  error: ParseResult.ParseError | ParseResult.ParseIssue,
  options?: { readonly redactValues?: boolean }
): ReadonlyArray<string> =>
  pathIssues(error).map((issue) =>
    options?.redactValues === true
      ? `${issue.path}: ${issue.tag === "Missing" ? "is missing" : "has an invalid value"}`
      : `${issue.path}: ${issue.message}`
  )
