/**
 * Every JSON example of the reference decodes. "verbatim" fixtures are copied from the reference; "constructed"
 * ones are assembled from its field tables and example values (the reference shows no full JSON for them).
 */
import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import {
  AccountErrorBody,
  AccountResponse,
  BotResponse,
  CcfResponse,
  EventFetchRequest,
  EventFetchResponse,
  eventItemsOf,
  GatewayErrorBody,
  LbsResponse,
  LtdResponse,
  LtdTicketRequest,
  MarkerResponse,
  PlayerRiskProfile,
  SccfResponse,
  ScoreKeyNotFound,
  ScoreValidationFailed,
  TournamentFetchRequest,
  TournamentResponse
} from "../src/index.ts"

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(import.meta.dirname, "fixtures", name), "utf8"))

interface Case {
  readonly file: string
  readonly schema: Schema.Schema.AnyNoContext
  readonly source: string
  /** Re-encoding reproduces the JSON exactly (false where a value is normalised, e.g. ISO dates). */
  readonly reencodesIdentically: boolean
}

const cases: ReadonlyArray<Case> = [
  { file: "ltd-response.json", schema: LtdResponse, source: "verbatim §5", reencodesIdentically: true },
  {
    file: "ltd-request-ticket-placement.json",
    schema: LtdTicketRequest,
    source: "verbatim transaction-3.0.md §6.1",
    reencodesIdentically: true
  },
  {
    file: "ltd-request-ticket-inform.json",
    schema: LtdTicketRequest,
    source: "verbatim transaction-3.0.md §6.2",
    reencodesIdentically: true
  },
  { file: "ltd-unauthorized.json", schema: GatewayErrorBody, source: "constructed §5", reencodesIdentically: true },
  {
    file: "event-fetch-request-paths.json",
    schema: EventFetchRequest,
    source: "verbatim §4.8 (first id)",
    reencodesIdentically: true
  },
  {
    file: "event-fetch-request-objects.json",
    schema: EventFetchRequest,
    source: "constructed §4.8",
    reencodesIdentically: true
  },
  { file: "event-response.json", schema: EventFetchResponse, source: "constructed §4.8", reencodesIdentically: true },
  {
    file: "event-envelope-response.json",
    schema: EventFetchResponse,
    source: "constructed §4.8 (envelope)",
    reencodesIdentically: true
  },
  {
    file: "tournament-fetch-request.json",
    schema: TournamentFetchRequest,
    source: "constructed §4.9",
    reencodesIdentically: true
  },
  {
    file: "tournament-response.json",
    schema: TournamentResponse,
    source: "constructed §4.9",
    reencodesIdentically: true
  },
  {
    file: "rg-player-risk-profile.json",
    schema: PlayerRiskProfile,
    source: "constructed from the §7.2 example values",
    reencodesIdentically: false
  },
  { file: "lbs-response.json", schema: LbsResponse, source: "constructed §4.1, §4.2", reencodesIdentically: true },
  { file: "bot-response.json", schema: BotResponse, source: "constructed §4.3", reencodesIdentically: true },
  { file: "marker-response.json", schema: MarkerResponse, source: "constructed §4.4", reencodesIdentically: true },
  { file: "sccf-response.json", schema: SccfResponse, source: "constructed §4.5", reencodesIdentically: true },
  { file: "ccf-response.json", schema: CcfResponse, source: "constructed §4.6", reencodesIdentically: true },
  {
    file: "score-key-not-found.json",
    schema: ScoreKeyNotFound,
    source: "constructed §4.1",
    reencodesIdentically: true
  },
  {
    file: "score-validation-failed.json",
    schema: ScoreValidationFailed,
    source: "constructed §4.1",
    reencodesIdentically: true
  },
  { file: "account-response.json", schema: AccountResponse, source: "constructed §4.7", reencodesIdentically: true },
  { file: "account-error.json", schema: AccountErrorBody, source: "constructed §8.2", reencodesIdentically: true }
]

describe("reference examples", () => {
  for (const { file, schema, source, reencodesIdentically } of cases) {
    it(`${file} (${source}) decodes${reencodesIdentically ? " and re-encodes to the same JSON" : ""}`, () => {
      const json = fixture(file)
      const decoded = Schema.decodeUnknownSync(schema)(json)
      const reencoded = Schema.encodeSync(schema)(decoded)
      if (reencodesIdentically) expect(reencoded).toStrictEqual(json)
      else expect(Schema.equivalence(schema)(Schema.decodeUnknownSync(schema)(reencoded), decoded)).toBe(true)
    })
  }

  it("keeps the exact score strings and their numbers", () => {
    const lbs = Schema.decodeUnknownSync(LbsResponse)(fixture("lbs-response.json"))
    const scores = (lbs.responseItem.customers ?? []).map(({ C }) => [C.id, C.lbs?.text, C.lbs?.value])
    expect(scores).toStrictEqual([
      ["cust_1001", "0.93", 0.93],
      ["cust_1002", "1.000", 1],
      ["cust_1003", "0", 0],
      ["cust_1004", undefined, undefined]
    ])
    expect(lbs.lastEvaluatedKey).toBe("eyJpZCI6ImN1c3RfMTAwMiJ9")
  })

  it("reads the RG example as documented", () => {
    const profile = Schema.decodeUnknownSync(PlayerRiskProfile)(fixture("rg-player-risk-profile.json"))
    expect(profile.riskScore).toBe(54)
    expect(profile.lastUpdatedDateTime.epochMillis).toBe(Date.UTC(2025, 6, 1, 0, 14))
    expect(profile.categoryScores?.find((c) => c.key === 3)).toStrictEqual({ key: 3, score: 3.7177, name: "Losses" })
  })

  it("finds the event items in both response shapes", () => {
    const plain = Schema.decodeUnknownSync(EventFetchResponse)(fixture("event-response.json"))
    const wrapped = Schema.decodeUnknownSync(EventFetchResponse)(fixture("event-envelope-response.json"))
    expect(eventItemsOf(plain).map((e) => e.eventId)).toStrictEqual(["sr:match:1234567"])
    expect(eventItemsOf(wrapped).map((e) => [e.eventId, e.sEr])).toStrictEqual([["sr:match:45315478", 3]])
  })
})
