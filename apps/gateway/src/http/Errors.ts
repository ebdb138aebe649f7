/**
 * How the typed errors of auth, transport, models and tickets become problems for consumers. Upstream trouble is
 * never the consumer's fault: 429 keeps `Retry-After`, ITS down → 503, timeout → 504, a ticket whose fate is
 * unknown → 502 with `ticketOutcome: "unknown"` so the consumer does not resend blindly. Messages come from our
 * typed errors, which never carry a token or secret.
 */
import type { HttpApiDecodeError } from "@effect/platform/HttpApiError"
import { formatPath } from "@its/tickets"
import { type Problem, type ProblemItem, isProblem, problem } from "../api/Problem.ts"

const retryAfter = (millis: unknown) =>
  typeof millis === "number" && millis > 0 ? { retryAfterSeconds: Math.ceil(millis / 1000) } : {}

interface Tagged {
  readonly _tag: string
  readonly message?: string
  readonly [key: string]: unknown
}

const isTagged = (u: unknown): u is Tagged => typeof u === "object" && u !== null && "_tag" in u

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

export const toProblem = (error: unknown): Problem => {
  if (isProblem(error)) return error
  if (!isTagged(error)) return problem(500, "Internal error")
  const detail = typeof error.message === "string" ? error.message : undefined
  const withDetail = detail === undefined ? {} : { detail }
  switch (error._tag) {
    case "HttpApiDecodeError":
      return decodeProblem(error as unknown as HttpApiDecodeError)
    // transport (REST)
    case "RateLimited":
      return problem(429, "ITS rate limit reached", { ...withDetail, ...retryAfter(error.retryAfterMillis) })
    case "Timeout":
      return problem(504, "ITS did not answer in time", withDetail)
    case "UpstreamUnavailable":
      return problem(503, "ITS is unavailable", { ...withDetail, ...retryAfter(error.retryAfterMillis) })
    case "Unauthorized":
    case "Forbidden":
      return problem(502, "ITS refused the gateway's credentials", withDetail)
    case "UnexpectedStatus":
    case "DecodeFailed":
    case "ModelResponseInvalid":
    case "ModelServiceFailed":
      return problem(502, "ITS answered with an error", withDetail)
    // models
    case "ModelRequestRejected":
    case "ModelRequestInvalid":
      return problem(400, "ITS cannot take this request", withDetail)
    case "AccountQueryError":
      return problem(400, "Invalid account query", withDetail)
    // auth
    case "TokenRejected":
    case "TokenEndpointUnavailable":
    case "TokenResponseMalformed":
    case "TokenTimeout":
    case "TokenFetchFailed":
      return problem(503, "Cannot obtain an ITS token", withDetail)
    // tickets
    case "@its/tickets/InvalidTicket":
    case "@its/tickets/ValidationFailed": {
      const problems = (error.problems ?? []) as ReadonlyArray<ProblemItem>
      return problem(422, "Invalid ticket", {
        detail: "nothing was sent; every problem is listed with its JSON path and MTS-style code",
        errors: problems.map(({ path, code, message }) => ({ path, code, message }))
      })
    }
    case "@its/tickets/ServerError":
      return problem(502, "ITS answered error-reply", {
        detail: `error-reply ${String(error.code)}: ${String(error.message)}`
      })
    case "@its/tickets/OutcomeUnknown":
    case "@its/tickets/UnexpectedReply":
      return problem(502, "Ticket outcome unknown", {
        detail: `${detail ?? ""} — the request may or may not have been processed by ITS; check before resending${
          // A reply arriving after the timeout is stored: where to fetch it (api/LateRepliesApi.ts).
          typeof error.ticketId === "string" && error.reason === "reply-timeout"
            ? `; a late reply is kept at GET /v1/tickets/${encodeURIComponent(error.ticketId)}/reply`
            : ""
        }`,
        ticketOutcome: "unknown"
      })
    case "@its/tickets/NotSent":
      return problem(503, "Ticket not sent", { ...withDetail, ticketOutcome: "not-sent" })
    case "@its/tickets/MissingOperatorId":
      return problem(503, "ITS operator id is not configured", { detail: "set ITS_OPERATOR_ID" })
    // gateway
    case "@its/gateway/OutboxStoreError":
      return problem(503, "Outbox store unavailable", { detail: "the inform was not stored; retry later" })
    case "@its/gateway/OutboxConflict":
      return problem(409, "Inform conflict", { ...(detail === undefined ? {} : { detail }) })
    case "@its/gateway/OutboxEntryNotFound":
      return problem(404, "Inform not found")
    case "RouteNotFound":
      return problem(404, "Not found", { detail: "no such route; see /docs" })
    default:
      return problem(500, "Internal error", { detail: `unexpected ${error._tag}` })
  }
}
