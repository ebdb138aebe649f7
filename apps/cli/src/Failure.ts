/**
 * Exit codes and the mapping of every failure of the SDK onto them, with one line and a hint for humans.
 *
 * 0 ok · 1 negative outcome (ticket rejected, key not found) · 2 bad usage or input · 3 authentication or
 * authorization failure · 4 upstream unavailable or timeout.
 */
import { describeParseError } from "@its/auth"
import { ConfigError, ParseResult, Schema } from "effect"
import { ExitCode } from "./ExitCode.ts"

export { Exit, ExitCode } from "./ExitCode.ts"

/** Bad input given to the CLI (a file that does not parse, a missing option, …): exit 2. */
export class InputError extends Schema.TaggedError<InputError>()("InputError", {
  message: Schema.String,
  hint: Schema.optional(Schema.String)
}) {}

/** The operation completed but its outcome is negative (ticket rejected, key not found): exit 1. */
export class NegativeOutcome extends Schema.TaggedError<NegativeOutcome>()("NegativeOutcome", {
  message: Schema.String
}) {}

/** Authentication failure detected by the CLI itself (e.g. a wrong private key or passphrase): exit 3. */
export class AuthFailure extends Schema.TaggedError<AuthFailure>()("AuthFailure", {
  message: Schema.String,
  hint: Schema.optional(Schema.String)
}) {}

/** Something the CLI depends on is not reachable: exit 4. */
export class Unavailable extends Schema.TaggedError<Unavailable>()("Unavailable", {
  message: Schema.String,
  hint: Schema.optional(Schema.String)
}) {}

export interface Classified {
  readonly code: ExitCode
  /** Stable name of the failure kind (the error's tag). */
  readonly type: string
  readonly message: string
  readonly hint?: string
}

