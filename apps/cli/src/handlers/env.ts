/** `its env`: the resolved ITS environment, secrets masked (the command: `commands/env.ts`). */
import { ItsEnvironment } from "@its/transport"
import { Effect } from "effect"
import { emit, fields, table } from "../Output.ts"

export const printEnvironment = () =>
  Effect.gen(function* () {
    const env = yield* ItsEnvironment.load
    const described = env.describe()
    yield* emit(described, () =>
      [
        fields([
          ["env", described.env],
          ["api url", described.apiUrl],
          ["token url", described.tokenUrl],
          ["audience", described.audience],
          ["data plane", described.wsUrl],
          ["ws audience", described.wsAudience],
          ["operator id", described.operatorId],
          ["bookmaker id", described.bookmakerId],
          ["client id", described.clientId],
          ["client secret", described.clientSecret]
        ]),
        "",
        table(
          ["api", "url", "x-api-key"],
          Object.entries(described.apis).map(([api, { url, apiKey }]) => [api, url, apiKey ?? "none"])
        )
      ].join("\n")
    )
  })
