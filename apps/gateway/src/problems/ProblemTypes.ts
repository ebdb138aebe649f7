/**
 * Every problem type the gateway answers with: its title (the `type` URI is `/docs/problems/<slug of the title>`,
 * see `problem` in `Problem.ts`), why it happens and what the caller should do. `/docs/problems/{type}` renders these
 * pages (`ProblemPages.ts`), the OpenAPI examples use them, and a test checks that every title passed to `problem(…)`
 * in the gateway's sources is listed here.
 */
import type { ProblemInput, ProblemStatus } from "./Problem.ts"

export interface ProblemType {
  readonly status: ProblemStatus
  readonly title: string
  /** Why the gateway answers with this problem. */
  readonly cause: string
  /** What the caller should do about it. */
  readonly action: string
  /** The rest of an example body (detail, errors, retryAfterSeconds, ticketOutcome). */
  readonly example: ProblemInput
}

/** The `type` URI path segment of a title (the same rule as `problem`). */
export const problemSlug = (title: string): string => title.toLowerCase().replaceAll(/[^a-z0-9]+/g, "-")

export const problemTypeUri = (title: string): string => `/docs/problems/${problemSlug(title)}`

const retry = "Retry later with backoff; the answer carries `Retry-After` / `retryAfterSeconds` where known."

