/** Handlers of `/v1/admin/outbox` (`outbox/Api.ts`): dead letters and re-queueing, on `Outbox`. */
import { HttpApiBuilder } from "@effect/platform"
import { Effect, Option } from "effect"
import { GatewayApi } from "../Api.ts"
import { orProblem } from "../problems/DomainErrors.ts"
import { problem } from "../problems/Problem.ts"
import { Outbox } from "./Outbox.ts"

export const AdminHttp = HttpApiBuilder.group(GatewayApi, "admin", (handlers) =>
  Effect.gen(function* () {
    const outbox = yield* Outbox
    return handlers
      .handle("deadLetters", ({ urlParams }) =>
        orProblem(outbox.deadLetters({ limit: urlParams.limit ?? 100 })).pipe(Effect.map((items) => ({ items })))
      )
      .handle("requeue", ({ path }) =>
        Effect.gen(function* () {
          const requeued = yield* orProblem(outbox.requeue(path.id))
          const entry = yield* orProblem(outbox.get(path.id))
          if (!requeued || Option.isNone(entry))
            return yield* problem(404, "No such dead letter", { detail: `no dead-lettered inform with id ${path.id}` })
          return entry.value
        })
      )
  })
)
