/** The `its` command tree. */
import { Command } from "@effect/cli"
import { Effect } from "effect"
import { accountsCommand } from "./commands/accounts.ts"
import { credentialsCommand } from "./commands/credentials.ts"
import { envCommand } from "./commands/env.ts"
import { gatewayCommand } from "./commands/gateway.ts"
import { eventsCommand, tournamentsCommand } from "./commands/profiling.ts"
import { rgCommand } from "./commands/rg.ts"
import { scoresCommand } from "./commands/scores.ts"
import { simCommand } from "./commands/sim.ts"
import { ltdCommand, ticketCommand } from "./commands/ticket.ts"
import { accountInformCommand } from "./commands/informs.ts"
import { tokenCommand } from "./commands/token.ts"
import { Exit, ExitCode } from "./ExitCode.ts"
import { stderr } from "./Output.ts"

export const root = Command.make("its", {}, () =>
  Effect.zipRight(stderr("its: missing command (see its --help)"), Effect.fail(new Exit({ code: ExitCode.usage })))
).pipe(
  Command.withDescription(
    "The ITS command line: environment, tokens, credentials, scores, accounts, profiling, RG, Transaction 3.0 tickets, simulator and gateway.\n\nExample: its scores lbs --bookmaker 1234 --customer cust_1,cust_2"
  ),
  Command.withSubcommands([
    envCommand,
    tokenCommand,
    credentialsCommand,
    scoresCommand,
    accountsCommand,
    eventsCommand,
    tournamentsCommand,
    rgCommand,
    ticketCommand,
    accountInformCommand,
    ltdCommand,
    simCommand,
    gatewayCommand
  ])
)

export const cli = Command.run(root, { name: "its", version: "0.1.0" })
