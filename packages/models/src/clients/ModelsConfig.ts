/**
 * Settings of the model clients: the runtime assumptions (`Assumptions.ts`) plus how hard to fan out.
 */
import { Config, type ConfigError, Context, Layer } from "effect"
import { defaultModelsAssumptions, type ModelsAssumptions, modelsAssumptionsConfig } from "../Assumptions.ts"

export interface ModelsSettings extends ModelsAssumptions {
  /**
   * Chunk requests in flight at once per call. The transport's per-API rate limiter still paces every request, so
   * this only bounds parallelism (and memory), never the documented rate.
   */
  readonly concurrency: number
  /** Page size of `accounts.stream` (1–10000, §4.7). */
  readonly accountPageSize: number
}

const defaults: ModelsSettings = { ...defaultModelsAssumptions, concurrency: 4, accountPageSize: 1000 }

export class ModelsConfig extends Context.Tag("@its/models/ModelsConfig")<ModelsConfig, ModelsSettings>() {
  static readonly defaults = defaults

  /** Explicit settings over the defaults (tests, embedding). */
  static readonly layerWith = (settings: Partial<ModelsSettings> = {}): Layer.Layer<ModelsConfig> =>
    Layer.succeed(ModelsConfig, { ...defaults, ...settings })

  /** From `Config`: the `modelsAssumptionsConfig` keys plus `ITS_MODELS_CONCURRENCY` and `ITS_ACCOUNT_PAGE_SIZE`. */
  static readonly layer: Layer.Layer<ModelsConfig, ConfigError.ConfigError> = Layer.effect(
    ModelsConfig,
    Config.all({
      assumptions: modelsAssumptionsConfig,
      concurrency: Config.integer("ITS_MODELS_CONCURRENCY").pipe(
        Config.withDefault(defaults.concurrency),
        Config.validate({ message: "must be a positive integer", validation: (n) => n > 0 })
      ),
      accountPageSize: Config.integer("ITS_ACCOUNT_PAGE_SIZE").pipe(
        Config.withDefault(defaults.accountPageSize),
        Config.validate({ message: "must be between 1 and 10000", validation: (n) => n >= 1 && n <= 10_000 })
      )
    }).pipe(Config.map(({ assumptions, ...rest }) => ({ ...assumptions, ...rest })))
  )
}
