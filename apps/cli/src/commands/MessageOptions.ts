/**
 * What the message commands (`its ticket …`, `its ltd`, `its account-inform …`) take on the command line: the message
 * file and the names of the examples. Part of the definitions, so nothing here loads the tickets' schemas.
 */
import { Options } from "@effect/cli"
import type { ExampleShape, informExampleKinds } from "@its/tickets"

/** `--file F|-`: the message (content or full envelope) as JSON; `-` reads stdin. */
export const fileOption = Options.text("file").pipe(
  Options.withAlias("f"),
  Options.withDescription("the message (content or full envelope) as JSON; - reads stdin")
)

export type InformKind = (typeof informExampleKinds)[number]

/**
 * The ticket example shapes, in `@its/tickets`' order. Written out because their module builds the examples (and
 * loads the decimals' schemas) at start-up; `test/MessageOptions.test.ts` checks both lists are the same.
 */
export const exampleShapes: ReadonlyArray<ExampleShape> = [
  "single",
  "accumulator",
  "system",
  "custom-bet",
  "external",
  "multi-stake"
]

/**
 * The account / balance / casino inform kinds, in `@its/tickets`' order. Written out because `informExampleKinds`
 * is computed from the examples, whose module loads the ticket schemas; `test/MessageOptions.test.ts` checks both
 * lists are the same.
 */
export const informKinds: ReadonlyArray<InformKind> = [
  "deposit",
  "withdrawal",
  "account-status",
  "account-limit",
  "account-limit-reached",
  "account-intervention",
  "casino-sessions",
  "balance-change"
]
