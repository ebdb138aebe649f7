/**
 * For every Schema: a value drawn from its arbitrary, encoded, sent through JSON and decoded again, is the same
 * value (by the Schema's own equivalence).
 */
import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import * as Models from "../src/index.ts"

const schemas: Record<string, Schema.Schema.AnyNoContext> = {
  BookmakerId: Models.BookmakerId,
  BookmakerIdFromString: Models.BookmakerIdFromString,
  SubBookmakerSelector: Models.SubBookmakerSelector,
  AccountId: Models.AccountId,
  PathSafeAccountId: Models.PathSafeAccountId,
  AccountIdList: Models.AccountIdList,
  EntityType: Models.EntityType,
  SportUrn: Models.SportUrn,
  CategoryUrn: Models.CategoryUrn,
  TournamentUrn: Models.TournamentUrn,
  MatchUrn: Models.MatchUrn,
  LbsScore: Models.LbsScore,
  BotScore: Models.BotScore,
  MarkerScore: Models.MarkerScore,
  SccfScore: Models.SccfScore,
  CcfScore: Models.CcfScore,
  LbsResponse: Models.LbsResponse,
  BotResponse: Models.BotResponse,
  MarkerResponse: Models.MarkerResponse,
  SccfResponse: Models.SccfResponse,
  CcfResponse: Models.CcfResponse,
  ScoreValidationFailed: Models.ScoreValidationFailed,
  ScoreKeyNotFound: Models.ScoreKeyNotFound,
  ScoreInternalError: Models.ScoreInternalError,
  ScorePathParams: Models.ScorePathParams,
  CustomerIdsParams: Models.CustomerIdsParams,
  EntityIdsParams: Models.EntityIdsParams,
  "scoreRangeParams(LBS)": Models.scoreRangeParams(Models.LbsScoreSpec),
  "scoreRangeParams(sCCF)": Models.scoreRangeParams(Models.SccfScoreSpec),
  GatewayErrorBody: Models.GatewayErrorBody,
  AccountListParams: Models.AccountListParams,
  AccountItem: Models.AccountItem,
  AccountResponse: Models.AccountResponse,
  AccountErrorBody: Models.AccountErrorBody,
  Filter: Models.Filter,
  FilterFromString: Models.FilterFromString,
  FiltersFromString: Models.FiltersFromString,
  Sort: Models.Sort,
  SortFromString: Models.SortFromString,
  SortsFromString: Models.SortsFromString,
  EventRef: Models.EventRef,
  EventPath: Models.EventPath,
  EventFetchRequest: Models.EventFetchRequest,
  EventItem: Models.EventItem,
  EventFetchResponse: Models.EventFetchResponse,
  TournamentFetchRequest: Models.TournamentFetchRequest,
  TournamentResponse: Models.TournamentResponse,
  TournamentCategoryPathParams: Models.TournamentCategoryPathParams,
  LtdResponse: Models.LtdResponse,
  PlayerRiskProfile: Models.PlayerRiskProfile,
  PlayerRiskProfilePathParams: Models.PlayerRiskProfilePathParams,
  RiskProfilesParams: Models.RiskProfilesParams,
  RiskProfilesPage: Models.RiskProfilesPage,
  RgNotFound: Models.RgNotFound
}

const throughJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

// A fixed seed keeps runs reproducible; 3,000 runs per schema with other seeds passed when this was written.
const fastCheck = { fastCheck: { seed: 20_251_128, numRuns: 200 } }

describe("decode ∘ encode is the identity", () => {
  for (const [name, schema] of Object.entries(schemas)) {
    it.prop(
      name,
      [schema],
      ([value]) => {
        const back = Schema.decodeUnknownSync(schema)(throughJson(Schema.encodeSync(schema)(value)))
        expect(Schema.equivalence(schema)(back, value)).toBe(true)
      },
      fastCheck
    )
  }

  // An opaque JSON object: its equivalence compares nested objects by reference, so compare the JSON texts.
  it.prop(
    "LtdTicketRequest",
    [Models.LtdTicketRequest],
    ([value]) => {
      const schema = Models.LtdTicketRequest
      const back = Schema.decodeUnknownSync(schema)(throughJson(Schema.encodeSync(schema)(value)))
      expect(JSON.stringify(back)).toBe(JSON.stringify(value))
    },
    fastCheck
  )
})
