/**
 * Operations (no API key): `/healthz` (the process is alive), `/readyz` (token, store, data plane; details only
 * with an admin key), `/metrics` (Prometheus text). And `/v1/admin`: the outbox's dead letters (scope `admin`).
 */
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema } from "@effect/platform"
import { Schema } from "effect"
import { OutboxEntry } from "../outbox/OutboxEntry.ts"
import { BadGateway, Forbidden, NotFound, ServiceUnavailable, TooManyRequests } from "./Problem.ts"
import { Authentication } from "./Security.ts"

export const Check = Schema.Struct({
  ok: Schema.Boolean,
  detail: Schema.optional(Schema.String)
})

export const Readiness = Schema.Struct({
  status: Schema.Literal("ready", "not-ready"),
  /** Per dependency; present only for a caller with an `admin` key. */
  checks: Schema.optional(Schema.Record({ key: Schema.String, value: Check }))
}).annotations({ identifier: "Readiness" })
export type Readiness = typeof Readiness.Type

export class OpsApi extends HttpApiGroup.make("ops")
  .add(HttpApiEndpoint.get("healthz", "/healthz").addSuccess(Schema.Struct({ status: Schema.Literal("alive") })))
  .add(HttpApiEndpoint.get("readyz", "/readyz").addSuccess(Readiness).addError(ServiceUnavailable))
  .add(
    HttpApiEndpoint.get("metrics", "/metrics").addSuccess(
      HttpApiSchema.Text({ contentType: "text/plain; version=0.0.4; charset=utf-8" })
    )
  ) {}

export const DeadLettersParams = Schema.Struct({
  limit: Schema.optional(Schema.NumberFromString.pipe(Schema.compose(Schema.Int.pipe(Schema.between(1, 1000)))))
})

export class AdminApi extends HttpApiGroup.make("admin")
  .add(
    HttpApiEndpoint.get("deadLetters", "/outbox/dead")
      .setUrlParams(DeadLettersParams)
      .addSuccess(Schema.Struct({ items: Schema.Array(OutboxEntry) }))
  )
  .add(
    HttpApiEndpoint.post("requeue", "/outbox/:id/requeue")
      .setPath(Schema.Struct({ id: Schema.String }))
      .addSuccess(OutboxEntry)
      .addError(NotFound)
  )
  .addError(Forbidden)
  .addError(TooManyRequests)
  .addError(BadGateway)
  .addError(ServiceUnavailable)
  .middleware(Authentication)
  .prefix("/v1/admin") {}
