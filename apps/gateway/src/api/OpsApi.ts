/**
 * Operations (no API key): `/healthz` (the process is alive), `/readyz` (token, store, data plane; details only
 * with an admin key), `/metrics` (Prometheus text). And `/v1/admin`: the outbox's dead letters (scope `admin`).
 */
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { OutboxEntry } from "../outbox/OutboxEntry.ts"
import { BadGateway, Forbidden, NotFound, ServiceUnavailable, TooManyRequests, Unauthorized } from "./Problem.ts"
import { operationDoc } from "./Docs.ts"
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
  .add(
    HttpApiEndpoint.get("healthz", "/healthz")
      .addSuccess(Schema.Struct({ status: Schema.Literal("alive") }))
      .annotateContext(
        operationDoc({
          summary: "Liveness",
          description: "`200` while the process runs (a liveness probe); checks nothing else.",
          scope: "none",
          idempotent: "yes.",
          timeouts: "none: answers at once."
        })
      )
  )
  .add(
    HttpApiEndpoint.get("readyz", "/readyz")
      .addSuccess(Readiness)
      .addError(ServiceUnavailable)
      .annotateContext(
        operationDoc({
          summary: "Readiness",
          description:
            "`200 ready` when a REST and a data-plane token can be obtained, the outbox store answers and the data plane is connected; `503 not-ready` otherwise. With an `ops` key the answer names each check.",
          scope: "none",
          idempotent: "yes.",
          timeouts: "each check at most 2 s.",
          errors: { 503: "Not ready: one of the checks failed (an `ops` key sees which). Do not route traffic here." }
        })
      )
  )
  .add(
    HttpApiEndpoint.get("metrics", "/metrics")
      .addSuccess(HttpApiSchema.Text({ contentType: "text/plain; version=0.0.4; charset=utf-8" }))
      .addError(Unauthorized)
      .addError(Forbidden)
      .addError(TooManyRequests)
      .annotateContext(
        operationDoc({
          summary: "Prometheus metrics",
          description:
            "Every metric of the gateway in the Prometheus text format 0.0.4: requests and latency by route, score cache, outbox, tokens, data plane, upstream attempts. The Grafana dashboard `deploy/grafana/its-gateway.json` and the alert rules `deploy/prometheus/alerts.yaml` are built on them.",
          scope: "ops",
          idempotent: "yes.",
          timeouts: "none: reads the in-process registry and the outbox counts."
        })
      )
  )
  .annotateContext(
    OpenApi.annotations({
      description: "Liveness, readiness and Prometheus metrics for the platform running the gateway."
    })
  ) {}

export const DeadLettersParams = Schema.Struct({
  limit: Schema.optional(Schema.NumberFromString.pipe(Schema.compose(Schema.Int.pipe(Schema.between(1, 1000)))))
})

export class AdminApi extends HttpApiGroup.make("admin")
  .add(
    HttpApiEndpoint.get("deadLetters", "/outbox/dead")
      .setUrlParams(DeadLettersParams)
      .addSuccess(Schema.Struct({ items: Schema.Array(OutboxEntry) }))
      .annotateContext(
        operationDoc({
          summary: "List dead-lettered informs",
          description:
            "Informs the outbox gave up on (attempts exhausted or refused by ITS), oldest first, with their last error. Re-queue one after fixing the cause.",
          scope: "admin",
          idempotent: "yes (a read).",
          timeouts: "reads the outbox store only."
        })
      )
  )
  .add(
    HttpApiEndpoint.post("requeue", "/outbox/:id/requeue")
      .setPath(Schema.Struct({ id: Schema.String }))
      .addSuccess(OutboxEntry)
      .addError(NotFound)
      .annotateContext(
        operationDoc({
          summary: "Re-queue a dead letter",
          description: "Moves a dead-lettered inform back to `pending` so the worker delivers it again.",
          scope: "admin",
          idempotent: "yes in effect: a second call answers `404` (no longer a dead letter), nothing is sent twice.",
          timeouts: "writes the outbox store only; the delivery follows in the background.",
          errors: { 404: "The id is not a dead letter (unknown, or already re-queued)." }
        })
      )
  )
  .addError(Forbidden)
  .addError(TooManyRequests)
  .addError(BadGateway)
  .addError(ServiceUnavailable)
  .middleware(Authentication)
  .prefix("/v1/admin")
  .annotateContext(
    OpenApi.annotations({ description: "Operator tasks: the outbox's dead letters (scope `admin`)." })
  ) {}
