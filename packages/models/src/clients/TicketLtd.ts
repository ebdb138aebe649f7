/**
 * Live Time Delay suggestion for a ticket (its-api.md §5): where models and tickets meet (issue #13).
 *
 * The request is the typed Transaction 3.0 message itself: its-api.md §5 / A12 want "the full payload of the ticket",
 * the `ticket-placement` or `ticket-placement-inform` envelope, which this package keeps opaque (`LtdTicketRequest`).
 * Building, validating and encoding that envelope is `@its/tickets`' job (`ltdRequest(ticket)`); this module only
 * takes its result, typed structurally (`LtdTicketInput`), so that `@its/models` never depends on `@its/tickets`.
 * Compose them: `ltdRequest(ticket).pipe(Effect.flatMap((request) => ltdSuggestion(request)))`.
 */
import { Context, Effect, Layer, Schema } from "effect"
import { BookmakerId } from "../Ids.ts"
import type { LtdResponse, LtdTicketRequest } from "../Ltd.ts"
import { Models } from "./Models.ts"
import { ModelRequestInvalid, type ModelsError } from "./ModelsErrors.ts"

/** What the LTD API needs of a ticket: the shape of `@its/tickets`' `LtdRequest`, declared here structurally. */
export interface LtdTicketInput {
  readonly operatorId: number
  /** The `ticket-placement` / `ticket-placement-inform` envelope, encoded (what the LTD API receives). */
  readonly json: unknown
  /** For tracing only (span attributes). */
  readonly correlationId?: string
  readonly ticketId?: string
}

export interface LtdOptions {
  /**
   * The bookmaker path parameter. Default: the request's `operatorId` (ASSUMPTION A13 of its-api.md: the
   * Transaction 3.0 operator id usually equals the ITS bookmaker id).
   */
  readonly bookmaker?: BookmakerId
}

/**
 * The LTD suggestion for a ticket already turned into its envelope (`@its/tickets`' `ltdRequest`). The API is meant
 * for live tickets only (§5); which tickets to ask about is the caller's choice. `N/A` is "no recommendation"
 * (T3.0's `None`, CONFLICT §5).
 */
export const ltdSuggestion: (
  request: LtdTicketInput,
  options?: LtdOptions
) => Effect.Effect<LtdResponse, ModelsError, Models> = Effect.fn("Models.ltdSuggestion")(function* (
  request: LtdTicketInput,
  options: LtdOptions = {}
) {
  const models = yield* Models
  yield* Effect.annotateCurrentSpan({
    ...(request.correlationId === undefined ? {} : { "its.correlation_id": request.correlationId }),
    ...(request.ticketId === undefined ? {} : { "its.ticket_id": request.ticketId })
  })
  const bookmaker =
    options.bookmaker ??
    (yield* Schema.decodeUnknown(BookmakerId)(request.operatorId).pipe(
      Effect.mapError(
        () =>
          new ModelRequestInvalid({
            api: "ltd",
            problems: [`operatorId ${request.operatorId} is not a bookmaker id (0–2147483647): pass options.bookmaker`]
          })
      )
    ))
  // The envelope as a JSON object, which is what `LtdTicketRequest` describes.
  return yield* models.ltd.suggest(bookmaker, request.json as LtdTicketRequest)
})

export interface TicketLtdShape {
  readonly suggest: (request: LtdTicketInput, options?: LtdOptions) => Effect.Effect<LtdResponse, ModelsError>
}

/** `ltdSuggestion` as a service, for code that injects it (e.g. a placement flow that asks for LTD first). */
export class TicketLtd extends Context.Tag("@its/models/TicketLtd")<TicketLtd, TicketLtdShape>() {
  /** Needs `Models` (`Models.layer` over `@its/transport`'s REST). */
  static readonly layer: Layer.Layer<TicketLtd, never, Models> = Layer.effect(
    TicketLtd,
    Effect.map(Models, (models) =>
      TicketLtd.of({
        suggest: (request, options) => Effect.provideService(ltdSuggestion(request, options), Models, models)
      })
    )
  )
}
