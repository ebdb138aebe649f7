/**
 * Rate limits of the simulated REST APIs, per API id: pure schemas shared by `SIM_RATE_LIMITS`, the admin API and
 * the in-process `RestRateLimiter`. Each rule is a token bucket like AWS API Gateway's throttling ("300 requests/s,
 * burst 200" = 200 tokens, refilled at 300 per second); a request must find a token in every rule that applies.
 * The documented limits are not restated here: the `"documented"` preset is `@its/transport`'s `DocumentedRateLimits`
 * (the table the client paces itself with), written as rules.
 */
import { type ApiRateLimits, DocumentedRateLimits, type LimiterSpec } from "@its/transport"
import { Duration, ParseResult, Schema } from "effect"

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

/**
 * A transport limiter as a rule: `limit` tokens refilled over `interval` (the bucket holds `limit`). Every documented
 * limiter is a token bucket; a fixed-window spec is served as a bucket of the same size and period.
 */
const ruleOf = (spec: LimiterSpec, method?: "GET" | "POST"): RateLimitRule => ({
  limit: spec.limit,
  intervalMs: Duration.toMillis(spec.interval),
  ...(method === undefined ? {} : { method })
})

const rulesOf = (limits: ApiRateLimits): ReadonlyArray<RateLimitRule> => [
  ...(limits.all ?? []).map((spec) => ruleOf(spec)),
  ...(limits.GET ?? []).map((spec) => ruleOf(spec, "GET")),
  ...(limits.POST ?? []).map((spec) => ruleOf(spec, "POST"))
]

/**
 * The documented limits (its-api.md §8.1) as `@its/transport` records them, so the simulator throttles exactly what
 * the client paces itself to. APIs without documented limits (marker, sccf, event, ltd, rg) are absent.
 */
export const DocumentedRateLimitRules: RateLimits = Object.fromEntries(
  Object.entries(DocumentedRateLimits).flatMap(([api, limits]) => {
    const rules = rulesOf(limits)
    return rules.length === 0 ? [] : [[api, rules] as const]
  })
)

/**
 * The accepted input: `"off"` (no limits, the default), `"documented"` (`DocumentedRateLimitRules`) or explicit
 * rules. Decodes to `RateLimits`.
 */
export const RateLimitsSetting = Schema.Union(
  RateLimits,
  Schema.transformOrFail(Schema.Literal("off", "documented"), Schema.typeSchema(RateLimits), {
    strict: true,
    decode: (preset) => ParseResult.succeed(preset === "off" ? {} : DocumentedRateLimitRules),
    encode: (limits, _, ast) => ParseResult.fail(new ParseResult.Forbidden(ast, limits, "presets are decode-only"))
  })
).annotations({ identifier: "RateLimitsSetting" })
