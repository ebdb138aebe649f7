/**
 * `/v1/admin/outbox`: the outbox's dead letters for operators (scope `admin`): list them, re-queue one.
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { operationDoc } from "../docs/OperationDoc.ts"
import { Authentication } from "../keys/Security.ts"
import { BadGateway, Forbidden, NotFound, ServiceUnavailable, TooManyRequests } from "../problems/Problem.ts"
import { OutboxEntry } from "./OutboxEntry.ts"

export const DeadLettersParams = Schema.Struct({
  limit: Schema.optional(Schema.NumberFromString.pipe(Schema.compose(Schema.Int.pipe(Schema.between(1, 1000)))))
})

export class AdminApi extends HttpApiGroup.make("admin")
  .add(
    HttpApiEndpoint.get("deadLetters", "/outbox/dead")
      .setUrlParams(DeadLettersParams)
      .addSuccess(Schema.Struct({ items: Schema.Array(OutboxEntry) }))
      .annotateContext(
        operationDoc({
          summary: "List dead-lettered informs",
          description:
            "Informs the outbox gave up on (attempts exhausted or refused by ITS), oldest first, with their last error. Re-queue one after fixing the cause.",
          scope: "admin",
          idempotent: "yes (a read).",
          timeouts: "reads the outbox store only."
        })
      )
  )
  .add(
    HttpApiEndpoint.post("requeue", "/outbox/:id/requeue")
      .setPath(Schema.Struct({ id: Schema.String }))
      .addSuccess(OutboxEntry)
      .addError(NotFound)
      .annotateContext(
        operationDoc({
          summary: "Re-queue a dead letter",
          description: "Moves a dead-lettered inform back to `pending` so the worker delivers it again.",
          scope: "admin",
          idempotent: "yes in effect: a second call answers `404` (no longer a dead letter), nothing is sent twice.",
          timeouts: "writes the outbox store only; the delivery follows in the background.",
          errors: { 404: "The id is not a dead letter (unknown, or already re-queued)." }
        })
      )
  )
  .addError(Forbidden)
  .addError(TooManyRequests)
  .addError(BadGateway)
  .addError(ServiceUnavailable)
  .middleware(Authentication)
  .prefix("/v1/admin")
  .annotateContext(
    OpenApi.annotations({ description: "Operator tasks: the outbox's dead letters (scope `admin`)." })
  ) {}
