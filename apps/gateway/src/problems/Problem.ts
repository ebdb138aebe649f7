/**
 * Errors of the gateway API as RFC 9457 problem details (`application/problem+json`): `type`, `title`, `status`,
 * `detail`, and for validation the list of JSON paths with MTS-style codes. One `Schema.TaggedError` per status
 * (`BadRequestProblem`, …: yieldable, status-annotated), and beside each its wire schema under the short name
 * (`BadRequest`, …): the same fields without `_tag`, which problem+json does not carry. The API definitions declare
 * the wire schemas (so the OpenAPI document and the typed client see exactly the body the gateway writes); decoding
 * one gives back the tagged error, and the short name is also its type.
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

const fieldsOf = <const Status extends number>(status: Status) => ({ ...fields, status: Schema.Literal(status) })

export class BadRequestProblem extends Schema.TaggedError<BadRequestProblem>()(
  "BadRequestProblem",
  fieldsOf(400),
  HttpApiSchema.annotations({ status: 400 })
) {}
export class UnauthorizedProblem extends Schema.TaggedError<UnauthorizedProblem>()(
  "UnauthorizedProblem",
  fieldsOf(401),
  HttpApiSchema.annotations({ status: 401 })
) {}
export class ForbiddenProblem extends Schema.TaggedError<ForbiddenProblem>()(
  "ForbiddenProblem",
  fieldsOf(403),
  HttpApiSchema.annotations({ status: 403 })
) {}
export class NotFoundProblem extends Schema.TaggedError<NotFoundProblem>()(
  "NotFoundProblem",
  fieldsOf(404),
  HttpApiSchema.annotations({ status: 404 })
) {}
export class ConflictProblem extends Schema.TaggedError<ConflictProblem>()(
  "ConflictProblem",
  fieldsOf(409),
  HttpApiSchema.annotations({ status: 409 })
) {}
export class PayloadTooLargeProblem extends Schema.TaggedError<PayloadTooLargeProblem>()(
  "PayloadTooLargeProblem",
  fieldsOf(413),
  HttpApiSchema.annotations({ status: 413 })
) {}
export class UnsupportedMediaTypeProblem extends Schema.TaggedError<UnsupportedMediaTypeProblem>()(
  "UnsupportedMediaTypeProblem",
  fieldsOf(415),
  HttpApiSchema.annotations({ status: 415 })
) {}
export class UnprocessableProblem extends Schema.TaggedError<UnprocessableProblem>()(
  "UnprocessableProblem",
  fieldsOf(422),
  HttpApiSchema.annotations({ status: 422 })
) {}
export class TooManyRequestsProblem extends Schema.TaggedError<TooManyRequestsProblem>()(
  "TooManyRequestsProblem",
  fieldsOf(429),
  HttpApiSchema.annotations({ status: 429 })
) {}
export class InternalErrorProblem extends Schema.TaggedError<InternalErrorProblem>()(
  "InternalErrorProblem",
  fieldsOf(500),
  HttpApiSchema.annotations({ status: 500 })
) {}
export class BadGatewayProblem extends Schema.TaggedError<BadGatewayProblem>()(
  "BadGatewayProblem",
  fieldsOf(502),
  HttpApiSchema.annotations({ status: 502 })
) {}
export class ServiceUnavailableProblem extends Schema.TaggedError<ServiceUnavailableProblem>()(
  "ServiceUnavailableProblem",
  fieldsOf(503),
  HttpApiSchema.annotations({ status: 503 })
) {}
export class GatewayTimeoutProblem extends Schema.TaggedError<GatewayTimeoutProblem>()(
  "GatewayTimeoutProblem",
  fieldsOf(504),
  HttpApiSchema.annotations({ status: 504 })
) {}

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

/** The problem class of each status. */
export interface ProblemOfStatus {
  400: BadRequest
  401: Unauthorized
  403: Forbidden
  404: NotFound
  409: Conflict
  413: PayloadTooLarge
  415: UnsupportedMediaType
  422: Unprocessable
  429: TooManyRequests
  500: InternalError
  502: BadGateway
  503: ServiceUnavailable
  504: GatewayTimeout
}
export type ProblemStatus = keyof ProblemOfStatus

/** A problem's fields (what the wire carries), without `_tag` and `status`. */
type Body = Omit<Schema.Struct.Type<typeof fields>, "status">

const makers: { readonly [S in ProblemStatus]: (body: Body) => ProblemOfStatus[S] } = {
  400: (body) => new BadRequestProblem({ ...body, status: 400 }),
  401: (body) => new UnauthorizedProblem({ ...body, status: 401 }),
  403: (body) => new ForbiddenProblem({ ...body, status: 403 }),
  404: (body) => new NotFoundProblem({ ...body, status: 404 }),
  409: (body) => new ConflictProblem({ ...body, status: 409 }),
  413: (body) => new PayloadTooLargeProblem({ ...body, status: 413 }),
  415: (body) => new UnsupportedMediaTypeProblem({ ...body, status: 415 }),
  422: (body) => new UnprocessableProblem({ ...body, status: 422 }),
  429: (body) => new TooManyRequestsProblem({ ...body, status: 429 }),
  500: (body) => new InternalErrorProblem({ ...body, status: 500 }),
  502: (body) => new BadGatewayProblem({ ...body, status: 502 }),
  503: (body) => new ServiceUnavailableProblem({ ...body, status: 503 }),
  504: (body) => new GatewayTimeoutProblem({ ...body, status: 504 })
}

