/**
 * Every model-API detail the reference marks as *unknown*, ASSUMPTION or CONFLICT, in one place.
 * Reference: /work/shared/reference/its-api.md (section numbers below refer to it).
 *
 * Two kinds of entries:
 * - **Wire shape** (operation paths, which HTTP status carries which `responseStatus`): compiled into the
 *   `HttpApi` definitions, so the client, the simulator and OpenAPI agree. Change them here, nowhere else.
 * - **Runtime knobs** (`ModelsAssumptions`: base paths, sCCF range, chunk sizes, event id format): plain data
 *   with documented defaults, overridable through `Config` (`modelsAssumptionsConfig`) or by passing a value.
 *
 * Schema-shape assumptions that cannot be plain data are listed at the end of this file with the module that
 * holds them.
 */
import { ApiBasePaths, type ApiRateLimits, DocumentedRateLimits, type ItsApi, ItsApis } from "@its/transport"
import { Config } from "effect"

/**
 * The model APIs, their default base paths (§1.2, with the CONFLICT/ASSUMPTION notes) and documented rate limits
 * (§4, §8.1) are owned by `@its/transport` (its Assumptions.ts), which keys base URLs, rate limiters and
 * credentials by the same ids; they are re-exported here under the models' names.
 */
export const ModelApiIds = ItsApis
export type ModelApiId = ItsApi
export const DefaultBasePaths: Readonly<Record<ModelApiId, string>> = ApiBasePaths
export { type ApiRateLimits, DocumentedRateLimits }

/** Operation paths the reference does not state. Parameters use HttpApi's `:name` syntax. */
export const AssumedPaths = {
  /**
   * Key-value score APIs, "for specific accounts" (§4.1). Documented for Bot, Marker and CCF;
   * ASSUMPTION A9: identical for LBS and sCCF.
   */
  scoresForAccounts: "/v1/bookmakers/:bookmaker/sub-bookmakers/:subBookmaker/source",
  /** Key-value score APIs, "in a range" (§4.1): method and path unknown — ASSUMPTION A9. */
  scoresInRange: "/v1/bookmakers/:bookmaker/sub-bookmakers/:subBookmaker/range",
  /** Event bulk fetch (§4.8, "POST /fetch"): ASSUMPTION A11. */
  eventFetch: "/v1/bookmakers/:bookmaker/fetch",
  /** Tournament bulk fetch (§4.9): path unknown; ASSUMPTION: shaped like the Event fetch. */
  tournamentFetch: "/v1/bookmakers/:bookmaker/fetch",
  /**
   * Tournament GET (§4.9: "a GET endpoint also exists", inputs bookmaker, sportId, categoryId): path unknown.
   * ASSUMPTION: the ratings of every tournament in one category.
   */
  tournamentsByCategory: "/v1/bookmakers/:bookmaker/sports/:sportId/categories/:categoryId",
  /** LTD (§5): method and path unknown; ASSUMPTION A12: `POST …/v1/bookmakers/{bookmaker}/…` with the ticket. */
  ltdSuggestion: "/v1/bookmakers/:bookmaker/ticket"
} as const

/**
 * Which HTTP status carries which non-successful `responseStatus` of the key-value score APIs (§4.1, §8.2).
 * ASSUMPTION (A7, A8): the docs only name the responses (Success, Unauthorized, Access denied, Throttled,
 * Internal error). `KEY_NOT_FOUND` may also arrive with 200; the success schema accepts every status.
 */
export const ScoreFailureHttpStatus = {
  VALIDATION_FAILED: 400,
  KEY_NOT_FOUND: 404,
  ERROR: 500
} as const

/**
 * sCCF range, CONFLICT (§4.5, §10 Q9): FAQ 0.00–10.00, overview 0.00–100.00. Decoding accepts the union of both
 * (`SccfDecodeRange`) so no documented value is ever a decode failure; clients then check the configured
 * `sccfRange` (default 0–10, which matches CCF and the sCCF bands).
 */
export const SccfDecodeRange = { min: 0, max: 100 } as const

/**
 * Name of the "changed since" filter of the RG bulk endpoint (§7.2, §10 Q14): unknown. ASSUMPTION: `changedSince`
 * (ISO-8601 date-time).
 */
export const RgChangedSinceParam = "changedSince" as const

/**
 * RG `riskCategory` numbering (§7.3, ASSUMPTION A16): 0 No risk, 1 Low, 2 Medium, 3 High, 4 Very high — consistent
 * with the example (score 54 → 1). Whether a score of exactly 100 is "Very high" is not stated; we say yes.
 */
export const RgRiskCategoryOrder = ["noRisk", "low", "medium", "high", "veryHigh"] as const

/** How event ids are sent to the Event fetch endpoint — CONFLICT (§4.8): OpenAPI objects vs path-like strings. */
export type EventIdFormat = "object" | "path"

