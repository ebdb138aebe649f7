/**
 * `GET /v1/tickets/{ticketId}/reply`: the reply ITS sent after the gateway had given up waiting (the 502
 * `ticketOutcome: "unknown"` of a placement, ack, cancel, cash-out, …). Its `signature` is what an ack, a cancel or a
 * cash-out of that ticket needs. Stored durably next to the outbox (`late/LateReplyStore.ts`).
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Reply } from "@its/tickets"
import { Context, Schema } from "effect"
import { operationDoc } from "../docs/OperationDoc.ts"
import { Forbidden, NotFound, ServiceUnavailable, TooManyRequests } from "../problems/Problem.ts"
import { Authentication } from "../keys/Security.ts"

export const LateTicketReply = Schema.Struct({
  ticketId: Schema.String,
  /** The Transaction 3.0 operation the reply answers, e.g. `ticket-placement`. */
  operation: Schema.String,
  correlationId: Schema.String,
  /** When the gateway received it, epoch milliseconds. */
  receivedAt: Schema.Number,
  /** The whole reply envelope as ITS sent it (`content.signature` for the ack). */
  reply: Reply
}).annotations({ identifier: "LateTicketReply" })

const lateReplyDoc = operationDoc({
  summary: "Fetch a ticket reply that arrived late",
  description:
    'When an operation answered `502` with `ticketOutcome: "unknown"` because ITS\'s reply did not come in time, the reply that arrives afterwards is kept here (the newest one of the ticket). Use its `content.signature` to ack (`POST /v1/tickets/ack`), cancel or cash out the ticket.',
  scope: "tickets:read",
  idempotent: "yes (a read).",
  timeouts: "reads the gateway's store only; no call to ITS.",
  errors: { 404: "No late reply stored for this ticket (yet): none came, or it came in time." }
})

/** A late `ticket-reply` as the e2e test sees it (`tools/e2e/test/gateway/late-replies.e2e.test.ts`). */
const example = {
  ticketId: "Ticket_3691",
  operation: "ticket-placement",
  correlationId: "4f1c9a0e2b7d4c8e9a6b5d3c2e1f0a9b",
  receivedAt: 1_764_720_000_000,
  reply: {
    correlationId: "4f1c9a0e2b7d4c8e9a6b5d3c2e1f0a9b",
    timestampUtc: 1_764_720_000_000,
    operation: "ticket-placement",
    version: "3.0",
    content: {
      type: "ticket-reply",
      signature: "BopIHPOOH0Zxu2JJd/C1h5YtJiklAgUklXKPqlHjWmE=",
      status: "accepted",
      ticketId: "Ticket_3691",
      code: 0,
      message: "Transaction processed"
    }
  }
}

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI operation objects are loose JSON (as in Docs.ts)
type Operation = Record<string, any>

/** `operationDoc`'s annotations plus a path-parameter and a 200 example (not recorded: a late reply needs a fault). */
const withExamples = (doc: Context.Context<never>) => {
  const transform = Context.getOption(doc, OpenApi.Transform)
  return Context.add(doc, OpenApi.Transform, (op: Operation) => {
    const described = transform._tag === "Some" ? transform.value(op) : op
    for (const parameter of described.parameters ?? []) if (parameter.in === "path") parameter.example = "Ticket_3691"
    const media = described.responses?.["200"]?.content?.["application/json"]
    if (media !== undefined)
      media.examples = {
        ...media.examples,
        "A late ticket-reply": { summary: "A late ticket-reply", value: example }
      }
    return described
  })
}

export class LateRepliesApi extends HttpApiGroup.make("ticketReplies")
  .add(
    HttpApiEndpoint.get("lateReply", "/:ticketId/reply")
      .setPath(Schema.Struct({ ticketId: Schema.String }))
      .addSuccess(LateTicketReply)
      .addError(NotFound)
      .addError(ServiceUnavailable)
      .annotateContext(withExamples(lateReplyDoc))
  )
  .addError(Forbidden)
  .addError(TooManyRequests)
  .middleware(Authentication)
  .prefix("/v1/tickets")
  .annotateContext(
    OpenApi.annotations({
      description: "Replies ITS sent after the gateway's reply timeout, kept durably with their signatures."
    })
  ) {}
