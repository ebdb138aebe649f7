/** `its rg profile`: one player's Bettor Sense responsible-gaming profile (exit 1 when there is none; the command: `commands/rg.ts`). */
import { AccountId, Models, rgRiskCategoryOfNumber, SubBookmakerId } from "@its/models"
import { Effect, Option } from "effect"
import { InputError, NegativeOutcome } from "../Failure.ts"
import { directOrGateway, isNotFound } from "../Gateway.ts"
import { ModelsLayer } from "../Layers.ts"
import { emit, fields, table } from "../Output.ts"
import { plain } from "../Parse.ts"
import { bookmaker } from "../Scope.ts"

export interface ProfileArgs {
  readonly bookmaker: number
  readonly subBookmaker: number
  readonly account: string
}

export const profile = (args: ProfileArgs) =>
  Effect.gen(function* () {
    if (args.subBookmaker < 0 || args.subBookmaker > 2147483647)
      return yield* new InputError({ message: "--sub-bookmaker must be 0–2147483647" })
    const scope = {
      bookmakerId: yield* bookmaker(args.bookmaker),
      subBookmakerId: SubBookmakerId.make(args.subBookmaker)
    }
    const account = AccountId.make(args.account)
    const found = yield* directOrGateway(
      Effect.provide(
        Effect.flatMap(Models, (models) => models.rg.profile(scope, account)),
        ModelsLayer
      ),
      (client) =>
        client.profiles
          .rgProfile({
            path: { bookmaker: scope.bookmakerId, subBookmaker: scope.subBookmakerId, account }
          })
          .pipe(
            Effect.map(Option.some),
            // 404 here means "no profile for this account" (exit 1), as in the direct mode.
            Effect.catchIf(isNotFound, () => Effect.succeed(Option.none()))
          )
    )
    if (Option.isNone(found))
      return yield* new NegativeOutcome({ message: `no RG profile for account ${args.account}` })
    const p = found.value
    const json = plain(p) as Record<string, unknown>
    yield* emit(json, () =>
      [
        fields([
          ["player", p.playerId],
          ["updated", json.lastUpdatedDateTime],
          ["risk score", p.riskScore],
          [
            "category",
            `${p.riskCategory} (${Option.getOrElse(rgRiskCategoryOfNumber(p.riskCategory), () => "unknown")})`
          ],
          ["percentile", p.percentile]
        ]),
        ...(p.categoryScores === undefined
          ? []
          : [
              table(
                ["key", "name", "score"],
                p.categoryScores.map((c) => [c.key, c.name, c.score])
              )
            ])
      ].join("\n")
    )
  })