export const problemTypes: ReadonlyArray<ProblemType> = [
  {
    status: 400,
    title: "Invalid request",
    cause: "The path, query string or body does not match the operation's schema (a missing or mistyped field).",
    action:
      "Fix every field listed in `errors` (JSON paths with MTS-style codes) and send again; nothing was sent to ITS.",
    example: {
      detail: "1 problem in the request: $.customer: Expected a non-empty list",
      errors: [{ path: "$.customer", code: -100, message: "is missing" }]
    }
  },
  {
    status: 400,
    title: "Unreadable request body",
    cause: "The body is not valid JSON, or it could not be read.",
    action: "Send a JSON body with `Content-Type: application/json`.",
    example: { detail: "the body is not valid JSON" }
  },
  {
    status: 400,
    title: "Unsupported request body",
    cause: "The body is multipart or another non-JSON encoding; every body of this API is JSON.",
    action: "Send the body as `application/json`.",
    example: { detail: "request bodies are application/json" }
  },
  {
    status: 400,
    title: "Request nested too deeply",
    cause: "The JSON body nests objects or arrays deeper than the gateway accepts (a guard against abusive bodies).",
    action: "Flatten the body; no operation of this API needs such depth.",
    example: {
      detail: "JSON may be nested at most 32 levels; $.a.b is deeper",
      errors: [{ path: "$.a.b", code: -107, message: "nested deeper than 32 levels" }]
    }
  },
  {
    status: 400,
    title: "ITS cannot take this request",
    cause:
      "ITS refused the request as invalid for the model (e.g. an unknown bookmaker or a bound outside the score range).",
    action: "Correct the request as `detail` says; resending it unchanged will fail again.",
    example: { detail: "lower must be within the model's score range" }
  },
  {
    status: 400,
    title: "Invalid account query",
    cause: "The `filter` or `sort` of `/v1/accounts` names an unknown field or operator.",
    action: "Use the filter/sort syntax of the models README, e.g. `lbs:gte:0.9+accountType:eq:C` and `lbs:desc`.",
    example: { detail: "unknown filter field: lbz" }
  },
  {
    status: 401,
    title: "Missing API key",
    cause: "The request carries neither `Authorization: Bearer <key>` nor `X-Api-Key`.",
    action: "Ask the gateway's operator for a key and send it in one of the two headers.",
    example: { detail: "send an API key in Authorization: Bearer <key> or X-Api-Key" }
  },
  {
    status: 401,
    title: "Invalid API key",
    cause: "The key is not known to this gateway (mistyped, revoked or for another environment).",
    action: "Check the key; ask the operator for a new one if it was revoked. Do not retry in a loop.",
    example: {}
  },
  {
    status: 403,
    title: "Missing scope",
    cause:
      "The key is valid but lacks the scope of the operation (`tickets:write`, `tickets:read`, `scores:read`, `admin`).",
    action: "Use a key with the scope named in `detail`, or ask the operator to grant it.",
    example: { detail: "this operation needs the scope tickets:write" }
  },
  {
    status: 403,
    title: "Unknown operation",
    cause: "The path and method match no operation the gateway knows a scope for; access is denied (fails closed).",
    action: "Check the method and path against `/docs`.",
    example: { detail: "no scope is defined for this route" }
  },
  {
    status: 404,
    title: "Not found",
    cause: "No operation answers at this path and method.",
    action: "Check the path against `/docs` (e.g. `/v1/tickets/placement`, `/v1/scores/lbs`).",
    example: { detail: "no such route; see /docs" }
  },
  {
    status: 404,
    title: "Inform not found",
    cause: "No inform with this id is in the outbox (a mistyped id, or one accepted by another gateway store).",
    action: "Use the `id` returned by `POST /v1/tickets/inform`.",
    example: { detail: "no inform with id 5f0c8a0e-4d7b-4a53-9d6b-6f0c2d1f3a11" }
  },
  {
    status: 404,
    title: "No such dead letter",
    cause: "The id is not an inform in the dead-letter state (never dead-lettered, or already re-queued).",
    action: "List the dead letters with `GET /v1/admin/outbox/dead` and re-queue one of those ids.",
    example: { detail: "no dead-lettered inform with id 5f0c8a0e-4d7b-4a53-9d6b-6f0c2d1f3a11" }
  },
  {
    status: 404,
    title: "No risk profile",
    cause: "ITS has no responsible-gaming profile for this account.",
    action: "Nothing to retry: the account has no profile (yet).",
    example: { detail: "no risk profile for account C000001" }
  },
  {
    status: 409,
    title: "Inform conflict",
    cause:
      "An inform for this `ticketId` is already in the outbox from another consumer, or with a different payload (the first inform of a ticket is the one delivered).",
    action:
      "Resend only the identical inform (that is idempotent); a changed inform for the same ticket needs a new `ticketId`.",
    example: { detail: "ticket T-1 was already informed with a different payload" }
  },
  {
    status: 413,
    title: "Request body too large",
    cause: "The body exceeds the gateway's limit (`GATEWAY_MAX_BODY_BYTES`).",
    action: "Send smaller requests (e.g. split a bulk event fetch into batches of at most 1000).",
    example: { detail: "request bodies are limited to 1048576 bytes" }
  },
  {
    status: 415,
    title: "Unsupported media type",
    cause: "The body's `Content-Type` is not `application/json` (UTF-8).",
    action: "Send `Content-Type: application/json` with a UTF-8 JSON body.",
    example: { detail: "request bodies are application/json (UTF-8); send Content-Type: application/json" }
  },
  {
    status: 422,
    title: "Invalid ticket",
    cause: "The ticket breaks a Transaction 3.0 rule (odds, stakes, selections, envelope); checked before sending.",
    action:
      "Fix every entry of `errors` (JSON path and MTS-style code); nothing was sent to ITS, so resending the fixed ticket is safe.",
    example: {
      detail: "nothing was sent; every problem is listed with its JSON path and MTS-style code",
      errors: [{ path: "$.bets[0].stake[0].amount", code: -107, message: "must be greater than 0" }]
    }
  },
  {
    status: 429,
    title: "Rate limit exceeded",
    cause: "Your API key made more requests than its limit allows.",
    action: "Wait `retryAfterSeconds` (also in `Retry-After`) before the next request.",
    example: { detail: "this key is limited to 600 requests per 60 seconds", retryAfterSeconds: 12 }
  },
  {
    status: 429,
    title: "ITS rate limit reached",
    cause: "ITS answered 429 to the gateway: the whole gateway is over the upstream limit, not only your key.",
    action: retry,
    example: { detail: "ITS answered 429 for lbs", retryAfterSeconds: 2 }
  },
  {
    status: 500,
    title: "Internal error",
    cause: "A bug in the gateway. The log line with the same request id has the details.",
    action:
      "Report it with the `requestId`. Ticket operations: treat the outcome as unknown (see `Ticket outcome unknown`).",
    example: {}
  },
  {
    status: 502,
    title: "ITS refused the gateway's credentials",
    cause: "ITS answered 401/403 to the gateway: its client credentials are wrong or lack a permission.",
    action: "Nothing to fix on your side; tell the gateway's operator. " + retry,
    example: { detail: "ITS answered 403 for lbs" }
  },
  {
    status: 502,
    title: "ITS answered with an error",
    cause: "ITS answered with an unexpected status or a body the gateway could not decode.",
    action: retry + " Reads are safe to retry; for ticket operations see `Ticket outcome unknown`.",
    example: { detail: "ITS answered 500 for lbs" }
  },
  {
    status: 502,
    title: "ITS answered error-reply",
    cause: "ITS answered the ticket operation with an `error-reply` (a server-side failure with a code).",
    action:
      "The operation was not processed. Fix the cause if the code names one; otherwise retry later with the same ids.",
    example: { detail: "error-reply -1: internal error" }
  },
  {
    status: 502,
    title: "Ticket outcome unknown",
    cause:
      "The ticket operation was sent to ITS but no reply came (timeout, connection lost) or the reply did not " +
      "match: ITS may or may not have processed it. The body carries `ticketOutcome: unknown`.",
    action:
      "Do NOT resend blindly: a placement sent twice is a duplicate ticketId (or a second bet). Find out first: " +
      "for an inform, `GET /v1/tickets/inform/{id}`; for a placement, resend the SAME ticket (same ticketId) — ITS " +
      "answers a duplicate ticketId with a rejection naming it, which tells you the first one arrived — or cancel it " +
      "with `POST /v1/tickets/cancel` when in doubt.",
    example: {
      detail: "no reply within 5000 ms — the request may or may not have been processed by ITS; check before resending",
      ticketOutcome: "unknown"
    }
  },
  {
    status: 503,
    title: "ITS is unavailable",
    cause: "ITS answered 503, or could not be reached.",
    action: retry,
    example: { detail: "ITS answered 503 for lbs", retryAfterSeconds: 5 }
  },
  {
    status: 503,
    title: "Cannot obtain an ITS token",
    cause: "The gateway could not get an access token from the identity provider.",
    action: "Nothing was sent to ITS. " + retry,
    example: { detail: "token endpoint unavailable" }
  },
  {
    status: 503,
    title: "Ticket not sent",
    cause: "The ticket operation could not be sent (no data-plane connection); `ticketOutcome: not-sent`.",
    action: "It is safe to send the same request again later.",
    example: { detail: "no data-plane connection", ticketOutcome: "not-sent" }
  },
  {
    status: 503,
    title: "ITS operator id is not configured",
    cause: "The gateway has no `ITS_OPERATOR_ID`, needed for every ticket envelope.",
    action: "Tell the gateway's operator; nothing was sent.",
    example: { detail: "set ITS_OPERATOR_ID" }
  },
  {
    status: 503,
    title: "Outbox store unavailable",
    cause: "The inform could not be written to the durable outbox (database down or full).",
    action: "The inform was not stored: send it again later (informs are idempotent by ticketId).",
    example: { detail: "the inform was not stored; retry later" }
  },
  {
    status: 504,
    title: "Request deadline exceeded",
    cause:
      "The gateway answers every request within a deadline (`GATEWAY_REQUEST_DEADLINE`, default 30 s); this one took longer.",
    action:
      "Reads: retry later. Ticket operations: the outcome is unknown as for `Ticket outcome unknown`; find out before resending.",
    example: { detail: "the gateway answers every request within 30s" }
  },
  {
    status: 504,
    title: "ITS did not answer in time",
    cause: "An ITS REST call exceeded its timeout (after the gateway's retries for reads).",
    action: retry,
    example: { detail: "no answer within 10000 ms" }
  }
]

/** The problem type of a `type` URI slug. */
export const problemTypeOf = (slug: string): ProblemType | undefined =>
  problemTypes.find((p) => problemSlug(p.title) === slug)
