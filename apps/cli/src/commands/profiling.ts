/** `its events fetch`, `its tournaments fetch`: Event and Tournament Profiling (`handlers/profiling.ts`). */
import { Args, Command } from "@effect/cli"
import { lazy, leaf } from "../Leaf.ts"
import { bookmakerOption } from "../ScopeOptions.ts"

const profiling = () => import("../handlers/profiling.ts")

const eventsFetch = leaf(
  "fetch",
  { bookmaker: bookmakerOption, ids: Args.text({ name: "ID" }).pipe(Args.atLeast(1)) },
  "Event profiles (delay and ratings) of events with at least one live bet.\n\nExample: its events fetch --bookmaker 1234 sr:sport:1/sr:category:1/sr:tournament:17/sr:match:123",
  lazy(profiling, (m) => m.fetchEvents)
)

const tournamentsFetch = leaf(
  "fetch",
  { bookmaker: bookmakerOption, ids: Args.text({ name: "ID" }).pipe(Args.atLeast(1)) },
  "Tournament ratings and live-time-delay settings.\n\nExample: its tournaments fetch --bookmaker 1234 sr:sport:1/sr:category:1/sr:tournament:17",
  lazy(profiling, (m) => m.fetchTournaments)
)

export const eventsCommand = Command.make("events").pipe(
  Command.withDescription(
    "Event Profiling.\n\nExample: its events fetch --bookmaker 1234 sr:sport:1/sr:category:1/sr:tournament:17/sr:match:123"
  ),
  Command.withSubcommands([eventsFetch])
)

export const tournamentsCommand = Command.make("tournaments").pipe(
  Command.withDescription(
    "Tournament Profiling.\n\nExample: its tournaments fetch --bookmaker 1234 sr:sport:1/sr:category:1/sr:tournament:17"
  ),
  Command.withSubcommands([tournamentsFetch])
)
