/**
 * Live Time Delay (LTD) — `api/ltd` (its-api.md §5): for a live ticket, whether the bet delay can be skipped or
 * must be applied, and for how long. Takes a whole Transaction 3.0 ticket message.
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"
import { AssumedPaths } from "./Assumptions.ts"
import { type DecimalSpec, decimalString } from "./Decimal.ts"
import { BookmakerPathParams } from "./Ids.ts"
import { AccessDenied, InternalError, Throttled, Unauthorized } from "./WireErrors.ts"

/**
 * The request: "the full payload of the ticket" — a Transaction 3.0 `ticket-placement` or `ticket-inform` message
 * (transaction-3.0.md §6.1–§6.2). Opaque here because `@its/tickets` (which depends on this package) owns the
 * ticket schemas: it encodes its typed message to this JSON object.
 */
export const LtdTicketRequest = Schema.Record({ key: Schema.String, value: Schema.Unknown }).annotations({
  identifier: "LtdTicketRequest",
  description: "A Transaction 3.0 ticket-placement or ticket-inform message (JSON object)",
  // Effect's Record decoding assigns keys, so a `__proto__` key would not survive (tickets never carry one).
  arbitrary: () => (fc) =>
    fc.dictionary(
      fc.string().filter((key) => key !== "__proto__"),
      fc.jsonValue()
    )
})
export type LtdTicketRequest = typeof LtdTicketRequest.Type

/**
 * `Delay` | `Skip` | `N/A` (no recommendation). CONFLICT (§5): Transaction 3.0's `modelSuggestedLtd` says `None`
 * where this REST API says `N/A`.
 */
export const LtdModelSuggestion = Schema.Literal("Delay", "Skip", "N/A")
export type LtdModelSuggestion = typeof LtdModelSuggestion.Type

const seconds = (field: string): DecimalSpec => ({ field, min: 0, max: Infinity, reference: "its-api.md §5" })

/** `LtdResponseModel`: all fields required. Delays are strings of seconds, e.g. "30". */
export const LtdResponse = Schema.Struct({
  ltdModelSuggestion: LtdModelSuggestion,
  /** Player model (LTDM) delay in seconds. */
  ltdSuggestion: decimalString(seconds("ltdSuggestion")),
  /** Event model (EDL) delay in seconds. */
  ltdSuggestionEdl: decimalString(seconds("ltdSuggestionEdl")),
  /** "ID of the ticket or request (corrId)" — ASSUMPTION A12: echoes the request's ticket or correlation id. */
  ticketId: Schema.String
}).annotations({ identifier: "LtdResponseModel" })
export type LtdResponse = typeof LtdResponse.Type

export class LtdApi extends HttpApiGroup.make("ltd")
  .add(
    HttpApiEndpoint.post("suggestion", AssumedPaths.ltdSuggestion)
      .setPath(BookmakerPathParams)
      .setPayload(LtdTicketRequest)
      .addSuccess(LtdResponse)
      .annotate(
        OpenApi.Description,
        "Fetches real-time delay recommendations for a specified ticket, based on the player's profile and ticket-specific parameters."
      )
  )
  // §5: `Unauthorized` is `{ errorCode?, message }`; `Forbidden`'s fields are unknown (ASSUMPTION: the same).
  .addError(Unauthorized)
  .addError(AccessDenied)
  .addError(Throttled)
  .addError(InternalError)
  .annotate(OpenApi.Title, "Live Time Delay API")
  .annotate(OpenApi.Description, "Per-ticket Skip/Delay recommendation for live bets, its-api.md §5") {}
