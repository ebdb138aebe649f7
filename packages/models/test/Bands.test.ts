/**
 * Band helpers at their documented boundaries (its-api.md §4.2, §4.5, §4.6, §7.3).
 */
import { describe, expect, it } from "@effect/vitest"
import { Option } from "effect"
import { ccfBand, lbsBand, rgRiskCategory, rgRiskCategoryOfNumber, sccfBand } from "../src/index.ts"

const table = <A>(f: (n: number) => A, rows: ReadonlyArray<readonly [number, A]>) =>
  expect(rows.map(([n]) => [n, f(n)])).toStrictEqual(rows)

describe("bands", () => {
  it("LBS: ≥ 0.90 strong, 0.70–0.89 moderate, < 0.70 typical", () =>
    table(lbsBand, [
      [0, "typical"],
      [0.699, "typical"],
      [0.7, "moderate"],
      [0.89, "moderate"],
      [0.899, "moderate"],
      [0.9, "strong"],
      [1, "strong"]
    ]))

  it("sCCF: ≥ 3.00 very high, 1.02–3.00 above average, 0.61–1.01 moderate, < 0.60 high risk", () =>
    table(sccfBand, [
      [0, "highRisk"],
      [0.59, "highRisk"],
      [0.599, "highRisk"],
      [0.6, "moderate"],
      [0.61, "moderate"],
      [1.01, "moderate"],
      [1.015, "aboveAverage"],
      [1.02, "aboveAverage"],
      [2.99, "aboveAverage"],
      [3, "veryHighConfidence"],
      [10, "veryHighConfidence"]
    ]))

  it("CCF: ≥ 3.01 VIP, 1.00–3.00 default, 0.61–0.99 caution, < 0.60 restricted", () =>
    table(ccfBand, [
      [0, "restricted"],
      [0.59, "restricted"],
      [0.6, "caution"],
      [0.61, "caution"],
      [0.99, "caution"],
      [0.995, "caution"],
      [1, "default"],
      [3, "default"],
      [3.005, "vip"],
      [3.01, "vip"],
      [10, "vip"]
    ]))

  it("RG: < 50 no risk, [50, 68) low, [68, 95) medium, [95, 99) high, [99, 100] very high", () =>
    table(rgRiskCategory, [
      [1, "noRisk"],
      [49, "noRisk"],
      [50, "low"],
      [54, "low"],
      [67, "low"],
      [68, "medium"],
      [94, "medium"],
      [95, "high"],
      [98, "high"],
      [99, "veryHigh"],
      [100, "veryHigh"]
    ]))

  it("RG riskCategory numbers 0…4 (the docs' example: 54 → 1 = low)", () => {
    expect(rgRiskCategoryOfNumber(1)).toStrictEqual(Option.some(rgRiskCategory(54)))
    expect(rgRiskCategoryOfNumber(0)).toStrictEqual(Option.some("noRisk"))
    expect(rgRiskCategoryOfNumber(4)).toStrictEqual(Option.some("veryHigh"))
    expect(rgRiskCategoryOfNumber(5)).toStrictEqual(Option.none())
  })
})
