/**
 * `its scores lbs|bot|marker|sccf|ccf`: scores for accounts (`--customer`, and for sCCF/CCF `--shop`,
 * `--terminal`) or every account in a score range (`--range LO..HI`). The implementation: `handlers/scores.ts`.
 */
import { Command, Options } from "@effect/cli"
import { Option } from "effect"
import { lazy, leaf } from "../Leaf.ts"
import { bookmakerOption, subBookmakerOption } from "../ScopeOptions.ts"

export const scoreModels = ["lbs", "bot", "marker", "sccf", "ccf"] as const
export type ScoreModel = (typeof scoreModels)[number]

const scores = () => import("../handlers/scores.ts")

const entityOptions = {
  customer: Options.text("customer").pipe(Options.withDescription("comma-separated customer ids"), Options.optional),
  range: Options.text("range").pipe(Options.withDescription("every account with a score in LO..HI"), Options.optional),
  limit: Options.integer("limit").pipe(Options.withDescription("with --range: at most N items"), Options.optional)
}
const shopOptions = {
  shop: Options.text("shop").pipe(Options.withDescription("comma-separated shop ids (sCCF, CCF)"), Options.optional),
  terminal: Options.text("terminal").pipe(
    Options.withDescription("comma-separated terminal ids (sCCF, CCF)"),
    Options.optional
  )
}

const modelCommand = (model: ScoreModel) => {
  const description = `${model.toUpperCase()} scores for accounts or a score range (exit 1 when an account has no score).\n\nExample: its scores ${model} --bookmaker 1234 --customer cust-000001,cust-000002`
  const base = { bookmaker: bookmakerOption, subBookmaker: subBookmakerOption, ...entityOptions }
  return model === "sccf" || model === "ccf"
    ? leaf(
        model,
        { ...base, ...shopOptions },
        description,
        lazy(scores, (m) => m.run(model))
      )
    : leaf(
        model,
        base,
        description,
        lazy(scores, (m) => (args) => m.run(model)({ ...args, shop: Option.none(), terminal: Option.none() }))
      )
}

export const scoresCommand = Command.make("scores").pipe(
  Command.withDescription(
    "Risk scores: LBS, Bot, Marker, sCCF, CCF (with --via-gateway: from the gateway's cache, with each answer's age).\n\nExample: its scores lbs --bookmaker 1234 --range 0.9..1 --limit 10"
  ),
  Command.withSubcommands([
    modelCommand("lbs"),
    modelCommand("bot"),
    modelCommand("marker"),
    modelCommand("sccf"),
    modelCommand("ccf")
  ])
)
