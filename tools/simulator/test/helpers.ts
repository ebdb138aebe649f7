import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { Effect, Layer } from "effect"
import { Simulator, SimulatorInfo, type SimulatorSettingsInput } from "../src/index.ts"

export const demoClient = { client_id: "its-sim-client", client_secret: "its-sim-secret" }
export const restAudience = "mts-insight-tech-non-prod"

/** The form fields of a valid request for the demo client. */
export const validForm = (overrides: Record<string, string> = {}) => ({
  grant_type: "client_credentials",
  audience: restAudience,
  ...demoClient,
  ...overrides
})

/** Runs `effect` against a fresh simulator (127.0.0.1, port 0) that is closed when the effect ends. */
export const withSimulator =
  <E2 = never, R2 = never>(input: SimulatorSettingsInput = {}, options: Simulator.Options<E2, R2> = {}) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.provide(effect, Layer.merge(Simulator.layerTest(input, options), FetchHttpClient.layer))

export const postToken = (
  fields: Record<string, string>,
  options: { readonly basic?: readonly [string, string] } = {}
) =>
  Effect.gen(function* () {
    const { tokenUrl } = yield* SimulatorInfo
    let request = HttpClientRequest.post(tokenUrl).pipe(HttpClientRequest.bodyUrlParams(fields))
    if (options.basic !== undefined) request = HttpClientRequest.basicAuth(request, ...options.basic)
    return yield* HttpClient.execute(request)
  })

export const postJson = (path: string, body: unknown) =>
  Effect.gen(function* () {
    const { baseUrl } = yield* SimulatorInfo
    return yield* HttpClient.execute(
      HttpClientRequest.post(`${baseUrl}${path}`).pipe(HttpClientRequest.bodyUnsafeJson(body))
    )
  })

export const send = (method: "GET" | "PUT" | "DELETE" | "POST", path: string, body?: unknown) =>
  Effect.gen(function* () {
    const { baseUrl } = yield* SimulatorInfo
    const request = HttpClientRequest.make(method)(`${baseUrl}${path}`)
    return yield* HttpClient.execute(body === undefined ? request : HttpClientRequest.bodyUnsafeJson(request, body))
  })
