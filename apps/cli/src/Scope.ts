/**
 * The model commands' scope values as the SDK's types: bookmaker, sub-bookmaker, id lists (the options themselves
 * are `ScopeOptions.ts`, part of the definitions).
 */
import { AccountId, BookmakerId } from "@its/models"
import { Effect, Either } from "effect"
import { InputError } from "./Failure.ts"
import { parseIdList, parseSubBookmaker } from "./Parse.ts"

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
