/**
 * `its account-inform …`: the account, balance and casino informs of Transaction 3.0 (reference §10a; deposit,
 * withdrawal, account status, limits, limit reached, interventions, casino sessions, balance change).
 * - `example <kind>`: a valid one (`@its/tickets` `informExample`) as a full request envelope;
 * - `send <kind> --file F|-`: validated, then sent over the data plane, or with `--via-gateway` through the gateway's
 *   durable outbox (`POST /v1/accounts/informs?wait=true`, idempotent by the inform's id or `--id`);
 * - `validate --file F|-`: decoded and validated without sending (the content's `type` names the operation).
 * The implementations: `handlers/informs.ts`.
 */
import { Args, Command, Options } from "@effect/cli"
import { lazy, leaf } from "../Leaf.ts"
import { fileOption, informKinds } from "./MessageOptions.ts"

const kindArg = Args.choice(
  informKinds.map((k) => [k, k] as const),
  { name: "kind" }
)

const informs = () => import("../handlers/informs.ts")

const sendCommand = leaf(
  "send",
  {
    kind: kindArg,
    file: fileOption,
    id: Options.text("id").pipe(
      Options.optional,
      Options.withDescription(
        "with --via-gateway: the inform's idempotency id (required for account-status, account-limit, account-limit-reached, account-intervention, which have none of their own)"
      )
    )
  },
  `Send an account / balance / casino inform (${informKinds.join(", ")}) and print the reply (exit 1 when its code is not 0; with --via-gateway through the gateway's durable outbox).\n\nExamples:\n  its account-inform example deposit | its account-inform send deposit --file -\n  its --via-gateway http://127.0.0.1:8080 account-inform send account-limit --id limit-42 --file limit.json --json`,
  lazy(informs, (m) => m.send)
)

const validateCommand = leaf(
  "validate",
  { file: fileOption },
  "Decode and validate an account / balance / casino inform (content or full envelope) without sending it; exit 1 when it has problems.\n\nExample: its account-inform example casino-sessions | its account-inform validate --file - --json",
  lazy(informs, (m) => m.validateInform)
)

const exampleCommand = leaf(
  "example",
  {
    kind: kindArg
  },
  `Print a valid account / balance / casino inform envelope (${informKinds.join(", ")}).\n\nExample: its account-inform example deposit | its ticket validate --file -`,
  lazy(informs, (m) => m.printExample)
)

export const accountInformCommand = Command.make("account-inform").pipe(
  Command.withDescription(
    "Account, balance and casino informs of Transaction 3.0 (reference §10a): example, send (data plane or --via-gateway), validate.\n\nExample: its account-inform example account-limit | its account-inform send account-limit --file -"
  ),
  Command.withSubcommands([sendCommand, validateCommand, exampleCommand])
)
