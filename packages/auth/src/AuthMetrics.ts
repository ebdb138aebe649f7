import { Metric } from "effect"

/** Token requests sent to the IdP, tagged `audience` and `outcome` (issued, rejected, unavailable, …). */
export const tokenRequests = Metric.counter("its_auth_token_requests_total", {
  description: "Token requests sent to the token endpoint, by audience and outcome",
  incremental: true
})

/** Background refreshes, tagged `audience` and `result` (ok, failed). */
export const tokenRefreshes = Metric.counter("its_auth_token_refreshes_total", {
  description: "Scheduled token refreshes, by audience and result",
  incremental: true
})

/** Seconds until the current token's hard expiry, tagged `audience`; set whenever a token is installed. */
export const tokenSecondsToExpiry = Metric.gauge("its_auth_token_seconds_to_expiry", {
  description: "Seconds until the current token stops being handed out, by audience"
})
