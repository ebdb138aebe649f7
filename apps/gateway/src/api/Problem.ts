/**
 * Errors of the gateway API as RFC 9457 problem details (`application/problem+json`): `type`, `title`, `status`,
 * `detail`, and for validation the list of JSON paths with MTS-style codes. One class per status so the OpenAPI
 * document lists each; `ProblemResponses.toResponse` writes them (with `Retry-After` where it applies).
 */
import { HttpApiSchema } from "@effect/platform"
import { Schema } from "effect"

/** One problem with the request: a JSON path (`$.content.bets[0].stake`), an MTS-style code, a message. */
export const ProblemItem = Schema.Struct({
  path: Schema.String,
  code: Schema.Int,
  message: Schema.String
}).annotations({ identifier: "ProblemItem" })
export type ProblemItem = typeof ProblemItem.Type

const fields = {
  /** A URI naming the kind of problem (relative to the gateway's docs). */
  type: Schema.String,
  title: Schema.String,
  status: Schema.Int,
  detail: Schema.optional(Schema.String),
  /** The request id (also in the `X-Request-Id` header), for support. */
  requestId: Schema.optional(Schema.String),
  /** Validation problems, every one found. */
  errors: Schema.optional(Schema.Array(ProblemItem)),
  /** When to try again (also in `Retry-After`). */
  retryAfterSeconds: Schema.optional(Schema.Int),
  /** Ticket operations whose outcome ITS did not confirm: the consumer must not assume either outcome. */
  ticketOutcome: Schema.optional(Schema.Literal("unknown", "not-sent"))
}

type FieldsOf<Status extends number> = Omit<typeof fields, "status"> & { status: Schema.Literal<[Status]> }

/** The instance type of a problem class: the fields, with a literal `status`. */
export type ProblemOf<Status extends number> = Schema.Struct.Type<FieldsOf<Status>>

const problemClass = <const Status extends number>(status: Status, identifier: string) =>
  Schema.Class<ProblemOf<Status>>(identifier)({ ...fields, status: Schema.Literal(status) } as FieldsOf<Status>, {
    ...HttpApiSchema.annotations({ status }),
    identifier
  })

export class BadRequest extends problemClass(400, "BadRequestProblem") {}
export class Unauthorized extends problemClass(401, "UnauthorizedProblem") {}
export class Forbidden extends problemClass(403, "ForbiddenProblem") {}
export class NotFound extends problemClass(404, "NotFoundProblem") {}
export class Conflict extends problemClass(409, "ConflictProblem") {}
export class PayloadTooLarge extends problemClass(413, "PayloadTooLargeProblem") {}
export class UnsupportedMediaType extends problemClass(415, "UnsupportedMediaTypeProblem") {}
export class Unprocessable extends problemClass(422, "UnprocessableProblem") {}
export class TooManyRequests extends problemClass(429, "TooManyRequestsProblem") {}
export class InternalError extends problemClass(500, "InternalErrorProblem") {}
export class BadGateway extends problemClass(502, "BadGatewayProblem") {}
export class ServiceUnavailable extends problemClass(503, "ServiceUnavailableProblem") {}
export class GatewayTimeout extends problemClass(504, "GatewayTimeoutProblem") {}

export type Problem =
  | BadRequest
  | Unauthorized
  | Forbidden
  | NotFound
  | Conflict
  | PayloadTooLarge
  | UnsupportedMediaType
  | Unprocessable
  | TooManyRequests
  | InternalError
  | BadGateway
  | ServiceUnavailable
  | GatewayTimeout

const classes = {
  400: BadRequest,
  401: Unauthorized,
  403: Forbidden,
  404: NotFound,
  409: Conflict,
  413: PayloadTooLarge,
  415: UnsupportedMediaType,
  422: Unprocessable,
  429: TooManyRequests,
  500: InternalError,
  502: BadGateway,
  503: ServiceUnavailable,
  504: GatewayTimeout
} as const

export type ProblemStatus = keyof typeof classes

const slug = (title: string) => title.toLowerCase().replaceAll(/[^a-z0-9]+/g, "-")

export interface ProblemInput {
  readonly detail?: string
  readonly errors?: ReadonlyArray<ProblemItem>
  readonly retryAfterSeconds?: number
  readonly ticketOutcome?: "unknown" | "not-sent"
  /** Defaults to a slug of the title under `/docs/problems/`. */
  readonly type?: string
}

/** Builds the problem of a status: `problem(404, "Inform not found", { detail })`. */
export const problem = <S extends ProblemStatus>(
  status: S,
  title: string,
  input: ProblemInput = {}
): InstanceType<(typeof classes)[S]> => {
  const Class = classes[status] as unknown as new (props: ProblemOf<S>) => InstanceType<(typeof classes)[S]>
  return new Class({
    type: input.type ?? `/docs/problems/${slug(title)}`,
    title,
    status,
    ...(input.detail === undefined ? {} : { detail: input.detail }),
    ...(input.errors === undefined ? {} : { errors: input.errors }),
    ...(input.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: input.retryAfterSeconds }),
    ...(input.ticketOutcome === undefined ? {} : { ticketOutcome: input.ticketOutcome })
  })
}

const ProblemFields = Schema.Struct(fields)
/** The encoded shape of every problem (for clients and tests). */
export const ProblemJson = ProblemFields.annotations({ identifier: "ProblemJson" })
export type ProblemJson = typeof ProblemJson.Encoded

export const isProblem = (u: unknown): u is Problem => Object.values(classes).some((Class) => u instanceof Class)
