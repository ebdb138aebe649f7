/**
 * Settings of the score cache (gateway §3): how many entries it may hold and how long each model's answers stay
 * fresh. Read through Effect `Config`:
 *
 * | key                          | default  | meaning                                                            |
 * | ---------------------------- | -------- | ------------------------------------------------------------------ |
 * | `SCORE_CACHE_MAX_ENTRIES`    | 100000   | entries (one per model × bookmaker × sub-bookmaker × type × id)    |
 * | `SCORE_CACHE_TTL_LBS`        | 1 hour   | Late Bet Score: daily batch (its-api.md §4.2)                      |
 * | `SCORE_CACHE_TTL_BOT`        | 5 min    | Bot Score: "regular" cadence, not documented (§4.3) — see below    |
 * | `SCORE_CACHE_TTL_MARKER`     | 1 hour   | Marker Score: daily (§4.4)                                         |
 * | `SCORE_CACHE_TTL_SCCF`       | 1 hour   | suggested CCF: daily (§4.5)                                        |
 * | `SCORE_CACHE_TTL_CCF`        | 0        | CCF is live (§4.6): not cached, every lookup goes upstream         |
 *
 * A TTL is either a plain number of **seconds** (`3600`, `0.5`) or an Effect duration string (`"90 seconds"`,
 * `"1 hour"`, `"250 millis"`). `0` turns caching off for that model (pass-through; answers say `cached: false`).
 */
import { Config, ConfigError, Context, Duration, Either, Layer, Option } from "effect"

/** The score models the cache fronts (the `Models` members of the same names). */
export type ScoreModel = "lbs" | "bot" | "marker" | "sccf" | "ccf"
export const scoreModels: ReadonlyArray<ScoreModel> = ["lbs", "bot", "marker", "sccf", "ccf"]

export interface ScoreCacheSettings {
  /** Upper bound of stored entries over all models; the least recently used entry goes first. */
  readonly maxEntries: number
  /** Freshness per model; `Duration.zero` = not cached. */
  readonly ttl: Readonly<Record<ScoreModel, Duration.Duration>>
}

const defaults: ScoreCacheSettings = {
  maxEntries: 100_000,
  ttl: {
    // Daily batches: a value stays valid until the next run, so an hour only bounds how late we see a new run.
    lbs: Duration.hours(1),
    // ASSUMPTION: its-api.md §4.3 only says Bot scores are computed "regularly" (no period, unlike the "daily"
    // models), so assume they can change within the day and keep them briefly.
    bot: Duration.minutes(5),
    marker: Duration.hours(1),
    sccf: Duration.hours(1),
    // CCF is the live operational factor (§4.6): a stale value would misprice tickets.
    ccf: Duration.zero
  }
}

/** Seconds (`"3600"`, `"0.5"`) or an Effect duration string (`"5 minutes"`); never negative. */
export const parseTtl = (text: string): Either.Either<Duration.Duration, string> => {
  const trimmed = text.trim()
  const seconds = /^\d+(\.\d+)?$/.test(trimmed) ? Option.some(Number(trimmed)) : Option.none()
  // Effect clamps negative durations to zero; a negative TTL is a mistake, not "off".
  const duration = Option.match(seconds, {
    onSome: (s) => Option.some(Duration.seconds(s)),
    onNone: () => (trimmed.startsWith("-") ? Option.none() : Duration.decodeUnknown(trimmed))
  })
  return Option.match(
    Option.filter(duration, (d) => Duration.toMillis(d) >= 0 && Duration.isFinite(d)),
    {
      onNone: () => Either.left(`"${text}" is not a duration: use seconds (e.g. 3600) or e.g. "1 hour"`),
      onSome: Either.right
    }
  )
}

const ttlConfig = (model: ScoreModel) =>
  Config.string(`SCORE_CACHE_TTL_${model.toUpperCase()}`).pipe(
    Config.mapOrFail((text) => Either.mapLeft(parseTtl(text), (message) => ConfigError.InvalidData([], message))),
    Config.withDefault(defaults.ttl[model])
  )

/** Every `SCORE_CACHE_*` key. */
export const scoreCacheConfig: Config.Config<ScoreCacheSettings> = Config.all({
  maxEntries: Config.integer("SCORE_CACHE_MAX_ENTRIES").pipe(
    Config.withDefault(defaults.maxEntries),
    Config.validate({ message: "must be a positive integer", validation: (n) => n > 0 })
  ),
  ttl: Config.all({
    lbs: ttlConfig("lbs"),
    bot: ttlConfig("bot"),
    marker: ttlConfig("marker"),
    sccf: ttlConfig("sccf"),
    ccf: ttlConfig("ccf")
  })
})

export class ScoreCacheConfig extends Context.Tag("@its/gateway/scores/ScoreCacheConfig")<
  ScoreCacheConfig,
  ScoreCacheSettings
>() {
  static readonly defaults = defaults

  /** Fixed settings (tests); TTLs given are merged into the defaults. */
  static readonly layerWith = (
    settings: { readonly maxEntries?: number; readonly ttl?: Partial<Record<ScoreModel, Duration.DurationInput>> } = {}
  ) =>
    Layer.succeed(ScoreCacheConfig, {
      maxEntries: settings.maxEntries ?? defaults.maxEntries,
      ttl: {
        lbs: Duration.decode(settings.ttl?.lbs ?? defaults.ttl.lbs),
        bot: Duration.decode(settings.ttl?.bot ?? defaults.ttl.bot),
        marker: Duration.decode(settings.ttl?.marker ?? defaults.ttl.marker),
        sccf: Duration.decode(settings.ttl?.sccf ?? defaults.ttl.sccf),
        ccf: Duration.decode(settings.ttl?.ccf ?? defaults.ttl.ccf)
      }
    })

  static readonly layer: Layer.Layer<ScoreCacheConfig, ConfigError.ConfigError> = Layer.effect(
    ScoreCacheConfig,
    scoreCacheConfig
  )
}
