/** Options shared by the model commands: bookmaker (`ITS_BOOKMAKER_ID`), sub-bookmaker, id lists. */
import { Options } from "@effect/cli"
import { AccountId, BookmakerId } from "@its/models"
import { Config, Effect, Either } from "effect"
import { InputError } from "./Failure.ts"
import { parseIdList, parseSubBookmaker } from "./Parse.ts"

export const bookmakerOption = Options.integer("bookmaker").pipe(
  Options.withDescription("ITS bookmaker id (env ITS_BOOKMAKER_ID)"),
  Options.withFallbackConfig(Config.integer("ITS_BOOKMAKER_ID"))
)

export const subBookmakerOption = Options.text("sub-bookmaker").pipe(
  Options.withDescription('sub-bookmaker id, or "*" for all (default)'),
  Options.withDefault("*")
)

export const bookmaker = (n: number) =>
  n >= 0 && n <= 2147483647 && Number.isSafeInteger(n)
    ? Effect.succeed(BookmakerId.make(n))
    : Effect.fail(new InputError({ message: `--bookmaker must be 0–2147483647, got ${n}` }))

export const subBookmaker = (input: string) =>
  Either.match(parseSubBookmaker(input), {
    onLeft: (message) => Effect.fail(new InputError({ message: `--sub-bookmaker: ${message}` })),
    onRight: (value) => Effect.succeed(value as "*" | (number & import("effect").Brand.Brand<"SubBookmakerId">))
  })

export const idList = (option: string, input: string) =>
  Either.match(parseIdList(input), {
    onLeft: (message) => Effect.fail(new InputError({ message: `--${option}: ${message}` })),
    onRight: (ids) => Effect.succeed(ids.map((id) => AccountId.make(id)))
  })
