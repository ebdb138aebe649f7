/** `its rg profile`: one player's Bettor Sense responsible-gaming profile (`handlers/rg.ts`). */
import { Command, Options } from "@effect/cli"
import { lazy, leaf } from "../Leaf.ts"
import { bookmakerOption } from "../ScopeOptions.ts"

const profile = leaf(
  "profile",
  {
    bookmaker: bookmakerOption,
    subBookmaker: Options.integer("sub-bookmaker").pipe(
      Options.withDescription("sub-bookmaker id"),
      Options.withDefault(1)
    ),
    account: Options.text("account").pipe(Options.withDescription("the player's account id"))
  },
  "A player's responsible-gaming risk profile (score 1–100, category, category scores).\n\nExample: its rg profile --bookmaker 1234 --sub-bookmaker 1 --account cust-000001",
  lazy(
    () => import("../handlers/rg.ts"),
    (m) => m.profile
  )
)

export const rgCommand = Command.make("rg").pipe(
  Command.withDescription(
    "Bettor Sense (responsible gaming).\n\nExample: its rg profile --bookmaker 1234 --account cust-000001"
  ),
  Command.withSubcommands([profile])
)
