/**
 * `ItsModelsApi` renders to OpenAPI with every path under its base path, and the `apis` table agrees with it.
 */
import { OpenApi } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { apis, DefaultBasePaths, ItsModelsApi, ModelApiIds } from "../src/index.ts"

describe("OpenAPI", () => {
  const spec = OpenApi.fromApi(ItsModelsApi)

  it("has every operation path", () => {
    const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)
    )
    expect(operations.sort()).toMatchInlineSnapshot(`
      [
        "GET /api/account/v1/bookmakers/{bookmaker}",
        "GET /api/bscore/v1/bookmakers/{bookmaker}/sub-bookmakers/{subBookmaker}/range",
        "GET /api/bscore/v1/bookmakers/{bookmaker}/sub-bookmakers/{subBookmaker}/source",
        "GET /api/ccf/v1/bookmakers/{bookmaker}/sub-bookmakers/{subBookmaker}/range",
        "GET /api/ccf/v1/bookmakers/{bookmaker}/sub-bookmakers/{subBookmaker}/source",
        "GET /api/lbs/v1/bookmakers/{bookmaker}/sub-bookmakers/{subBookmaker}/range",
        "GET /api/lbs/v1/bookmakers/{bookmaker}/sub-bookmakers/{subBookmaker}/source",
        "GET /api/mscore/v1/bookmakers/{bookmaker}/sub-bookmakers/{subBookmaker}/range",
        "GET /api/mscore/v1/bookmakers/{bookmaker}/sub-bookmakers/{subBookmaker}/source",
        "GET /api/rg/v1/Operator/PlayerRiskProfile/bookmakers/{bookmakerId}/sub-bookmakers/{subBookmakerId}/accountid/{accountId}",
        "GET /api/rg/v1/Operator/RiskProfiles/bookmakers/{bookmakerId}/sub-bookmakers/{subBookmakerId}",
        "GET /api/sccf/v1/bookmakers/{bookmaker}/sub-bookmakers/{subBookmaker}/range",
        "GET /api/sccf/v1/bookmakers/{bookmaker}/sub-bookmakers/{subBookmaker}/source",
        "GET /api/tournament/v1/bookmakers/{bookmaker}/sports/{sportId}/categories/{categoryId}",
        "POST /api/event/v1/bookmakers/{bookmaker}/fetch",
        "POST /api/ltd/v1/bookmakers/{bookmaker}/ticket",
        "POST /api/tournament/v1/bookmakers/{bookmaker}/fetch",
      ]
    `)
  })

  it("documents the score query parameters and failure statuses", () => {
    const source = spec.paths["/api/lbs/v1/bookmakers/{bookmaker}/sub-bookmakers/{subBookmaker}/source"]?.get
    expect(source?.parameters.map((p) => `${p.in}:${p.name}${p.required ? "" : "?"}`)).toStrictEqual([
      "path:bookmaker",
      "path:subBookmaker",
      "query:customer"
    ])
    expect(Object.keys(source?.responses ?? {}).sort()).toStrictEqual(["200", "400", "401", "403", "404", "429", "500"])
    const account = spec.paths["/api/account/v1/bookmakers/{bookmaker}"]?.get
    expect(account?.parameters.map((p) => `${p.in}:${p.name}${p.required ? "" : "?"}`)).toStrictEqual([
      "path:bookmaker",
      "query:limit?",
      "query:offset?",
      "query:sort?",
      "query:filters?"
    ])
  })
})

describe("apis", () => {
  it("lists every model API once, with its group and default base path", () => {
    expect(Object.keys(apis).sort()).toStrictEqual([...ModelApiIds].sort())
    for (const id of ModelApiIds) {
      expect(apis[id].id).toBe(id)
      expect(apis[id].group.identifier).toBe(id)
      expect(apis[id].basePath).toBe(DefaultBasePaths[id])
    }
  })

  it("carries the documented rate limits", () => {
    expect(apis.lbs.rateLimits).toStrictEqual({
      all: [{ limit: 200, interval: "667 millis", algorithm: "token-bucket" }]
    })
    expect(apis.tournament.rateLimits.GET).toStrictEqual([
      { limit: 1, interval: "1 minutes", algorithm: "token-bucket" }
    ])
    expect(apis.bot.rateLimits.all).toHaveLength(3)
    expect(apis.marker.rateLimits).toStrictEqual({})
  })
})
