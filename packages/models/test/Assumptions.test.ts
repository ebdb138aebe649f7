/**
 * The runtime knobs default to the documented values and are overridable through configuration.
 */
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Either } from "effect"
import { DefaultBasePaths, defaultModelsAssumptions, ModelsConfig, modelsAssumptionsConfig } from "../src/index.ts"

const load = (entries: Record<string, string>) =>
  Effect.withConfigProvider(modelsAssumptionsConfig, ConfigProvider.fromMap(new Map(Object.entries(entries))))

describe("ModelsAssumptions", () => {
  it.effect("defaults without configuration", () =>
    Effect.gen(function* () {
      expect(yield* load({})).toStrictEqual(defaultModelsAssumptions)
    })
  )

  it.effect("overrides from configuration", () =>
    Effect.gen(function* () {
      const assumptions = yield* load({
        ITS_API_PATH_BOT: "/api/bot/",
        ITS_SCCF_MAX: "100",
        ITS_MAX_IDS_PER_REQUEST: "25",
        ITS_EVENT_ID_FORMAT: "path"
      })
      expect(assumptions.basePaths).toStrictEqual({ ...DefaultBasePaths, bot: "api/bot" })
      expect(assumptions.sccfRange).toStrictEqual({ min: 0, max: 100 })
      expect(assumptions.maxIdsPerRequest).toBe(25)
      expect(assumptions.eventIdFormat).toBe("path")
    })
  )

  it.effect("refuses values outside what the reference allows", () =>
    Effect.gen(function* () {
      for (const bad of [
        { ITS_SCCF_MAX: "101" },
        { ITS_SCCF_MIN: "5", ITS_SCCF_MAX: "4" },
        { ITS_MAX_IDS_PER_REQUEST: "0" },
        { ITS_EVENT_ID_FORMAT: "urn" }
      ]) {
        expect(Either.isLeft(yield* Effect.either(load(bad))), JSON.stringify(bad)).toBe(true)
      }
    })
  )

  it.effect("ModelsConfig.layer adds the client knobs to them", () =>
    Effect.gen(function* () {
      const settings = yield* ModelsConfig
      expect(settings).toStrictEqual({ ...ModelsConfig.defaults, concurrency: 8, eventIdFormat: "path" })
    }).pipe(
      Effect.provide(ModelsConfig.layer),
      Effect.withConfigProvider(
        ConfigProvider.fromMap(
          new Map([
            ["ITS_MODELS_CONCURRENCY", "8"],
            ["ITS_EVENT_ID_FORMAT", "path"]
          ])
        )
      )
    )
  )
})
