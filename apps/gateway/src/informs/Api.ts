/**
 * `POST /v1/accounts/informs`: the eight account, balance and casino informs of Transaction 3.0 (`@its/tickets`
 * §10a), delivered through the durable outbox like ticket informs (at least once, idempotent by their id). The body
 * is one inform's content (its `type` names the operation) or its full request envelope; schemas are `@its/tickets`'.
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import {
  AccountInterventionInformRequest,
  AccountLimitInformRequest,
  AccountLimitReachedInformRequest,
  AccountStatusInformRequest,
  BalanceChangeInformRequest,
  CasinoSessionsInformRequest,
  DepositInformRequest,
  informExample,
  informExampleKinds,
  WithdrawalInformRequest
} from "@its/tickets"
import { Context, Schema } from "effect"
import { accountInformSchemas, operationOf } from "../outbox/AccountInformPayload.ts"
import { operationDoc } from "../docs/OperationDoc.ts"
import {
  BadGateway,
  BadRequest,
  Conflict,
  Forbidden,
  PayloadTooLarge,
  ServiceUnavailable,
  TooManyRequests,
  Unprocessable
} from "../problems/Problem.ts"
import { Authentication } from "../keys/Security.ts"
import { InformAccepted } from "../outbox/OutboxEntry.ts"
import { strict } from "../server/Strict.ts"

const s = accountInformSchemas
/** One of the eight contents (discriminated by `type`) or the request envelope of one of them; strict. */
export const AccountInformBody = strict(
  Schema.Union(
    s["balance-deposit-inform"].content,
    s["balance-withdrawal-inform"].content,
    s["account-status-inform"].content,
    s["account-limit-inform"].content,
    s["account-limit-reached-inform"].content,
    s["account-intervention-inform"].content,
    s["casino-sessions-inform"].content,
    s["balance-change-inform"].content,
    DepositInformRequest,
    WithdrawalInformRequest,
    AccountStatusInformRequest,
    AccountLimitInformRequest,
    AccountLimitReachedInformRequest,
    AccountInterventionInformRequest,
    CasinoSessionsInformRequest,
    BalanceChangeInformRequest
  )
).annotations({
  identifier: "AccountInformBody",
  description:
    "An account, balance or casino inform content (the gateway fills the envelope) or its full Transaction 3.0 request envelope"
})

export const AccountInformParams = Schema.Struct({
  /** Wait (bounded by `OUTBOX_WAIT_MAX_MS`) for the delivery and answer with its reply. */
  wait: Schema.optional(Schema.Literal("true", "false")),
  /**
   * The inform's id (idempotency key). Deposits, withdrawals, casino reports and balance changes carry their own
   * (`depositId`, `withdrawalId`, `reportId`, `balanceChangeId`; `id` must then be absent or equal); the account
   * status, limit, limit-reached and intervention informs have none, so `id` is required for them.
   */
  id: Schema.optional(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(128)))
})

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI operation objects are loose JSON (as in Docs.ts)
type Operation = Record<string, any>

/** `operationDoc` plus one request-body example per kind (`@its/tickets` `informExample`, encoded). */
const withExamples = (doc: Context.Context<never>) => {
  const transform = Context.getOption(doc, OpenApi.Transform)
  return Context.add(doc, OpenApi.Transform, (op: Operation) => {
    const described = transform._tag === "Some" ? transform.value(op) : op
    const media = described.requestBody?.content?.["application/json"]
    if (media !== undefined)
      media.examples = {
        ...media.examples,
        ...Object.fromEntries(
          informExampleKinds.map((kind) => {
            const content = informExample(kind)
            const schema = accountInformSchemas[operationOf(content)].content as Schema.Schema<typeof content, unknown>
            return [kind, { summary: `A ${kind} inform`, value: Schema.encodeSync(schema)(content) }]
          })
        )
      }
    const accepted = described.responses?.["202"]?.content?.["application/json"]
    if (accepted !== undefined)
      accepted.examples = {
        ...accepted.examples,
        "A delivered deposit inform": { summary: "A delivered deposit inform", value: deliveredExample }
      }
    return described
  })
}

/** The `202` of `?wait=true` for the deposit example, as the e2e test sees it (`account-informs.e2e.test.ts`). */
const deliveredExample = {
  id: "3f0b8c1e-5d2a-4b7c-9e61-0a4d2c8b7f15",
  ticketId: "balance-deposit-inform:DEP_1001",
  consumer: "back-office",
  status: "delivered",
  attempts: 1,
  createdAt: "2026-12-02T23:00:00.000Z",
  updatedAt: "2026-12-02T23:00:00.120Z",
  deliveredAt: "2026-12-02T23:00:00.120Z",
  reply: {
    type: "deposit-inform-reply",
    code: 0,
    signature: "BopIHPOOH0Zxu2JJd/C1h5YtJiklAgUklXKPqlHjWmE=",
    message: "Inform processed"
  }
}

const informDoc = operationDoc({
  summary: "Send an account, balance or casino inform (durable)",
  description:
    "Stores one of the eight player-level informs MTS uses for player risk (`deposit-inform`, `withdrawal-inform`, `account-status-inform`, `account-limit-inform`, `account-limit-reached-inform`, `account-intervention-inform`, `casino-sessions-inform`, `balance-change-inform`; the content's `type` names it) in the durable outbox and answers `202` with the entry once it is stored; a worker sends it to ITS with its operation (e.g. `balance-deposit-inform`), with retries, and records the `<type>-reply`. It is validated, encoded and size-checked first: a `422` lists every problem with its path and nothing is stored. Follow it with `GET /v1/tickets/inform/{id}` (the entry's `ticketId` is `<operation>:<inform id>`), or pass `?wait=true`. The body is the bare content or a full request envelope; unknown fields are rejected.",
  scope: "tickets:write",
  idempotent:
    "yes, by the inform's id (`depositId`, `withdrawalId`, `reportId`, `balanceChangeId`, or `?id=` for the others): sending it again returns the existing entry (no second delivery); the same id from another consumer or with another payload is a `409`.",
  timeouts:
    "answers once stored; with `wait=true` waits for the delivery at most `OUTBOX_WAIT_MAX_MS` (default 10 s), then answers `202` with the entry still pending.",
  errors: {
    409: "This inform id was already sent by another consumer, or with a different payload.",
    503: "The inform was not stored (outbox store unavailable): send it again later; it is idempotent by its id."
  }
})

export class AccountInformsApi extends HttpApiGroup.make("accountInforms")
  .add(
    HttpApiEndpoint.post("send", "/informs")
      .setPayload(AccountInformBody)
      .setUrlParams(AccountInformParams)
      .addSuccess(InformAccepted)
      .addError(BadRequest)
      .addError(Unprocessable)
      .addError(PayloadTooLarge)
      .addError(Conflict)
      .addError(BadGateway)
      .addError(ServiceUnavailable)
      .annotateContext(withExamples(informDoc))
  )
  .addError(Forbidden)
  .addError(TooManyRequests)
  .middleware(Authentication)
  .prefix("/v1/accounts")
  .annotateContext(
    OpenApi.annotations({
      description:
        "Account, balance and casino informs (Transaction 3.0 §10a) for player risk, delivered through the durable outbox."
    })
  ) {}
