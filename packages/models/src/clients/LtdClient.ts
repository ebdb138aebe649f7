/**
 * Client of the Live Time Delay API (its-api.md §5): a suggestion for one live ticket.
 */
import type { ItsHttpError } from "@its/transport"
import { Effect } from "effect"
import type { BookmakerId } from "../Ids.ts"
import type { LtdResponse, LtdTicketRequest } from "../Ltd.ts"
import { type CallFailure, toModelsError } from "./Calls.ts"
import type { ModelsError } from "./ModelsErrors.ts"

export interface Ltd {
  /**
   * The suggestion for a Transaction 3.0 `ticket-placement` / `ticket-inform` message (as JSON; `@its/tickets`
   * builds it). Not retried by the transport: it sits on the ticket placement path, where a late answer is useless.
   */
  readonly suggest: (bookmaker: BookmakerId, ticket: LtdTicketRequest) => Effect.Effect<LtdResponse, ModelsError>
}

export type LtdCall = (
  bookmaker: BookmakerId,
  payload: LtdTicketRequest
) => Effect.Effect<LtdResponse, CallFailure | ItsHttpError>

export const makeLtd = (call: LtdCall): Ltd => ({
  suggest: Effect.fn("Models.ltd.suggest")(function* (bookmaker: BookmakerId, ticket: LtdTicketRequest) {
    return yield* Effect.mapError(call(bookmaker, ticket), toModelsError("ltd"))
  })
})
