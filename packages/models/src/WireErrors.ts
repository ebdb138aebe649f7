/**
 * Error bodies every ITS REST API can return in front of the model itself (its-api.md §8.1, §8.2).
 *
 * ASSUMPTION A8 (§8.2): Unauthorized 401, Access denied 403, Throttled 429. The OpenAPI documents look like AWS API
 * Gateway exports (§1.2), whose gateway responses are `{ "message": "…" }`; LTD documents the same shape with an
 * optional `errorCode` (§5). These are ITS's bodies, not ours, so they are plain Structs (no `_tag`); the clients
 * turn them into typed errors.
 */
import { HttpApiSchema } from "@effect/platform"
import { Schema } from "effect"

export const GatewayErrorBody = Schema.Struct({
  message: Schema.String,
  errorCode: Schema.optionalWith(Schema.String, { exact: true })
}).annotations({ identifier: "GatewayError" })
export type GatewayErrorBody = typeof GatewayErrorBody.Type

const withStatus = (status: number, identifier: string, description: string) =>
  GatewayErrorBody.annotations({ identifier, description, ...HttpApiSchema.annotations({ status }) })

export const Unauthorized = withStatus(401, "Unauthorized", "Missing, invalid or expired bearer token")
export const AccessDenied = withStatus(403, "AccessDenied", "The token's client may not use this API")
export const Throttled = withStatus(429, "Throttled", "Rate limit exceeded (its-api.md §8.1)")
/** Undocumented 5xx bodies of the APIs without their own error shape (Event, Tournament, LTD). */
export const InternalError = withStatus(500, "InternalError", "Internal error")
