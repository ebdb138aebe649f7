/**
 * Every documented-but-uncertain value the transport relies on, in one place. Each entry cites the reference
 * section it comes from and says whether it is documented, a CONFLICT between Sportradar sources, or our
 * ASSUMPTION. Everything here is a default that configuration can override (see README "Configuration").
 *
 * References: /work/shared/reference/its-api.md (ITS) and transaction-3.0.md (T3.0).
 */

import type { Duration } from "effect"

/** The environments the toolkit knows. `local` is the bundled simulator (tools/simulator). */
export const EnvironmentNames = ["local", "integration", "production"] as const
export type EnvironmentName = (typeof EnvironmentNames)[number]

/**
 * The bundled simulator's addresses and demo client (tools/simulator `Config.ts` defaults: 127.0.0.1:4010,
 * client `its-sim-client` / `its-sim-secret`). ASSUMPTION: the simulator serves the token endpoint at
 * `/oauth/token` (the shared `TokenPath` of @its/auth) and the data plane at `/dataplane` on the same port.
 */
export const LocalSimulator = {
  apiUrl: "http://127.0.0.1:4010",
  tokenUrl: "http://127.0.0.1:4010/oauth/token",
  wsUrl: "ws://127.0.0.1:4010/dataplane",
  clientId: "its-sim-client",
  clientSecret: "its-sim-secret"
} as const

export interface EnvironmentDefaults {
  /** ITS REST base URL (its-api.md §0, §1.1). */
  readonly apiUrl: string
  /** OAuth token endpoint (its-api.md §1.3, §1.4). */
  readonly tokenUrl: string
  /** REST (and Bettor Sense) token audience (its-api.md §0, §1.3). */
  readonly audience: string
  /** Transaction 3.0 data-plane WebSocket URL (transaction-3.0.md §1). */
  readonly wsUrl: string
  /** Data-plane token audience (its-api.md §1.8, transaction-3.0.md §1). */
  readonly wsAudience: string
}

export const EnvironmentDefaults: Record<EnvironmentName, EnvironmentDefaults> = {
  // The simulator issues tokens for the non-production audiences (tools/simulator `ItsAudiences`).
  local: {
    apiUrl: LocalSimulator.apiUrl,
    tokenUrl: LocalSimulator.tokenUrl,
    audience: "mts-insight-tech-non-prod",
    wsUrl: LocalSimulator.wsUrl,
    wsAudience: "mbs-dp-non-prod-wss"
  },
  integration: {
    apiUrl: "https://api.insighttechservices-nonprod.sportradar.dev/ci",
    // CONFLICT (its-api.md §1.4): older pages and the Common IAM guide say https://stg-auth.sportradar.com/oauth/token
    // for integration. Documented decision: default to auth.sportradar.com; override with ITS_TOKEN_URL.
    tokenUrl: "https://auth.sportradar.com/oauth/token",
    audience: "mts-insight-tech-non-prod",
    // ASSUMPTION (transaction-3.0.md §1): the URL path is unknown; we use `/` (host only, port 443).
    wsUrl: "wss://wss.dataplane-nonprod.sportradar.dev",
    wsAudience: "mbs-dp-non-prod-wss"
  },
  production: {
    apiUrl: "https://api.insighttechservices.sportradar.com",
    tokenUrl: "https://auth.sportradar.com/oauth/token",
    audience: "mts-insight-tech",
    // ASSUMPTION (transaction-3.0.md §1): path `/`.
    wsUrl: "wss://wss.dataplane.sportradar.com",
    wsAudience: "mbs-dp-production-wss"
  }
}

/** The ITS REST APIs the transport can address. Keys are stable identifiers used in config keys and metrics. */
export const ItsApis = ["lbs", "marker", "sccf", "ccf", "bot", "account", "event", "tournament", "ltd", "rg"] as const
export type ItsApi = (typeof ItsApis)[number]

/**
 * `basePath` per API (its-api.md §1.2). Full URL = base URL + `/` + basePath + operation path — ASSUMPTION A1
 * (its-api.md §10): the docs' curl examples only show `https://<URL>/v1/...`.
 */
export const ApiBasePaths: Record<ItsApi, string> = {
  lbs: "api/lbs",
  marker: "api/mscore",
  sccf: "api/sccf",
  account: "api/account",
  event: "api/event",
  tournament: "api/tournament",
  ltd: "api/ltd",
  // CONFLICT (its-api.md §7.1): a rendered example shows `/rg/api/...`; the OpenAPI servers say `api/rg` (used).
  // The RG integration host also differs (api.nonprod.insighttech.ai/ci): set ITS_API_URL_RG if needed.
  rg: "api/rg",
  // ASSUMPTION A2 (its-api.md §1.2, §10 Q2): Bot and CCF base paths are unknown.
  bot: "api/bscore",
  ccf: "api/ccf"
}

