/**
 * The fault plan of the token endpoint: what the next token requests get instead of (or on top of) the normal
 * answer. Pure schemas, shared by `SIM_FAULTS`, the admin API and the in-process `Faults` service. The same plan
 * shape scripts the simulated REST APIs (`RestFaultPlans`, one plan per API id) and the data-plane upgrade.
 */
import { ParseResult, Schema } from "effect"

/** An HTTP error status a fault can answer with. */
export const FaultStatus = Schema.Int.pipe(Schema.between(400, 599))

/** Pass the request through to the real token logic. */
export const OkStep = Schema.Struct({ kind: Schema.Literal("ok") })

/** Answer with `status` and an Auth0-shaped body; `error` defaults from the status (429 → too_many_requests). */
export const ErrorStep = Schema.Struct({
  kind: Schema.Literal("error"),
  status: FaultStatus,
  error: Schema.optional(Schema.String),
  error_description: Schema.optional(Schema.String),
  /** Seconds, sent as the `Retry-After` header. */
  retryAfter: Schema.optional(Schema.NonNegativeInt)
})

/** Destroy the TCP connection without answering: the client sees a transport error. */
export const DropStep = Schema.Struct({ kind: Schema.Literal("drop") })

/** Status 200 with a body that is not JSON (an HTML page by default). */
export const MalformedStep = Schema.Struct({ kind: Schema.Literal("malformed"), body: Schema.optional(Schema.String) })

/** Status 200 with JSON that is not a valid token response (default: no `access_token`, `expires_in: -5`). */
export const MalformedJsonStep = Schema.Struct({
  kind: Schema.Literal("malformed-json"),
  body: Schema.optional(Schema.Unknown)
})

const FaultStepObject = Schema.Union(OkStep, ErrorStep, DropStep, MalformedStep, MalformedJsonStep)

/** Shorthands for JSON written by hand: `"ok"`, `"drop"`, `"malformed"`, `"malformed-json"` or a bare status. */
const FaultStepShorthand = Schema.transformOrFail(
  Schema.Union(Schema.Literal("ok", "drop", "malformed", "malformed-json"), FaultStatus),
  Schema.typeSchema(FaultStepObject),
  {
    strict: true,
    decode: (short) =>
      ParseResult.succeed(typeof short === "number" ? { kind: "error" as const, status: short } : { kind: short }),
    // Never used: encoding a union picks the first member whose type matches, i.e. the object form.
    encode: (step, _, ast) => ParseResult.fail(new ParseResult.Forbidden(ast, step, "shorthands are decode-only"))
  }
)

export const FaultStep = Schema.Union(FaultStepObject, FaultStepShorthand).annotations({ identifier: "FaultStep" })
export type FaultStep = typeof FaultStep.Type

export const FaultPlan = Schema.Struct({
  /** Added to every token request before it is answered. */
  latencyMs: Schema.optional(Schema.NonNegativeInt),
  /** Consumed one step per token request, in order. */
  script: Schema.optional(Schema.Array(FaultStep)),
  /** Used once the script is exhausted (e.g. "always answer 503"). */
  always: Schema.optional(FaultStep)
}).annotations({ identifier: "FaultPlan" })
export type FaultPlan = typeof FaultPlan.Type

export const emptyFaultPlan: FaultPlan = {}

/** One `FaultPlan` per simulated REST API, keyed by API id (`lbs`, `account`, …). */
export const RestFaultPlans = Schema.Record({ key: Schema.String, value: FaultPlan }).annotations({
  identifier: "RestFaultPlans"
})
export type RestFaultPlans = typeof RestFaultPlans.Type
