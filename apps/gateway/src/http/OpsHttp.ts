/**
 * `/healthz`, `/readyz` (no API key), `/metrics` (scope `ops`) and `/v1/admin` (scope `admin`). Readiness: a REST
 * and a data-plane token can be obtained, the outbox store answers, the data plane is connected. Everyone gets the
 * verdict; only an `ops` key sees which check failed. The checks run at most once per `readinessTtl` (a probe storm
 * does not become a token/database/data-plane storm).
 */
import { HttpApiBuilder, HttpServerResponse } from "@effect/platform"
import { TokenProvider } from "@its/auth"
import { DataPlane, ItsEnvironment } from "@its/transport"
import { Duration, Effect, Option, Redacted } from "effect"
import { GatewayApi } from "../Api.ts"
import { ApiKeys } from "../ApiKeys.ts"
import type { Readiness } from "../api/OpsApi.ts"
import { problem } from "../api/Problem.ts"
import { requireScope } from "../api/Security.ts"
import { prometheusText } from "../observability/Prometheus.ts"
import { refreshScrapeGauges } from "../observability/ScrapeGauges.ts"
import { Outbox } from "../outbox/Outbox.ts"
import { orProblem } from "./TicketsHttp.ts"

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

/** The key of a request, from `Authorization: Bearer` or `X-Api-Key` (for optional identification only). */
export const presentedKey = (headers: Readonly<Record<string, string | undefined>>): Option.Option<string> => {
  const auth = headers.authorization
  if (auth !== undefined && /^bearer /i.test(auth)) return Option.some(auth.slice(7).trim())
  return Option.fromNullable(headers["x-api-key"])
}

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
    const keyOf = (headers: Readonly<Record<string, string | undefined>>) =>
      Redacted.make(Option.getOrElse(presentedKey(headers), () => ""))
    return handlers
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
      .handle("metrics", ({ request }) =>
        Effect.gen(function* () {
          const consumer = yield* keys.authenticate(keyOf(request.headers))
          if (!consumer.scopes.has("ops"))
            return yield* Effect.fail(problem(403, "Missing scope", { detail: "this operation needs the scope ops" }))
          yield* Effect.ignore(outbox.stats)
          yield* refreshScrapeGauges({ tokens, env, dataPlane })
          return yield* prometheusText
        })
      )
  })
)

export const AdminHttp = HttpApiBuilder.group(GatewayApi, "admin", (handlers) =>
  Effect.gen(function* () {
    const outbox = yield* Outbox
    const admin = requireScope("admin")
    return handlers
      .handle("deadLetters", ({ urlParams }) =>
        admin.pipe(
          Effect.zipRight(orProblem(outbox.deadLetters({ limit: urlParams.limit ?? 100 }))),
          Effect.map((items) => ({ items }))
        )
      )
      .handle("requeue", ({ path }) =>
        Effect.gen(function* () {
          yield* admin
          const requeued = yield* orProblem(outbox.requeue(path.id))
          const entry = yield* orProblem(outbox.get(path.id))
          if (!requeued || Option.isNone(entry))
            return yield* Effect.fail(
              problem(404, "No such dead letter", { detail: `no dead-lettered inform with id ${path.id}` })
            )
          return entry.value
        })
      )
  })
)
