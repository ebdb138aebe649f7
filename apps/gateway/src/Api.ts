/**
 * `GatewayApi`: the gateway's whole HTTP contract, one declarative definition shared by the server (`Http.ts`),
 * clients (`HttpApiClient.make(GatewayApi)`, e.g. the CLI's `--via-gateway`), `/openapi.json` and `/docs`.
 */
import { HttpApi, OpenApi } from "@effect/platform"
import { AccountInformsApi } from "./api/AccountInformsApi.ts"
import { AdminApi, OpsApi } from "./api/OpsApi.ts"
import { PayloadTooLarge, BadRequest, InternalError, NotFound, Unauthorized } from "./api/Problem.ts"
import { ProfilesApi } from "./api/ProfilesApi.ts"
import { ScoresApi } from "./api/ScoresApi.ts"
import { TicketsApi } from "./api/TicketsApi.ts"
import { LateRepliesApi } from "./api/LateRepliesApi.ts"
import { gettingStarted } from "./api/GettingStarted.ts"

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
