/** Handlers of `GET /v1/tickets/{ticketId}/reply` (`api/LateRepliesApi.ts`), reading `LateReplyStore`. */
import { HttpApiBuilder } from "@effect/platform"
import { Effect, Option } from "effect"
import { GatewayApi } from "../Api.ts"
import { problem } from "../api/Problem.ts"
import { requireScope } from "../api/Security.ts"
import { LateReplyStore } from "../late/LateReplyStore.ts"

export const LateRepliesHttp = HttpApiBuilder.group(GatewayApi, "ticketReplies", (handlers) =>
  Effect.gen(function* () {
    const store = yield* LateReplyStore
    return handlers.handle("lateReply", ({ path }) =>
      requireScope("tickets:read").pipe(
        Effect.zipRight(
          Effect.mapError(store.get(path.ticketId), () =>
            problem(503, "Outbox store unavailable", {
              detail: "the late-reply table next to the outbox cannot be read; retry later"
            })
          )
        ),
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