/** The runtime knobs. Read by the clients (and the transport/simulator where they need them). */
export interface ModelsAssumptions {
  /** Base path per API (see `DefaultBasePaths`). */
  readonly basePaths: Readonly<Record<ModelApiId, string>>
  /** The range an sCCF score must be in, after decoding (see `SccfDecodeRange`). */
  readonly sccfRange: { readonly min: number; readonly max: number }
  /**
   * Maximum ids per `customer`/`shop`/`terminal` query and per `ids` array (§8.5, §10 Q7): unknown.
   * ASSUMPTION: 100 keeps URLs well under common 8 KiB limits with 64-character ids.
   */
  readonly maxIdsPerRequest: number
  /** Event id format for the Event fetch (CONFLICT §4.8). Default: the OpenAPI object form. */
  readonly eventIdFormat: EventIdFormat
}

export const defaultModelsAssumptions: ModelsAssumptions = {
  basePaths: DefaultBasePaths,
  sccfRange: { min: 0, max: 10 },
  maxIdsPerRequest: 100,
  eventIdFormat: "object"
}

/** The same key the transport reads (`ITS_API_PATH_<API>`, @its/transport ItsEnvironment), so both agree. */
const basePathConfig = (api: ModelApiId) =>
  Config.string(`ITS_API_PATH_${api.toUpperCase()}`).pipe(
    Config.map((path) => path.trim().replace(/^\/+|\/+$/g, "")),
    Config.withDefault(DefaultBasePaths[api])
  )

/**
 * `ModelsAssumptions` from configuration, every key optional: `ITS_API_PATH_<API>` (e.g. `ITS_API_PATH_BOT`),
 * `ITS_SCCF_MIN`, `ITS_SCCF_MAX`, `ITS_MAX_IDS_PER_REQUEST`, `ITS_EVENT_ID_FORMAT` (`object` | `path`).
 */
export const modelsAssumptionsConfig: Config.Config<ModelsAssumptions> = Config.all({
  basePaths: Config.all({
    lbs: basePathConfig("lbs"),
    bot: basePathConfig("bot"),
    marker: basePathConfig("marker"),
    sccf: basePathConfig("sccf"),
    ccf: basePathConfig("ccf"),
    account: basePathConfig("account"),
    event: basePathConfig("event"),
    tournament: basePathConfig("tournament"),
    ltd: basePathConfig("ltd"),
    rg: basePathConfig("rg")
  }),
  sccfRange: Config.all({
    min: Config.number("ITS_SCCF_MIN").pipe(Config.withDefault(defaultModelsAssumptions.sccfRange.min)),
    max: Config.number("ITS_SCCF_MAX").pipe(Config.withDefault(defaultModelsAssumptions.sccfRange.max))
  }).pipe(
    Config.validate({
      message: `the sCCF range must lie within ${SccfDecodeRange.min}–${SccfDecodeRange.max} with min <= max`,
      validation: ({ min, max }) => SccfDecodeRange.min <= min && min <= max && max <= SccfDecodeRange.max
    })
  ),
  maxIdsPerRequest: Config.integer("ITS_MAX_IDS_PER_REQUEST").pipe(
    Config.withDefault(defaultModelsAssumptions.maxIdsPerRequest),
    Config.validate({ message: "must be a positive integer", validation: (n) => n > 0 })
  ),
  eventIdFormat: Config.literal(
    "object",
    "path"
  )("ITS_EVENT_ID_FORMAT").pipe(Config.withDefault(defaultModelsAssumptions.eventIdFormat))
})

/*
 * Schema-shape assumptions (kept next to the schema they shape):
 * - Ids.ts — bookmaker and sub-bookmaker ids are the int32 ids of §2 (RG, Account items) also in the score paths;
 *   account ids are 1–64 characters (the RG limit, §7.2) without commas (lists are comma-separated, §4.1).
 * - ScoreApi.ts — error bodies of the score APIs are the envelope (§8.2); 401/403/429 bodies are API-Gateway-style
 *   `{ message }` (A8); `queryExecutionTime` is an integer in milliseconds (A6); `lastEvaluatedKey` → `startKey` (A6).
 * - Scores: scores without a documented pattern are plain decimals (`^\d+(\.\d+)?$`).
 * - Event.ts — the envelope-wrapped Event response carries `responseItem.items` (A11); prose fields `ltd`, `sLtd`,
 *   `sEr` are optional numbers (CONFLICT §4.8); `liveTimeDelaySettings` values are non-negative integers with no
 *   upper bound (CONFLICT §10 Q13: schema 1–10 vs prose seconds).
 * - Ltd.ts — `ltdSuggestion`/`ltdSuggestionEdl` are non-negative decimal strings (seconds) even for `N/A`;
 *   the Forbidden body has the Unauthorized shape `{ errorCode?, message }` (§5).
 * - Rg.ts — the bulk endpoint returns an array of `PlayerRiskProfileDto` (§7.2); 404/500 bodies are
 *   `{ message }` JSON or plain text (§7.2).
 * - Account.ts — per-account lookup is `filters=accountId:eq:<id>` (A10); Account error bodies are
 *   `{ errorMessage }` with 400/500 (§8.2).
 */
