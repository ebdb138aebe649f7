/**
 * The gateway's HTTP layer: `GatewayApi` implemented by the feature folders' handler groups, API-key authentication
 * (`keys/`), one API-wide middleware (`server/Middleware.ts`: request id, body limits, problem+json for every failure,
 * metrics, a JSON log line per request), `/openapi.json` and `/docs` (Scalar, inlined: works offline). `HttpLive`
 * serves it on the Node server (`server/NodeServer.ts`, HTTP or HTTPS).
 */
import { HttpApiBuilder, HttpServer } from "@effect/platform"
import { Layer } from "effect"
import { GatewayApi } from "./Api.ts"
import { AccountInformsHttp } from "./informs/Http.ts"
import { AuthenticationLive } from "./keys/Authentication.ts"
import { LateRepliesHttp } from "./late/Http.ts"
import { OpsHttp } from "./ops/Http.ts"
import { AdminHttp } from "./outbox/Http.ts"
import { ProblemPagesLive } from "./problems/ProblemPages.ts"
import { ProfilesHttp } from "./profiles/Http.ts"
import { ScoresHttp } from "./scores/Http.ts"
import { GatewayMiddleware } from "./server/Middleware.ts"
import { ScalarDocsLive } from "./docs/ScalarDocs.ts"
import { NodeServerLive } from "./server/NodeServer.ts"
import { TicketsHttp } from "./tickets/Http.ts"

export { AuthenticationLive } from "./keys/Authentication.ts"
export { pathOf, routeOf, scopeOfRoute } from "./keys/Routes.ts"
export { GatewayMiddleware, problemResponse } from "./server/Middleware.ts"
export { NodeServerLive } from "./server/NodeServer.ts"

/** `GatewayApi` with every handler group, docs and OpenAPI; needs the services the handlers use. */
export const ApiLive = HttpApiBuilder.api(GatewayApi).pipe(
  Layer.provide([TicketsHttp, LateRepliesHttp, AccountInformsHttp, ScoresHttp, ProfilesHttp, OpsHttp, AdminHttp]),
  Layer.provide(AuthenticationLive)
)

export const DocsLive = Layer.mergeAll(
  HttpApiBuilder.middlewareOpenApi({ path: "/openapi.json" }),
  ScalarDocsLive,
  ProblemPagesLive
)

/** Serves `ApiLive` (plus docs and the middleware) on the Node server. */
export const HttpLive = HttpApiBuilder.serve().pipe(
  Layer.provide([DocsLive, GatewayMiddleware]),
  Layer.provide(ApiLive),
  HttpServer.withLogAddress,
  Layer.provideMerge(NodeServerLive)
)
