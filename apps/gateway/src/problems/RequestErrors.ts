/**
 * The problems of requests that never reached a handler, as the API middleware (`server/Middleware.ts`) sees them:
 * the platform's errors arrive there untyped (its `HttpApp` error channel is not the handlers' union), so each is
 * recognised here by its tag — a path or body that does not decode (400 naming every JSON path), no such route
 * (404), a body over the limit (413) or unreadable (400). What is none of these is logged and answered 500.
 */
import { HttpApiDecodeError } from "@effect/platform/HttpApiError"
import { formatPath } from "@its/auth"
import { type Problem, type ProblemItem, isProblem, problem } from "./Problem.ts"

/** MTS-style code of a Schema issue (transaction-3.0.md §8.1): missing → -100, wrong type → -101, else -107. */
const issueCode = (tag: string): number => {
  switch (tag) {
    case "Missing":
      return -100
    case "Type":
      return -101
    case "Unexpected":
      return -102
    default:
      return -107
  }
}

/** A request that failed Schema decoding: every issue with its JSON path. */
export const decodeProblem = (error: HttpApiDecodeError): Problem => {
  // Ticket bodies are "content or envelope": a union told apart by `type` (content) and `operation` (envelope).
  // When the body is one of them, the other branch's "missing discriminator" is noise.
  const isDiscriminatorMissing = (issue: HttpApiDecodeError["issues"][number]) =>
    issue._tag === "Missing" && issue.path.length === 1 && (issue.path[0] === "operation" || issue.path[0] === "type")
  const relevant = error.issues.some((issue) => !isDiscriminatorMissing(issue))
    ? error.issues.filter((issue) => !isDiscriminatorMissing(issue))
    : error.issues
  const errors = relevant.map(
    (issue): ProblemItem => ({ path: formatPath(issue.path), code: issueCode(issue._tag), message: issue.message })
  )
  return problem(400, "Invalid request", {
    detail: `${errors.length} problem${errors.length === 1 ? "" : "s"} in the request: ${errors
      .slice(0, 3)
      .map((e) => `${e.path}: ${e.message}`)
      .join("; ")}${errors.length > 3 ? "; …" : ""}`,
    errors
  })
}

const tagOf = (u: unknown): string | undefined =>
  typeof u === "object" && u !== null && "_tag" in u && typeof u._tag === "string" ? u._tag : undefined

/** `@effect/platform-node` reports a body over `withMaxBodySize` as a `RequestError` caused by "maxBytes exceeded". */
export const isBodyTooLarge = (error: unknown): boolean =>
  tagOf(error) === "RequestError" &&
  typeof error === "object" &&
  error !== null &&
  "cause" in error &&
  /size|large|limit|maxBytes/i.test(String(error.cause))

/** A body that cannot be read: a request error, or a `multipart/form-data` body that does not parse (fuzz test). */
export const isUnreadableBody = (error: unknown): boolean =>
  tagOf(error) === "RequestError" || tagOf(error) === "MultipartError"

export const unreadable = problem(400, "Unreadable request body", { detail: "the body is not valid JSON" })

/**
 * Effect 3.22's Schema union decoding reads a discriminator with `String(input[name])`, which throws for a JSON
 * object whose `toString` is not a function (e.g. `{"type": {"toString": {}}}`): a defect, not a parse error.
 * Found by the gateway's fuzz test; the input is the client's fault, so it is a 400.
 */
export const isUnionDiscriminatorCrash = (defect: unknown): boolean =>
  defect instanceof TypeError && defect.message === "Cannot convert object to primitive value"

export const discriminatorProblem = problem(400, "Invalid request", {
  detail: "an object was sent where a type tag (a string) is expected"
})

/**
 * The problem of a failure that reached the API middleware: a handler's problem as it is, the platform's request
 * errors by tag; `undefined` for anything else (a bug: the middleware logs it and answers 500).
 */
export const requestProblem = (error: unknown, tooLarge: Problem): Problem | undefined => {
  if (isProblem(error)) return error
  if (error instanceof HttpApiDecodeError) return decodeProblem(error)
  if (tagOf(error) === "RouteNotFound") return problem(404, "Not found", { detail: "no such route; see /docs" })
  if (isBodyTooLarge(error)) return tooLarge
  if (isUnreadableBody(error)) return unreadable
  return undefined
}

/** The 500 of a failure nothing above recognises (named by its tag when it has one; never its message). */
export const unexpectedProblem = (error: unknown): Problem => {
  const tag = tagOf(error)
  return problem(500, "Internal error", tag === undefined ? {} : { detail: `unexpected ${tag}` })
}
