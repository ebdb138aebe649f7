/**
 * `/healthz`, `/readyz` (no API key) and `/metrics` (scope `ops`). Readiness: a REST
 * and a data-plane token can be obtained, the outbox store answers, the data plane is connected. Everyone gets the
 * verdict; only an `ops` key sees which check failed. The checks run at most once per `readinessTtl` (a probe storm
 * does not become a token/database/data-plane storm).
 */
import { HttpApiBuilder, HttpServerResponse } from "@effect/platform"
import { TokenProvider } from "@its/auth"
import { DataPlane, ItsEnvironment } from "@its/transport"
import { Duration, Effect, Option, Redacted } from "effect"
import { GatewayApi } from "../Api.ts"
import { ApiKeys } from "../keys/ApiKeys.ts"
import { presentedKey } from "../keys/Security.ts"
import { prometheusText } from "../observability/Prometheus.ts"
import { refreshScrapeGauges } from "../observability/ScrapeGauges.ts"
import { Outbox } from "../outbox/Outbox.ts"
import type { Readiness } from "./Api.ts"

const check = <A, E>(effect: Effect.Effect<A, E>) =>
  effect.pipe(
    Effect.timeout("2 seconds"),
    Effect.as({ ok: true }),
    Effect.catchAllCause((cause) =>
      Effect.succeed({
        ok: false,
        detail: String(
          cause._tag === "Fail" ? ((cause.error as { message?: string }).message ?? cause.error) : "failed"
        )
      })
    )
  )

/** How long a readiness result is reused. */
export const readinessTtl = Duration.seconds(1)

/** `checks` run at most once per `ttl` (Clock time); concurrent callers share one run. */
export const cachedChecks = <A, E, R>(checks: Effect.Effect<A, E, R>, ttl: Duration.DurationInput = readinessTtl) =>
  Effect.cachedWithTTL(checks, ttl)

export const OpsHttp = HttpApiBuilder.group(GatewayApi, "ops", (handlers) =>
  Effect.gen(function* () {
    const tokens = yield* TokenProvider
    const env = yield* ItsEnvironment
    const dataPlane = yield* DataPlane
    const outbox = yield* Outbox
    const keys = yield* ApiKeys
    const readiness = yield* cachedChecks(
      Effect.all(
        {
          restToken: check(tokens.get(env.audience)),
          dataPlaneToken: check(tokens.get(env.wsAudience)),
          store: check(outbox.ping),
          dataPlane: check(
            Effect.flatMap(dataPlane.stats, (stats) =>
              stats.connected ? Effect.void : Effect.fail({ message: "not connected" })
            )
          )
        },
        { concurrency: "unbounded" }
      )
    )
    return (
      handlers
        .handle("healthz", () => Effect.succeed({ status: "alive" as const }))
        .handle("readyz", ({ request }) =>
          Effect.gen(function* () {
            const checks = yield* readiness
            const ready = Object.values(checks).every((c) => c.ok)
            const isOps = Option.exists(
              Option.flatMap(presentedKey(request.headers), (key) => keys.identify(Redacted.make(key))),
              (consumer) => consumer.scopes.has("ops")
            )
            const body: Readiness = { status: ready ? "ready" : "not-ready", ...(isOps ? { checks } : {}) }
            return ready ? body : HttpServerResponse.unsafeJson(body, { status: 503 })
          })
        )
        // The key and its `ops` scope are checked by `Authentication` (ops/Api.ts).
        .handle("metrics", () =>
          Effect.gen(function* () {
            yield* Effect.ignore(outbox.stats)
            yield* refreshScrapeGauges({ tokens, env, dataPlane })
            return yield* prometheusText
          })
        )
    )
  })
)
