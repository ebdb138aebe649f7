/** Handler of `GET /v1/tickets/{ticketId}/reply` (`late/Api.ts`), reading `LateReplyStore`. */
import { HttpApiBuilder } from "@effect/platform"
import { Effect, Option } from "effect"
import { GatewayApi } from "../Api.ts"
import { problem } from "../problems/Problem.ts"
import { LateReplyStore } from "./LateReplyStore.ts"

export const LateRepliesHttp = HttpApiBuilder.group(GatewayApi, "ticketReplies", (handlers) =>
  Effect.gen(function* () {
    const store = yield* LateReplyStore
    return handlers.handle("lateReply", ({ path }) =>
      Effect.mapError(store.get(path.ticketId), () =>
        problem(503, "Outbox store unavailable", {
          detail: "the late-reply table next to the outbox cannot be read; retry later"
        })
      ).pipe(
        Effect.flatMap(
          Option.match({
            onNone: () =>
              Effect.fail(problem(404, "Not found", { detail: `no late reply stored for ticket ${path.ticketId}` })),
            onSome: Effect.succeed
          })
        )
      )
    )
  })
)
