/**
 * An in-memory ITS for client tests: `ItsModelsApi` served by `HttpApiBuilder` from the given group handlers
 * (as the simulator will serve it), behind `@its/transport/testing`'s scripted `HttpClient`, which records each
 * request and hands it straight to the web handler. No sockets.
 */
import { type HttpApiGroup, HttpApiBuilder, type HttpClientRequest, HttpServer } from "@effect/platform"
import { makeScriptedHttp, type RecordedRequest } from "@its/transport/testing"
import { Layer } from "effect"
import { ItsModelsApi, type ModelApiId } from "../../src/index.ts"

/** `method`, `target` (path and query, e.g. `/api/lbs/v1/bookmakers/1/sub-bookmakers/*\/source?customer=a`), `body`. */
export type Recorded = RecordedRequest

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
  const http = makeScriptedHttp((_, request, record) => {
    const body = bodyOf(request)
    return server.handler(
      new Request(record.url, {
        method: request.method,
        headers: request.headers,
        ...(body === undefined ? {} : { body })
      })
    )
  })
  return {
    layer: http.layer,
    /** Requests so far; `clear` empties the log. */
    requests: http.recorded,
    clear: http.clear,
    dispose: () => server.dispose()
  }
}
