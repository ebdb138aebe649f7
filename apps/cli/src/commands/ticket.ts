/**
 * `its ticket …`: Transaction 3.0 messages over the data plane (`place`, `inform`, `ack`, `cancel`, cash-out,
 * `settle`, `max-stake`), local validation (`validate`), starting points (`example`), and `its ltd` (the LTD
 * suggestion for a live ticket, ITS REST). Input is a message's content or a full envelope, from a file or stdin
 * (`--file -`). Exit 1 when the reply is a rejection. The implementations: `handlers/ticket.ts`.
 */
import { Args, Command } from "@effect/cli"
import type { Operation } from "@its/tickets"
import { lazy, leaf } from "../Leaf.ts"
import { bookmakerOption } from "../ScopeOptions.ts"
import { exampleShapes, fileOption, informKinds } from "./MessageOptions.ts"

/** Subcommand → the Transaction 3.0 operation it sends (read by the help here and by `handlers/ticket.ts`). */
export const ticketOperations = {
  place: "ticket-placement",
  inform: "ticket-placement-inform",
  ack: "ticket-placement-ack",
  cancel: "ticket-cancel",
  "cashout-build": "cashout-build",
  "cashout-placement": "cashout-placement",
  "cashout-inform": "cashout-inform",
  settle: "ticket-ext-settlement",
  "max-stake": "max-stake"
} as const satisfies Record<string, Operation>
export type TicketSend = keyof typeof ticketOperations

const exampleNames = [...exampleShapes, ...informKinds]
export type ExampleShape = (typeof exampleNames)[number]

const ticket = () => import("../handlers/ticket.ts")

const send = (name: TicketSend) =>
  leaf(
    name,
    { file: fileOption },
    `Send a ${ticketOperations[name]} message and print the reply (exit 1 when rejected; with --via-gateway through the gateway).\n\nExample: its ticket example single | its ticket ${name} --file -`,
    lazy(ticket, (m) => m.send(name))
  )

const validateCommand = leaf(
  "validate",
  { file: fileOption },
  "Decode and validate any Transaction 3.0 message (request or reply; a bare content is taken as a ticket) without sending it; exit 1 when it has problems.\n\nExample: its ticket validate --file ticket.json --json",
  lazy(ticket, (m) => m.validateTicket)
)

const exampleCommand = leaf(
  "example",
  {
    shape: Args.choice(
      exampleNames.map((s) => [s, s] as const),
      { name: "shape" }
    )
  },
  `Print a valid ticket content of a shape (${exampleShapes.join(", ")}), or an account / balance / casino inform content (${informKinds.join(", ")}), to start from.\n\nExample: its ticket example accumulator > ticket.json`,
  lazy(ticket, (m) => m.printExample)
)

export const ticketCommand = Command.make("ticket").pipe(
  Command.withDescription(
    "Transaction 3.0 tickets over the data plane (needs ITS_OPERATOR_ID), or through the gateway with --via-gateway.\n\nExample: its ticket example single | its ticket place --file -"
  ),
  Command.withSubcommands([
    send("place"),
    send("inform"),
    send("ack"),
    send("cancel"),
    send("cashout-build"),
    send("cashout-placement"),
    send("cashout-inform"),
    send("settle"),
    send("max-stake"),
    validateCommand,
    exampleCommand
  ])
)

export const ltdCommand = leaf(
  "ltd",
  { file: fileOption, bookmaker: bookmakerOption },
  "The Live Time Delay suggestion for a live ticket (content or ticket-placement / ticket-placement-inform envelope).\n\nExample: its ltd --bookmaker 1234 --file live-ticket.json",
  lazy(ticket, (m) => m.ltd)
)
