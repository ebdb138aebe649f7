/**
 * Operations: `/healthz` (the process is alive) and `/readyz` (token, store, data plane; details only with an `ops`
 * key) need no key; `/metrics` (Prometheus text) needs the scope `ops`.
 */
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { Forbidden, ServiceUnavailable, TooManyRequests, Unauthorized } from "../problems/Problem.ts"
import { operationDoc } from "../docs/OperationDoc.ts"
import { Authentication } from "../keys/Security.ts"

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
      .middleware(Authentication)
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
