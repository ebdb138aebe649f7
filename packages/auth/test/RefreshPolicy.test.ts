import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Option, TestClock } from "effect"
import { defaultRefreshPolicy, parseRetryAfter, tokenTimes } from "../src/index.ts"

const at = (lifetimeSeconds: number) => {
  const t = tokenTimes(defaultRefreshPolicy, 0, lifetimeSeconds * 1000)
  return [t.refreshAt / 1000, t.hardExpiresAt / 1000, t.expiresAt / 1000]
}

describe("tokenTimes", () => {
  it("ITS REST token (600 s): refresh at 480 s, never handed out after 570 s", () => {
    expect(at(600)).toEqual([480, 570, 600])
  })
  it("data-plane token (300 s): refresh at 240 s, hard expiry at 270 s", () => {
    expect(at(300)).toEqual([240, 270, 300])
  })
  it("a 15-minute token refreshes 5 minutes before expiry (lead rule applies after half the lifetime)", () => {
    expect(at(900)).toEqual([600, 870, 900])
  })
  it("at exactly 10 minutes the lead rule would fall at half the lifetime, so 80% applies", () => {
    expect(at(600)[0]).toBe(480)
  })
  it("a 1-hour token refreshes at 80%", () => {
    expect(at(3600)).toEqual([2880, 3570, 3600])
  })
  it("very short tokens scale the hard margin down to 10% of the lifetime", () => {
    expect(at(2)).toEqual([1.6, 1.8, 2])
    expect(at(100)).toEqual([80, 90, 100])
  })
  it("the refresh point never lies after the hard expiry", () => {
    const t = tokenTimes({ ...defaultRefreshPolicy, refreshFraction: 0.99 }, 1000, 600_000)
    expect(t.refreshAt).toBe(t.hardExpiresAt)
  })
})

describe("parseRetryAfter", () => {
  it.effect("reads delay-seconds", () =>
    Effect.gen(function* () {
      expect(Option.map(yield* parseRetryAfter("7"), Duration.toMillis)).toEqual(Option.some(7000))
    })
  )
  it.effect("reads an HTTP date against Clock", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.parse("Wed, 21 Oct 2026 07:28:00 GMT"))
      const d = yield* parseRetryAfter("Wed, 21 Oct 2026 07:28:30 GMT")
      expect(Option.map(d, Duration.toMillis)).toEqual(Option.some(30_000))
      const past = yield* parseRetryAfter("Wed, 21 Oct 2026 07:27:00 GMT")
      expect(Option.map(past, Duration.toMillis)).toEqual(Option.some(0))
    })
  )
  it.effect("ignores absent or garbage values", () =>
    Effect.gen(function* () {
      expect(yield* parseRetryAfter(undefined)).toEqual(Option.none())
      expect(yield* parseRetryAfter("soon")).toEqual(Option.none())
    })
  )
})