/**
 * ASSUMPTION A16 / its-api.md §1.6: some page versions mention a per-environment `x-api-key` (possibly RG only).
 * It is sent only when `ITS_API_KEY_<API>` is configured; off by default.
 */
export const ApiKeyHeader = "x-api-key"

/** A limit the client enforces before sending: at most `limit` starts per `interval`. */
export interface LimiterSpec {
  readonly limit: number
  readonly interval: Duration.DurationInput
  readonly algorithm: "token-bucket" | "fixed-window"
}

/**
 * Documented rate limits (its-api.md §4, §8.1). Per API, limiters for all methods (`all`) and/or per method.
 * Several limiters for one key are composed (all must admit a request).
 *
 * "N/s, burst B" is a token bucket holding B tokens refilled at N/s: Effect's `RateLimiter` token bucket with
 * `limit: B` refills one token every ceil(interval / limit) ms, so `interval = B / N` seconds. Effect rounds the
 * refill step up to whole milliseconds: 300/s burst 200 becomes one token per 4 ms = 250/s (below the documented
 * limit, so on the safe side).
 *
 * Unknown limits (Marker, sCCF, Event, LTD, RG — its-api.md §8.1) are not enforced client-side.
 */
export interface ApiRateLimits {
  readonly all?: ReadonlyArray<LimiterSpec>
  readonly GET?: ReadonlyArray<LimiterSpec>
  readonly POST?: ReadonlyArray<LimiterSpec>
}

const perSecondWithBurst = (perSecond: number, burst: number): LimiterSpec => ({
  limit: burst,
  interval: `${Math.round((burst / perSecond) * 1000)} millis` as const,
  algorithm: "token-bucket"
})

export const DocumentedRateLimits: Record<ItsApi, ApiRateLimits> = {
  lbs: { all: [perSecondWithBurst(300, 200)] },
  account: { all: [perSecondWithBurst(300, 200)] },
  ccf: { all: [perSecondWithBurst(300, 200)] },
  // CONFLICT (its-api.md §4.3, §8.1): the Bot FAQ says 10/s, 500/min, 200 000/day; other pages say 300/s.
  // The stricter FAQ values are used, composed.
  bot: {
    all: [
      { limit: 10, interval: "1 seconds", algorithm: "token-bucket" },
      { limit: 500, interval: "1 minutes", algorithm: "token-bucket" },
      { limit: 200_000, interval: "1 days", algorithm: "token-bucket" }
    ]
  },
  // its-api.md §4.9: POST 15/min (burst 15), GET 1/min (burst 1).
  tournament: {
    POST: [{ limit: 15, interval: "1 minutes", algorithm: "token-bucket" }],
    GET: [{ limit: 1, interval: "1 minutes", algorithm: "token-bucket" }]
  },
  marker: {},
  sccf: {},
  event: {},
  ltd: {},
  rg: {}
}

/** Data-plane limits and timings (transaction-3.0.md §1; official SDKs). */
export const DataPlaneDefaults = {
  /** "messages larger than 128,000 bytes (UTF-8) are refused" (official SDKs). */
  maxMessageBytes: 128_000,
  /**
   * ASSUMPTION: no reply size is documented; replies are small, so an incoming message over twice the request cap
   * is refused (`ws` `maxPayload`: the connection closes with 1009) instead of being buffered whole.
   */
  maxIncomingBytes: 256_000,
  /** "outgoing messages are sent in fragmented frames of 32,000 bytes" (official SDKs). */
  fragmentBytes: 32_000,
  /** Reply timeout per request, official .NET SDK default 20 s. */
  requestTimeout: "20 seconds",
  /** "the WebSocket connection is replaced every 100 minutes" (official .NET SDK). */
  maxConnectionAge: "100 minutes",
  /**
   * ASSUMPTION (transaction-3.0.md §1): the token is checked only at the upgrade, yet we also replace the
   * connection before the upgrade token's hard expiry (TokenProvider's hard margin, 30 s by default), so a
   * server that does enforce `exp` on open connections never cuts us off mid-request.
   */
  rotateBeforeTokenExpiry: true,
  /** ASSUMPTION: no keep-alive interval is documented; 30 s pings, 10 s to answer. */
  pingInterval: "30 seconds",
  pongTimeout: "10 seconds",
  /** ASSUMPTION: no in-flight limit is documented; bounded client-side to keep memory bounded. */
  maxInFlight: 1000
} as const

/**
 * ASSUMPTION (its-api.md §8.1, §8.5): no rate-limit headers are documented; `Retry-After` is honoured if present.
 * ASSUMPTION A8 (its-api.md §8.2): 401 Unauthorized, 403 Access denied, 429 Throttled, 500 Internal error.
 */
export const RetryableStatuses: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504])

// ASSUMPTION (its-api.md §2, A13): `operatorId` (T3.0) usually equals `bookmaker`, but both are configured
// separately (`ITS_OPERATOR_ID`, `ITS_BOOKMAKER_ID`) and neither has a default, not even for `local`.
