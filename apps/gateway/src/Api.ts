/**
 * `GatewayApi`: the gateway's whole HTTP contract, one declarative definition shared by the server (`Http.ts`),
 * clients (`HttpApiClient.make(GatewayApi)`, e.g. the CLI's `--via-gateway`), `/openapi.json` and `/docs`. Each
 * feature folder owns its group (`tickets/Api.ts`, `late/Api.ts`, `informs/Api.ts`, `scores/`, `profiles/Api.ts`,
 * `outbox/Api.ts`, `ops/Api.ts`); the problem schemas are `problems/Problem.ts`.
 */
import { HttpApi, OpenApi } from "@effect/platform"
import { ScoresApi } from "./scores/Api.ts"
import { gettingStarted } from "./docs/GettingStarted.ts"
import { AccountInformsApi } from "./informs/Api.ts"
import { LateRepliesApi } from "./late/Api.ts"
import { OpsApi } from "./ops/Api.ts"
import { AdminApi } from "./outbox/Api.ts"
import { BadRequest, InternalError, NotFound, PayloadTooLarge, Unauthorized } from "./problems/Problem.ts"
import { ProfilesApi } from "./profiles/Api.ts"
import { TicketsApi } from "./tickets/Api.ts"

export class GatewayApi extends HttpApi.make("gateway")
  .add(TicketsApi)
  .add(LateRepliesApi)
  .add(AccountInformsApi)
  .add(ScoresApi)
  .add(ProfilesApi)
  .add(AdminApi)
  .add(OpsApi)
  .addError(BadRequest)
  .addError(Unauthorized)
  .addError(NotFound)
  .addError(PayloadTooLarge)
  .addError(InternalError)
  .annotateContext(
    OpenApi.annotations({
      title: "ITS gateway",
      version: "1.0.0",
      description:
        "Sportradar Insight Tech Services for internal consumers: Transaction 3.0 tickets, risk scores, player " +
        "profiling and responsible gaming. Authenticate with `Authorization: Bearer <key>` or `X-Api-Key`. " +
        "Errors are application/problem+json.\n" +
        gettingStarted,
      servers: [{ url: "/", description: "This gateway" }]
    })
  ) {}
