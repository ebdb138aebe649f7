/**
 * Rate limits of the simulated REST APIs, per API id: pure schemas shared by `SIM_RATE_LIMITS`, the admin API and
 * the in-process `RestRateLimiter`. Each rule is a token bucket like AWS API Gateway's throttling ("300 requests/s,
 * burst 200" = 200 tokens, refilled at 300 per second); a request must find a token in every rule that applies.
 */
import { ParseResult, Schema } from "effect"

export const RateLimitRule = Schema.Struct({
  /** Tokens added per `intervalMs`. */
  limit: Schema.Int.pipe(Schema.positive()),
  intervalMs: Schema.Int.pipe(Schema.positive()),
  /** Bucket size; defaults to `limit`. */
  burst: Schema.optional(Schema.Int.pipe(Schema.positive())),
  /** Only requests with this method (upper case) count; all methods without it. */
  method: Schema.optional(Schema.Literal("GET", "POST", "PUT", "PATCH", "DELETE"))
}).annotations({ identifier: "RateLimitRule" })
export type RateLimitRule = typeof RateLimitRule.Type

/** Rules per API id (`lbs`, `account`, `tournament`, …); an API without rules is not limited. */
export const RateLimits = Schema.Record({ key: Schema.String, value: Schema.Array(RateLimitRule) }).annotations({
  identifier: "RateLimits"
})
export type RateLimits = typeof RateLimits.Type

const second = 1000
const minute = 60 * second
const day = 24 * 60 * minute

/**
 * The documented limits (its-api.md §8.1). Bot uses the stricter FAQ values (10/s, 500/min, 200,000/day; CONFLICT
 * with the 300/s pattern). APIs without documented limits (marker, sccf, event, ltd, rg) are absent.
 */
export const DocumentedRateLimits: RateLimits = {
  lbs: [{ limit: 300, intervalMs: second, burst: 200 }],
  account: [{ limit: 300, intervalMs: second, burst: 200 }],
  ccf: [{ limit: 300, intervalMs: second, burst: 200 }],
  tournament: [
    { limit: 15, intervalMs: minute, burst: 15, method: "POST" },
    { limit: 1, intervalMs: minute, burst: 1, method: "GET" }
  ],
  bot: [
    { limit: 10, intervalMs: second },
    { limit: 500, intervalMs: minute },
    { limit: 200_000, intervalMs: day }
  ]
}

/**
 * The accepted input: `"off"` (no limits, the default), `"documented"` (`DocumentedRateLimits`) or explicit rules.
 * Decodes to `RateLimits`.
 */
export const RateLimitsSetting = Schema.Union(
  RateLimits,
  Schema.transformOrFail(Schema.Literal("off", "documented"), Schema.typeSchema(RateLimits), {
    strict: true,
    decode: (preset) => ParseResult.succeed(preset === "off" ? {} : DocumentedRateLimits),
    encode: (limits, _, ast) => ParseResult.fail(new ParseResult.Forbidden(ast, limits, "presets are decode-only"))
  })
).annotations({ identifier: "RateLimitsSetting" })
