import { FetchHttpClient, HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Either, Exit, Layer, Scope } from "effect"
import { Simulator, SimulatorInfo } from "../src/index.ts"

describe("Simulator.layerTest", () => {
  it.live("listens on 127.0.0.1 with a free port and closes the server with its scope", () =>
    Effect.gen(function* () {
      const scope = yield* Scope.make()
      const info = Context.get(yield* Layer.buildWithScope(Simulator.layerTest(), scope), SimulatorInfo)
      expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/)
      expect(info.tokenUrl).toBe(`${info.baseUrl}/oauth/token`)
      expect(info.jwksUrl).toBe(`${info.baseUrl}/.well-known/jwks.json`)
      expect((yield* HttpClient.get(info.jwksUrl)).status).toBe(200)

      yield* Scope.close(scope, Exit.void)
      const after = yield* Effect.either(HttpClient.get(info.jwksUrl))
      expect(Either.isLeft(after) && after.left._tag).toBe("RequestError")
    }).pipe(Effect.provide(FetchHttpClient.layer))
  )
})