const tagOf = (error: unknown): string =>
  typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string"
    ? error._tag.replace(/^@its\/tickets\//, "")
    : "Error"

const messageOf = (error: unknown): string => {
  if (error instanceof Error && error.message) return error.message
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string")
    return error.message
  return String(error)
}

const credentialsHint = "check ITS_CLIENT_ID / ITS_CLIENT_SECRET and ITS_ENV (`its env`)"
const upstreamHint = "is ITS (or the simulator: `its sim`) reachable? check ITS_API_URL (`its env`)"

const byTag: Record<string, { code: ExitCode; hint?: string }> = {
  // @its/auth
  TokenRejected: { code: ExitCode.auth, hint: credentialsHint },
  TokenEndpointUnavailable: {
    code: ExitCode.unavailable,
    hint: "is the token endpoint reachable? check ITS_TOKEN_URL"
  },
  TokenTimeout: { code: ExitCode.unavailable, hint: "is the token endpoint reachable? check ITS_TOKEN_URL" },
  TokenResponseMalformed: { code: ExitCode.unavailable, hint: "the token endpoint answered something unusable" },
  // @its/transport (REST)
  Unauthorized: { code: ExitCode.auth, hint: credentialsHint },
  Forbidden: { code: ExitCode.auth, hint: "the service account may not use this API or bookmaker" },
  RateLimited: { code: ExitCode.unavailable, hint: "rate limited by ITS: retry later" },
  Timeout: { code: ExitCode.unavailable, hint: upstreamHint },
  UpstreamUnavailable: { code: ExitCode.unavailable, hint: upstreamHint },
  UnexpectedStatus: { code: ExitCode.unavailable, hint: upstreamHint },
  DecodeFailed: { code: ExitCode.unavailable, hint: "ITS answered something the SDK cannot decode (--verbose)" },
  // @its/transport (data plane)
  ConnectionLost: { code: ExitCode.unavailable, hint: "the outcome is unknown: check before re-sending" },
  ReplyTimeout: { code: ExitCode.unavailable, hint: "the outcome is unknown: check before re-sending" },
  ChannelClosed: { code: ExitCode.unavailable, hint: upstreamHint },
  MessageTooLarge: { code: ExitCode.usage },
  InvalidMessage: { code: ExitCode.usage },
  // @its/models
  ModelRequestRejected: { code: ExitCode.usage, hint: "ITS refused the request as invalid" },
  ModelRequestInvalid: { code: ExitCode.usage },
  ModelServiceFailed: { code: ExitCode.unavailable, hint: "ITS reported an internal error: retry later" },
  ModelResponseInvalid: { code: ExitCode.unavailable, hint: "ITS answered something the SDK cannot use" },
  // @its/tickets
  InvalidTicket: { code: ExitCode.usage, hint: "`its ticket validate --file F` lists every problem" },
  ValidationFailed: { code: ExitCode.usage, hint: "`its ticket validate --file F` lists every problem" },
  DecodeError: { code: ExitCode.usage, hint: "`its ticket example single` prints a valid ticket" },
  ServerError: { code: ExitCode.negative, hint: "the data plane answered with an error-reply" },
  UnexpectedReply: { code: ExitCode.unavailable, hint: "the outcome is unknown: check before re-sending" },
  OutcomeUnknown: { code: ExitCode.unavailable, hint: "the outcome is unknown: check before re-sending" },
  NotSent: { code: ExitCode.unavailable, hint: "nothing was sent; safe to retry once the data plane is reachable" },
  AckFailed: { code: ExitCode.unavailable, hint: "the ticket was accepted but not acknowledged" },
  MissingOperatorId: { code: ExitCode.usage, hint: "set ITS_OPERATOR_ID (the Transaction 3.0 operatorId)" },
  // this CLI
  InputError: { code: ExitCode.usage },
  NegativeOutcome: { code: ExitCode.negative },
  AuthFailure: { code: ExitCode.auth },
  Unavailable: { code: ExitCode.unavailable },
  // @effect/platform HttpClient (gateway calls)
  RequestError: { code: ExitCode.unavailable, hint: "is the gateway reachable? check --via-gateway" },
  ResponseError: { code: ExitCode.unavailable },
  ParseError: { code: ExitCode.usage },
  SystemError: { code: ExitCode.usage },
  BadArgument: { code: ExitCode.usage }
}

const gatewayUrlHint = "is --via-gateway (ITS_GATEWAY_URL) the gateway's base URL?"

/** Exit code and hint of a gateway answer by HTTP status. */
const gatewayStatus = (status: number, outcome: unknown): { code: ExitCode; hint?: string } => {
  if (status === 401) return { code: ExitCode.auth, hint: "check --api-key / ITS_GATEWAY_API_KEY" }
  if (status === 403) return { code: ExitCode.auth, hint: "the API key lacks the scope this operation needs" }
  if (status === 404) return { code: ExitCode.negative }
  if (status === 413) return { code: ExitCode.usage, hint: "the message is over the gateway's body limit" }
  if (status === 429) return { code: ExitCode.unavailable, hint: "rate limited: retry later" }
  if (outcome === "unknown")
    return { code: ExitCode.unavailable, hint: "the ticket's fate is unknown: check it before re-sending" }
  if (outcome === "not-sent")
    return { code: ExitCode.unavailable, hint: "nothing was sent; safe to retry once ITS is reachable" }
  if (status >= 500) return { code: ExitCode.unavailable, hint: "ITS (behind the gateway) is unavailable: retry later" }
  if (status >= 400) return { code: ExitCode.usage }
  return { code: ExitCode.unavailable, hint: gatewayUrlHint }
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, " ")

/** A gateway problem+json answer (`--via-gateway`), decoded by the HttpApi client, classified by its status. */
const problemOf = (error: unknown): Classified | undefined => {
  if (typeof error !== "object" || error === null || !("status" in error) || !("title" in error)) return undefined
  const problem = error as {
    status: unknown
    title: unknown
    detail?: unknown
    ticketOutcome?: unknown
    errors?: unknown
    retryAfterSeconds?: unknown
    requestId?: unknown
  }
  if (typeof problem.status !== "number" || typeof problem.title !== "string") return undefined
  const detail = typeof problem.detail === "string" ? `: ${problem.detail}` : ""
  const items = Array.isArray(problem.errors)
    ? (problem.errors as Array<{ path?: unknown; code?: unknown; message?: unknown }>)
        .slice(0, 3)
        .map((e) => `${String(e.path)} ${String(e.code)} ${String(e.message)}`)
    : []
  const more = Array.isArray(problem.errors) && problem.errors.length > 3 ? ` (+${problem.errors.length - 3} more)` : ""
  const fate =
    problem.ticketOutcome === "unknown"
      ? " — the ticket's fate is unknown (ITS did not confirm it): do not resend blindly"
      : problem.ticketOutcome === "not-sent"
        ? " — the ticket was not sent"
        : ""
  const { code, hint } = gatewayStatus(problem.status, problem.ticketOutcome)
  const retry = typeof problem.retryAfterSeconds === "number" ? ` (retry after ${problem.retryAfterSeconds} s)` : ""
  const request = typeof problem.requestId === "string" ? ` (request id ${problem.requestId})` : ""
  const message = oneLine(
    `gateway ${problem.status}: ${problem.title}${detail}${items.length > 0 ? ` — ${items.join("; ")}${more}` : ""}${fate}`
  )
  const base = { code, type: `Gateway${problem.status}`, message }
  const fullHint = hint === undefined ? (request === "" ? undefined : request.trim()) : `${hint}${retry}${request}`
  return fullHint === undefined ? base : { ...base, hint: fullHint }
}

/** An HTTP answer of the gateway that is not a declared problem (`ResponseError` with a status). */
const responseOf = (error: unknown): Classified | undefined => {
  if (typeof error !== "object" || error === null || tagOf(error) !== "ResponseError") return undefined
  const { response, reason } = error as { response?: { status?: unknown }; reason?: unknown }
  const status = response?.status
  if (typeof status !== "number") return undefined
  if (reason === "Decode")
    return {
      code: ExitCode.unavailable,
      type: "GatewayDecode",
      message: `gateway answered ${status} with a body the CLI cannot decode`,
      hint: gatewayUrlHint
    }
  const { code, hint } = gatewayStatus(status, undefined)
  const base = { code, type: `Gateway${status}`, message: `gateway answered HTTP ${status}` }
  return { ...base, hint: hint ?? gatewayUrlHint }
}

/** Exit code, one-line message and hint for any failure. Messages never contain secrets (the SDK's errors don't). */
export const classify = (error: unknown): Classified => {
  if (ConfigError.isConfigError(error)) {
    const message = String(error).replace(/\s+/g, " ")
    return {
      code: ExitCode.usage,
      type: "ConfigError",
      message: `configuration: ${message}`,
      hint: /CLIENT_(ID|SECRET)/.test(message)
        ? "import credentials with `its credentials import` and `source` the file, or set ITS_CREDENTIALS_FILE"
        : "see `its env` and the README's configuration keys"
    }
  }
  const problem = problemOf(error) ?? responseOf(error)
  if (problem !== undefined) return problem
  const type = tagOf(error)
  const known = byTag[type]
  const own = typeof error === "object" && error !== null && "hint" in error && typeof error.hint === "string"
  const hint = own ? (error as { hint: string }).hint : known?.hint
  // A Schema parse error (e.g. a gateway answer the client cannot decode): each problem as `$.path: message`.
  const message = ParseResult.isParseError(error) ? describeParseError(error).join("; ") : messageOf(error)
  const base = { code: known?.code ?? ExitCode.negative, type, message: message.replace(/\s*\n\s*/g, " ") }
  return hint === undefined ? base : { ...base, hint }
}
