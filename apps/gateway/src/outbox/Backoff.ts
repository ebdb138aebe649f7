/**
 * Retry delay of a failed delivery: exponential (`base * 2^(attempt-1)`, capped at `max`) with "equal jitter" —
 * a uniform pick in the upper half — so instances that failed together (e.g. a data-plane outage) do not retry in
 * lock-step, while the delay never drops below half the exponential step.
 */
export interface BackoffPolicy {
  readonly baseMillis: number
  readonly maxMillis: number
}

/** `attempt` ≥ 1 is the attempt that just failed; `random` in [0, 1). */
export const retryDelayMillis = (attempt: number, policy: BackoffPolicy, random: number): number => {
  const exponent = Math.min(Math.max(0, attempt - 1), 52) // 2^52 already exceeds any cap; avoids Infinity
  const step = Math.min(policy.maxMillis, policy.baseMillis * 2 ** exponent)
  return Math.round(step / 2 + (step / 2) * random)
}
