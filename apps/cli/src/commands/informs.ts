/**
 * `its account-inform example <kind>`: a valid account, balance or casino inform (deposit, withdrawal, account status,
 * limits, interventions, casino sessions, balance change; `@its/tickets` `informExample`) as a full request envelope,
 * ready for `its ticket validate --file -`.
 */
import { Args, Command } from "@effect/cli"
import {
  encodeRequest,
  informExample,
  informExampleKinds,
  informOperation,
  makeRequest,
  OperatorId
} from "@its/tickets"
import { ItsEnvironment } from "@its/transport"
import { Effect, Option } from "effect"
import { stdout, toJsonText } from "../Output.ts"
import { leaf } from "../Run.ts"

const exampleCommand = leaf(
  "example",
  {
    kind: Args.choice(
      informExampleKinds.map((k) => [k, k] as const),
      { name: "kind" }
    )
  },
  `Print a valid account / balance / casino inform envelope (${informExampleKinds.join(", ")}).\n\nExample: its account-inform example deposit | its ticket validate --file -`,
  ({ kind }) =>
    Effect.gen(function* () {
      const env = yield* ItsEnvironment.load
      const request = yield* makeRequest(informOperation[kind], informExample(kind) as never).pipe(
        Effect.provideService(
          OperatorId,
          Option.getOrElse(env.operatorId, () => 1)
        )
      )
      yield* stdout(toJsonText(yield* encodeRequest(request)))
    })
)

export const accountInformCommand = Command.make("account-inform").pipe(
  Command.withDescription(
    "Account, balance and casino informs of Transaction 3.0 (reference §10a).\n\nExample: its account-inform example account-limit"
  ),
  Command.withSubcommands([exampleCommand])
)
