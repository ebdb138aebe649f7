/**
 * Handler of `POST /v1/accounts/informs`: validated, encoded and size-checked as the message the worker will send
 * (an invalid inform is a 422 now, not a 202 the worker can only dead-letter), then stored in the outbox under
 * `<operation>:<inform id>` (idempotent by the id; another consumer or payload → 409).
 */
import { HttpApiBuilder } from "@effect/platform"
import { makeRequest, OperatorId, validate } from "@its/tickets"
import { Effect } from "effect"
import { GatewayApi } from "../Api.ts"
import { Consumer } from "../keys/Security.ts"
import {
  type AccountInformContent,
  accountInformKey,
  encodeAccountInform,
  naturalId,
  operationOf
} from "../outbox/AccountInformPayload.ts"
import { Outbox } from "../outbox/Outbox.ts"
import { orProblem } from "../problems/DomainErrors.ts"
import { problem } from "../problems/Problem.ts"
import { contentOf, locatedAt } from "../tickets/Envelope.ts"

const invalidId = (detail: string) =>
  problem(422, "Invalid ticket", { detail, errors: [{ path: "?id", code: -100, message: detail }] })

export const AccountInformsHttp = HttpApiBuilder.group(GatewayApi, "accountInforms", (handlers) =>
  Effect.gen(function* () {
    const outbox = yield* Outbox
    const operatorId = yield* OperatorId
    return handlers.handle("send", ({ payload, urlParams }) =>
      Effect.gen(function* () {
        const consumer = yield* Consumer
        const content = (yield* contentOf(payload)) as AccountInformContent
        const operation = operationOf(content)
        const own = naturalId(content)
        if (own !== undefined && urlParams.id !== undefined && urlParams.id !== own)
          return yield* invalidId(`id ${urlParams.id} differs from the inform's own id ${own}`)
        const id = own ?? urlParams.id
        if (id === undefined) return yield* invalidId(`a ${content.type} has no id of its own: pass ?id=`)
        // The tickets package validates (paths, MTS-style codes) and size-checks the envelope it would send.
        yield* orProblem(Effect.flatMap(makeRequest(operation, content as never), validate))
        const stored = yield* Effect.orDie(encodeAccountInform(operation, content))
        const entry = yield* orProblem(
          outbox.enqueueKeyed(accountInformKey(operation, id), stored, { consumer: consumer.name })
        )
        if (urlParams.wait !== "true") return entry
        return yield* orProblem(outbox.awaitSettled(entry.id))
      }).pipe(Effect.mapError(locatedAt(payload)), Effect.provideService(OperatorId, operatorId))
    )
  })
)
