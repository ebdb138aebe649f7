/**
 * How the typed errors of auth, transport, models, tickets and the outbox become problems for consumers: one entry
 * per error tag, checked exhaustively by the compiler (`Match.tagsExhaustive`), so a new error tag in a service the
 * handlers call fails to compile until it has a problem here. `orProblem` also types each handler's failures by the
 * problems its errors map to, so an endpoint that does not declare one of them fails to compile as well.
 *
 * Upstream trouble is never the consumer's fault: 429 keeps `Retry-After`, ITS down → 503, timeout → 504, a ticket
 * whose fate is unknown → 502 with `ticketOutcome: "unknown"` so the consumer does not resend blindly. Messages come
 * from our typed errors, which never carry a token or secret.
 */
import type { TokenEndpointUnavailable, TokenRejected, TokenResponseMalformed, TokenTimeout } from "@its/auth"
import type {
  AccountQueryError,
  ModelRequestInvalid,
  ModelRequestRejected,
  ModelResponseInvalid,
  ModelServiceFailed
} from "@its/models"
import type {
  AckFailed,
  InvalidTicket,
  MissingOperatorId,
  NotSent,
  OutcomeUnknown,
  ServerError,
  UnexpectedReply,
  ValidationFailed
} from "@its/tickets"
import type {
  DecodeFailed,
  Forbidden as UpstreamForbidden,
  RateLimited,
  Timeout,
  Unauthorized as UpstreamUnauthorized,
  UnexpectedStatus,
  UpstreamUnavailable
} from "@its/transport"
import { Effect, Match } from "effect"
import type { OutboxConflict, OutboxEntryNotFound, OutboxStoreError } from "../outbox/OutboxEntry.ts"
import { type Problem, problem } from "./Problem.ts"

/** Every error a handler's services can fail with. */
export type DomainError =
  // transport (REST)
  | RateLimited
  | Timeout
  | UpstreamUnavailable
  | UpstreamUnauthorized
  | UpstreamForbidden
  | UnexpectedStatus
  | DecodeFailed
  // models
  | ModelResponseInvalid
  | ModelServiceFailed
  | ModelRequestRejected
  | ModelRequestInvalid
  | AccountQueryError
  // auth
  | TokenRejected
  | TokenEndpointUnavailable
  | TokenResponseMalformed
  | TokenTimeout
  // tickets
  | InvalidTicket
  | ValidationFailed
  | ServerError
  | OutcomeUnknown
  | UnexpectedReply
  | NotSent
  | MissingOperatorId
  | AckFailed
  // gateway
  | OutboxStoreError
  | OutboxConflict
  | OutboxEntryNotFound

const retryAfter = (millis: number | undefined) =>
  millis !== undefined && millis > 0 ? { retryAfterSeconds: Math.ceil(millis / 1000) } : {}

const detailOf = (error: { readonly message: string }) => (error.message === "" ? {} : { detail: error.message })

const invalidTicket = (error: InvalidTicket | ValidationFailed) =>
  problem(422, "Invalid ticket", {
    detail: "nothing was sent; every problem is listed with its JSON path and MTS-style code",
    errors: error.problems.map(({ path, code, message }) => ({ path, code, message }))
  })

const outcomeUnknown = (error: OutcomeUnknown | UnexpectedReply) =>
  problem(502, "Ticket outcome unknown", {
    detail: `${error.message} — the request may or may not have been processed by ITS; check before resending${
      // A reply arriving after the timeout is stored: where to fetch it (late/Api.ts).
      error._tag === "@its/tickets/OutcomeUnknown" && error.ticketId !== undefined && error.reason === "reply-timeout"
        ? `; a late reply is kept at GET /v1/tickets/${encodeURIComponent(error.ticketId)}/reply`
        : ""
    }`,
    ticketOutcome: "unknown"
  })

const itsError = (error: DomainError) => problem(502, "ITS answered with an error", detailOf(error))
const noToken = (error: DomainError) => problem(503, "Cannot obtain an ITS token", detailOf(error))
const itsRefused = (error: DomainError) => problem(400, "ITS cannot take this request", detailOf(error))
const badCredentials = (error: DomainError) => problem(502, "ITS refused the gateway's credentials", detailOf(error))

/** The problem of each error tag; `satisfies` makes the table exhaustive (a missing or unknown tag does not compile). */
const cases = {
  RateLimited: (e) => problem(429, "ITS rate limit reached", { ...detailOf(e), ...retryAfter(e.retryAfterMillis) }),
  Timeout: (e) => problem(504, "ITS did not answer in time", detailOf(e)),
  UpstreamUnavailable: (e) => problem(503, "ITS is unavailable", { ...detailOf(e), ...retryAfter(e.retryAfterMillis) }),
  Unauthorized: badCredentials,
  Forbidden: badCredentials,
  UnexpectedStatus: itsError,
  DecodeFailed: itsError,
  ModelResponseInvalid: itsError,
  ModelServiceFailed: itsError,
  ModelRequestRejected: itsRefused,
  ModelRequestInvalid: itsRefused,
  AccountQueryError: (e) => problem(400, "Invalid account query", detailOf(e)),
  TokenRejected: noToken,
  TokenEndpointUnavailable: noToken,
  TokenResponseMalformed: noToken,
  TokenTimeout: noToken,
  "@its/tickets/InvalidTicket": invalidTicket,
  "@its/tickets/ValidationFailed": invalidTicket,
  "@its/tickets/ServerError": (e) =>
    problem(502, "ITS answered error-reply", { detail: `error-reply ${e.code}: ${e.message}` }),
  "@its/tickets/OutcomeUnknown": outcomeUnknown,
  "@its/tickets/UnexpectedReply": outcomeUnknown,
  "@its/tickets/NotSent": (e) => problem(503, "Ticket not sent", { ...detailOf(e), ticketOutcome: "not-sent" }),
  "@its/tickets/MissingOperatorId": () =>
    problem(503, "ITS operator id is not configured", { detail: "set ITS_OPERATOR_ID" }),
  // Only with `autoAck`, which the gateway never sets (the consumer acks): a bug if it ever happens.
  "@its/tickets/AckFailed": (e) => problem(500, "Internal error", { detail: `unexpected ${e._tag}` }),
  "@its/gateway/OutboxStoreError": () =>
    problem(503, "Outbox store unavailable", { detail: "the inform was not stored; retry later" }),
  "@its/gateway/OutboxConflict": (e) => problem(409, "Inform conflict", detailOf(e)),
  "@its/gateway/OutboxEntryNotFound": () => problem(404, "Inform not found")
} satisfies { readonly [Tag in DomainError["_tag"]]: (error: Extract<DomainError, { _tag: Tag }>) => Problem }

/** The problems the errors `E` map to: what an endpoint serving a call failing with `E` must declare. */
export type ProblemOf<E extends DomainError> = ReturnType<(typeof cases)[E["_tag"]]>

/** The problem of a domain error. */
export function toProblem<E extends DomainError>(error: E): ProblemOf<E>
export function toProblem(error: DomainError): Problem {
  return Match.valueTags(error, cases)
}

/** A handler's service call with its domain errors turned into their problems (typed by `ProblemOf`). */
export const orProblem = <A, E extends DomainError, R>(
  effect: Effect.Effect<A, E, R>
): Effect.Effect<A, ProblemOf<E>, R> => Effect.mapError(effect, (error) => toProblem(error))
