/**
 * When a token is refreshed and when it stops being handed out (stack.md §7.3, its-api.md §1.9).
 * Pure arithmetic on epoch milliseconds, so it is tested at its boundaries without a clock.
 */
import { Duration } from "effect"

export interface RefreshPolicy {
  /** Soft refresh point as a fraction of the lifetime (default 0.8). */
  readonly refreshFraction: number
  /**
   * Refresh no later than this before expiry (default 5 min), but only when that point still lies after half
   * of the lifetime; for short ITS tokens (600 s, data plane 300 s) the fraction alone applies.
   */
  readonly refreshLead: Duration.Duration
  /** Never hand out a token this close to its expiry (default 30 s)… */
  readonly hardMargin: Duration.Duration
  /** …scaled down to this fraction of the lifetime for very short tokens (default 0.1: 2 s token → 200 ms). */
  readonly hardMarginMaxFraction: number
}

export const defaultRefreshPolicy: RefreshPolicy = {
  refreshFraction: 0.8,
  refreshLead: Duration.minutes(5),
  hardMargin: Duration.seconds(30),
  hardMarginMaxFraction: 0.1
}

export interface TokenTimes {
  /** When the background refresher starts asking for a new token. */
  readonly refreshAt: number
  /** From this instant on the token is never handed out. */
  readonly hardExpiresAt: number
  /** The IdP's expiry: `issuedAt + expires_in`. */
  readonly expiresAt: number
}

export const tokenTimes = (policy: RefreshPolicy, issuedAt: number, lifetimeMillis: number): TokenTimes => {
  const margin = Math.min(Duration.toMillis(policy.hardMargin), lifetimeMillis * policy.hardMarginMaxFraction)
  const hardAfter = lifetimeMillis - margin
  const byFraction = lifetimeMillis * policy.refreshFraction
  const byLead = lifetimeMillis - Duration.toMillis(policy.refreshLead)
  const refreshAfter = Math.min(byLead > lifetimeMillis / 2 ? Math.min(byFraction, byLead) : byFraction, hardAfter)
  return {
    refreshAt: issuedAt + Math.floor(refreshAfter),
    hardExpiresAt: issuedAt + Math.floor(hardAfter),
    expiresAt: issuedAt + lifetimeMillis
  }
}
