/** `its env`: the resolved ITS environment, secrets masked. */
import { ItsEnvironment } from "@its/transport"
import { Effect } from "effect"
import { emit, fields, table } from "../Output.ts"
import { leaf } from "../Run.ts"

export const envCommand = leaf(
  "env",
  {},
  "Print the resolved ITS environment (ITS_ENV and ITS_* overrides); secrets are masked. Always the direct configuration, also with --via-gateway.\n\nExample: its env --env integration --json",
  () =>
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
)
