/**
 * Gauges whose value is a state, refreshed by every `/metrics` scrape (so they are current when Prometheus reads
 * them, not when something last changed): the data plane's connection, and each audience's seconds until its token
 * reaches the hard margin (`its_auth_token_seconds_to_expiry`, which `@its/auth` otherwise sets only when a token is
 * installed). The alert rules in `deploy/prometheus/alerts.yaml` are built on them.
 */
import { AuthMetrics, type TokenProvider } from "@its/auth"
import type { DataPlane, ItsEnvironment } from "@its/transport"
import { Clock, type Context, Effect, Metric } from "effect"

/** 1 while a data-plane connection is open and accepting requests, else 0. */
export const dataPlaneConnected = Metric.gauge("its_gateway_dataplane_connected", {
  description: "1 while the data-plane (WebSocket) connection to ITS is open, else 0"
})

export interface ScrapeSources {
  readonly tokens: Context.Tag.Service<typeof TokenProvider>
  readonly env: Context.Tag.Service<typeof ItsEnvironment>
  readonly dataPlane: Context.Tag.Service<typeof DataPlane>
}

/**
 * Refreshes the gauges. A token that cannot be obtained counts 0 seconds (the gateway has no usable token for that
 * audience). `tokens.get` answers from the cache while the token is usable, so a scrape does not call the IdP.
 */
export const refreshScrapeGauges = ({ tokens, env, dataPlane }: ScrapeSources): Effect.Effect<void> =>
  Effect.gen(function* () {
    const stats = yield* dataPlane.stats
    yield* Metric.set(dataPlaneConnected, stats.connected ? 1 : 0)
    for (const audience of new Set([env.audience, env.wsAudience])) {
      const seconds = yield* tokens.get(audience).pipe(
        Effect.timeout("2 seconds"),
        Effect.flatMap((token) =>
          Effect.map(Clock.currentTimeMillis, (now) => Math.max(0, (token.hardExpiresAt - now) / 1000))
        ),
        Effect.orElseSucceed(() => 0)
      )
      yield* Metric.set(Metric.tagged(AuthMetrics.tokenSecondsToExpiry, "audience", audience), seconds)
    }
  })
