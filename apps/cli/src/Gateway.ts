/**
 * `--via-gateway URL` / `--api-key KEY`: the commands that talk to ITS (scores, accounts, events, tournaments, RG,
 * tickets, LTD) go through the ITS gateway instead, with the typed client of its HttpApi definition
 * (`HttpApiClient.make(GatewayApi)`) and the key in `Authorization: Bearer`. The key stays `Redacted` until the
 * header is set. Problem answers are classified in `Failure.ts` (exit codes by status).
 */
import { HttpApiClient, HttpClient, HttpClientRequest } from "@effect/platform"
// The API definition only (not `@its/gateway`'s index, which loads the whole server: SQL drivers, OpenTelemetry…,
// about a second of start-up for every command). The package exports only "."; this file is its `GatewayApi`.
import { GatewayApi } from "../../gateway/src/Api.ts"
import { NotFound } from "../../gateway/src/api/Problem.ts"
import { Effect, Option, Redacted } from "effect"
import { InputError } from "./Failure.ts"
import { Globals } from "./Globals.ts"
import { HttpLive } from "./Layers.ts"

const makeClient = (baseUrl: string, key: Redacted.Redacted) =>
  HttpApiClient.make(GatewayApi, {
    baseUrl,
    transformClient: HttpClient.mapRequest(HttpClientRequest.bearerToken(Redacted.value(key)))
  })

export { NotFound }

export type GatewayClient = Effect.Effect.Success<ReturnType<typeof makeClient>>

/** The gateway's base URL, checked (http or https, no query). */
export const parseGatewayUrl = (input: string): Option.Option<string> => {
  try {
    const url = new URL(input)
    if ((url.protocol !== "http:" && url.protocol !== "https:") || url.search !== "" || url.hash !== "")
      return Option.none()
    return Option.some(url.toString().replace(/\/+$/, ""))
  } catch {
    return Option.none()
  }
}

/**
 * Runs `direct` (straight to ITS, through the SDK) or, with `--via-gateway`, `gateway` with a client of the
 * gateway. The HTTP client lives as long as the command.
 */
export const directOrGateway = <A, E, R, A2, E2, R2>(
  direct: Effect.Effect<A, E, R>,
  gateway: (client: GatewayClient) => Effect.Effect<A2, E2, R2>
): Effect.Effect<A | A2, E | E2 | InputError, R | Exclude<R2, HttpClient.HttpClient> | Globals> =>
  Effect.flatMap(
    Globals,
    (globals): Effect.Effect<A | A2, E | E2 | InputError, R | Exclude<R2, HttpClient.HttpClient>> => {
      if (Option.isNone(globals.viaGateway)) return direct
      const url = parseGatewayUrl(globals.viaGateway.value)
      if (Option.isNone(url))
        return Effect.fail(
          new InputError({
            message: `--via-gateway: not an http(s) base URL: ${globals.viaGateway.value}`,
            hint: "e.g. --via-gateway http://127.0.0.1:8080"
          })
        )
      if (Option.isNone(globals.apiKey))
        return Effect.fail(
          new InputError({
            message: "--via-gateway needs an API key",
            hint: "give --api-key KEY or set ITS_GATEWAY_API_KEY"
          })
        )
      return makeClient(url.value, globals.apiKey.value).pipe(Effect.flatMap(gateway), Effect.provide(HttpLive))
    }
  )
