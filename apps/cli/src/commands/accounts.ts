/** `its accounts list`: Player Profiling (Account API) — one page, or every page with `--all` (`handlers/accounts.ts`). */
import { Command, Options } from "@effect/cli"
import { lazy, leaf } from "../Leaf.ts"
import { bookmakerOption } from "../ScopeOptions.ts"

const list = leaf(
  "list",
  {
    bookmaker: bookmakerOption,
    filter: Options.text("filter").pipe(
      Options.withDescription(
        "filter ATTR:OP:VALUE (eq, neq, gt, lt, gte, lte, in, nin, like, startsWith); repeatable"
      ),
      Options.repeated
    ),
    sort: Options.text("sort").pipe(Options.withDescription("sort ATTR:asc|desc; repeatable"), Options.repeated),
    limit: Options.integer("limit").pipe(Options.withDescription("page size (1–10000)"), Options.optional),
    offset: Options.integer("offset").pipe(Options.withDescription("first item of the page"), Options.optional),
    all: Options.boolean("all").pipe(Options.withDescription("every page (progress on stderr)"))
  },
  "List accounts with their scores (Player Profiling).\n\nExample: its accounts list --bookmaker 1234 --filter botScore:gte:0.5 --sort botScore:desc --limit 20",
  lazy(
    () => import("../handlers/accounts.ts"),
    (m) => m.list
  )
)

export const accountsCommand = Command.make("accounts").pipe(
  Command.withDescription(
    "Player Profiling (Account API; with --via-gateway through the gateway's /v1/accounts).\n\nExample: its accounts list --bookmaker 1234 --all --json"
  ),
  Command.withSubcommands([list])
)
