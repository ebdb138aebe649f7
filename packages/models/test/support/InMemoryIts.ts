/**
 * An in-memory ITS for client tests: `ItsModelsApi` served by `HttpApiBuilder` from the given group handlers
 * (as the simulator will serve it), behind an `HttpClient` that hands each request straight to the web handler
 * and records it. No sockets.
 */
import {
  type HttpApiGroup,
  HttpApiBuilder,
  HttpClient,
  HttpClientError,
  type HttpClientRequest,
  HttpClientResponse,
  HttpServer
} from "@effect/platform"
import { Effect, Layer } from "effect"
import { ItsModelsApi, type ModelApiId } from "../../src/index.ts"

export interface Recorded {
  readonly method: string
  /** Path and query, e.g. `/api/lbs/v1/bookmakers/1/sub-bookmakers/*\/source?customer=a`. */
  readonly target: string
  readonly body: string | undefined
}

const bodyOf = (request: HttpClientRequest.HttpClientRequest): Uint8Array<ArrayBuffer> | string | undefined => {
  switch (request.body._tag) {
    case "Uint8Array":
      return new Uint8Array(request.body.body)
    case "Raw":
      return typeof request.body.body === "string" ? request.body.body : undefined
    default:
      return undefined
  }
}

/** The implementation of every group of `ItsModelsApi`. */
export type ItsModelsGroups = { [Id in ModelApiId]: HttpApiGroup.ApiGroup<"itsModels", Id> }[ModelApiId]

export const makeInMemoryIts = (groups: Layer.Layer<ItsModelsGroups>) => {
  const server = HttpApiBuilder.toWebHandler(
    Layer.mergeAll(HttpApiBuilder.api(ItsModelsApi).pipe(Layer.provide(groups)), HttpServer.layerContext)
  )
  const recorded: Array<Recorded> = []

  const client = HttpClient.make((request, url) =>
    Effect.tryPromise({
      try: async () => {
        const body = bodyOf(request)
        recorded.push({
          method: request.method,
          target: decodeURIComponent(url.pathname + url.search),
          body: body === undefined ? undefined : typeof body === "string" ? body : new TextDecoder().decode(body)
        })
        const response = await server.handler(
          new Request(url, {
            method: request.method,
            headers: request.headers,
            ...(body === undefined ? {} : { body })
          })
        )
        return HttpClientResponse.fromWeb(request, response)
      },
      catch: (cause) => new HttpClientError.RequestError({ request, reason: "Transport", cause })
    })
  )

  return {
    layer: Layer.succeed(HttpClient.HttpClient, client),
    /** Requests so far; `clear` empties the log. */
    requests: () => [...recorded],
    clear: () => {
      recorded.length = 0
    },
    dispose: () => server.dispose()
  }
}
