/**
 * `--via-gateway URL` / `--api-key KEY`: the commands that talk to ITS (scores, accounts, events, tournaments, RG,
 * tickets, LTD) go through the ITS gateway instead, with the typed client of its HttpApi definition
 * (`HttpApiClient.make(GatewayApi)`) and the key in `Authorization: Bearer`. The key stays `Redacted` until the
 * header is set. Problem answers are classified in `Failure.ts` (exit codes by status).
 */
import type { HttpApi, HttpApiClient, HttpApiGroup, HttpClient } from "@effect/platform"
// Types only at start-up: the definition (`@its/gateway/api`: the HttpApi and its problem schemas, no server, no SQL
// driver) is loaded by `makeClient` when a command actually goes through the gateway.
import type { GatewayApi } from "@its/gateway/api"
import { Effect, Option, Redacted } from "effect"
import { InputError } from "./Failure.ts"
import { Globals } from "./Globals.ts"
import { HttpClientLayer } from "./Http.ts"

type ClientOf<Api> =
  Api extends HttpApi.HttpApi<
    infer _Id extends string,
    infer Groups extends HttpApiGroup.HttpApiGroup.Any,
    infer E,
    infer _R
  >
    ? HttpApiClient.Client<Groups, E, never>
    : never

const makeClient = (baseUrl: string, key: Redacted.Redacted) =>
  Effect.gen(function* () {
    const [{ GatewayApi }, HttpApiClient, HttpClient, HttpClientRequest] = yield* Effect.promise(() =>
      Promise.all([
        import("@its/gateway/api"),
        import("@effect/platform/HttpApiClient"),
        import("@effect/platform/HttpClient"),
        import("@effect/platform/HttpClientRequest")
      ])
    )
    return yield* HttpApiClient.make(GatewayApi, {
      baseUrl,
      transformClient: HttpClient.mapRequest(HttpClientRequest.bearerToken(Redacted.value(key)))
    })
  }) as Effect.Effect<ClientOf<typeof GatewayApi>, never, HttpClient.HttpClient>

/** A gateway 404 answer (a decoded problem), e.g. "no RG profile for this account". */
export const isNotFound = (error: unknown): error is { readonly status: 404; readonly title: string } =>
  typeof error === "object" && error !== null && "status" in error && error.status === 404 && "title" in error

export type GatewayClient = ClientOf<typeof GatewayApi>

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
      return makeClient(url.value, globals.apiKey.value).pipe(Effect.flatMap(gateway), Effect.provide(HttpClientLayer))
    }
  )
