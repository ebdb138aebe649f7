/** Options shared by the model commands: bookmaker (`ITS_BOOKMAKER_ID`), sub-bookmaker (their values: `Scope.ts`). */
import { Options } from "@effect/cli"
import { Config } from "effect"

export const bookmakerOption = Options.integer("bookmaker").pipe(
  Options.withDescription("ITS bookmaker id (env ITS_BOOKMAKER_ID)"),
  Options.withFallbackConfig(Config.integer("ITS_BOOKMAKER_ID"))
)

export const subBookmakerOption = Options.text("sub-bookmaker").pipe(
  Options.withDescription('sub-bookmaker id, or "*" for all (default)'),
  Options.withDefault("*")
)