const problemTags: ReadonlySet<string> = new Set(
  Object.values(makers).map((make) => make({ type: "", title: "" })._tag)
)

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
export function problem<S extends ProblemStatus>(status: S, title: string, input?: ProblemInput): ProblemOfStatus[S]
export function problem(status: ProblemStatus, title: string, input: ProblemInput = {}): Problem {
  return makers[status]({
    type: input.type ?? `/docs/problems/${slug(title)}`,
    title,
    ...(input.detail === undefined ? {} : { detail: input.detail }),
    ...(input.errors === undefined ? {} : { errors: input.errors }),
    ...(input.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: input.retryAfterSeconds }),
    ...(input.ticketOutcome === undefined ? {} : { ticketOutcome: input.ticketOutcome })
  })
}

/** The same problem with other validation items (e.g. paths moved to where the consumer put the content). */
export function withErrors<P extends Problem>(p: P, errors: ReadonlyArray<ProblemItem>): ProblemOfStatus[P["status"]]
export function withErrors(p: Problem, errors: ReadonlyArray<ProblemItem>): Problem {
  return problem(p.status, p.title, {
    type: p.type,
    errors,
    ...(p.detail === undefined ? {} : { detail: p.detail }),
    ...(p.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: p.retryAfterSeconds }),
    ...(p.ticketOutcome === undefined ? {} : { ticketOutcome: p.ticketOutcome })
  })
}

/** The problem+json body of a problem, in the field order the gateway has always written (no `_tag`). */
export const problemBody = (p: Problem, requestId?: string): ProblemJson => ({
  type: p.type,
  title: p.title,
  status: p.status,
  ...(p.detail === undefined ? {} : { detail: p.detail }),
  ...(p.errors === undefined ? {} : { errors: p.errors }),
  ...(p.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: p.retryAfterSeconds }),
  ...(p.ticketOutcome === undefined ? {} : { ticketOutcome: p.ticketOutcome }),
  ...(requestId === undefined ? (p.requestId === undefined ? {} : { requestId: p.requestId }) : { requestId })
})

/**
 * The wire schema of a problem class: the struct problem+json carries (no `_tag`), named by the class's tag (the
 * OpenAPI component, e.g. `BadRequestProblem`) and annotated with its status; it decodes to the tagged error.
 */
const wire = <const Status extends number, A, I extends { readonly _tag: string }>(
  Class: Schema.Schema<A, I>,
  tag: I["_tag"],
  status: Status
) =>
  Schema.transform(Schema.Struct(fieldsOf(status)), Class, {
    strict: false,
    decode: (body) => ({ ...body, _tag: tag }),
    encode: ({ _tag: _, ...body }) => body
  }).annotations({ identifier: tag, ...HttpApiSchema.annotations({ status }) })

/** The wire schemas, declared by the API definitions (`.addError(NotFound)`); each name is also its problem's type. */
export const BadRequest = wire(BadRequestProblem, "BadRequestProblem", 400)
export type BadRequest = BadRequestProblem
export const Unauthorized = wire(UnauthorizedProblem, "UnauthorizedProblem", 401)
export type Unauthorized = UnauthorizedProblem
export const Forbidden = wire(ForbiddenProblem, "ForbiddenProblem", 403)
export type Forbidden = ForbiddenProblem
export const NotFound = wire(NotFoundProblem, "NotFoundProblem", 404)
export type NotFound = NotFoundProblem
export const Conflict = wire(ConflictProblem, "ConflictProblem", 409)
export type Conflict = ConflictProblem
export const PayloadTooLarge = wire(PayloadTooLargeProblem, "PayloadTooLargeProblem", 413)
export type PayloadTooLarge = PayloadTooLargeProblem
export const UnsupportedMediaType = wire(UnsupportedMediaTypeProblem, "UnsupportedMediaTypeProblem", 415)
export type UnsupportedMediaType = UnsupportedMediaTypeProblem
export const Unprocessable = wire(UnprocessableProblem, "UnprocessableProblem", 422)
export type Unprocessable = UnprocessableProblem
export const TooManyRequests = wire(TooManyRequestsProblem, "TooManyRequestsProblem", 429)
export type TooManyRequests = TooManyRequestsProblem
export const InternalError = wire(InternalErrorProblem, "InternalErrorProblem", 500)
export type InternalError = InternalErrorProblem
export const BadGateway = wire(BadGatewayProblem, "BadGatewayProblem", 502)
export type BadGateway = BadGatewayProblem
export const ServiceUnavailable = wire(ServiceUnavailableProblem, "ServiceUnavailableProblem", 503)
export type ServiceUnavailable = ServiceUnavailableProblem
export const GatewayTimeout = wire(GatewayTimeoutProblem, "GatewayTimeoutProblem", 504)
export type GatewayTimeout = GatewayTimeoutProblem

const ProblemFields = Schema.Struct(fields)
/** The encoded shape of every problem (for clients and tests). */
export const ProblemJson = ProblemFields.annotations({ identifier: "ProblemJson" })
export type ProblemJson = typeof ProblemJson.Encoded

export const isProblem = (u: unknown): u is Problem =>
  typeof u === "object" && u !== null && "_tag" in u && typeof u._tag === "string" && problemTags.has(u._tag)
