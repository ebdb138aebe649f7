/**
 * The human rendering of a ticket operation's outcome (`its ticket place|inform|…` without `--json`): a headline with
 * the verdict, the reply's ids, a table of the bets (`betDetails`) and the exchange rates. An inform still queued in
 * the gateway's outbox renders as its entry. `--json` prints the exact reply instead.
 */
import { fields, table } from "../Output.ts"
import { cell } from "../Parse.ts"

type Json = Record<string, unknown>

const isRecord = (u: unknown): u is Json => typeof u === "object" && u !== null && !Array.isArray(u)
const records = (u: unknown): ReadonlyArray<Json> => (Array.isArray(u) ? u.filter(isRecord) : [])

const ids = ["status", "code", "ticketId", "cancellationId", "cashoutId", "settlementId", "signature"] as const

/** An outbox entry (inform queued through the gateway): it has an id and a status but no reply type. */
const isOutboxEntry = (reply: Json) => typeof reply.id === "string" && reply.type === undefined

export const renderOutcome = (reply: Json): string => {
  if (isOutboxEntry(reply))
    return [
      `inform queued in the gateway's outbox: ${cell(reply.status)}`,
      fields(
        (["id", "ticketId", "status", "attempts", "createdAt", "lastError"] as const)
          .filter((k) => reply[k] !== undefined)
          .map((k) => [k, cell(reply[k])] as const)
      )
    ].join("\n")
  const headline = `${cell(reply.type)}: ${String(reply.status ?? "-").toUpperCase()}${
    reply.code === undefined
      ? ""
      : ` (code ${cell(reply.code)}${reply.message === undefined ? "" : `: ${cell(reply.message)}`})`
  }`
  const parts = [headline, fields(ids.filter((k) => reply[k] !== undefined).map((k) => [k, cell(reply[k])] as const))]
  const bets = records(reply.betDetails)
  if (bets.length > 0) {
    const extra = [...new Set(bets.flatMap((b) => Object.keys(b)))].filter(
      (k) => !["betId", "code", "message"].includes(k)
    )
    const columns = ["betId", "code", "message", ...extra]
    parts.push(
      "",
      table(
        columns,
        bets.map((bet) => columns.map((c) => cell(bet[c])))
      )
    )
  }
  const rates = records(reply.exchangeRate)
  if (rates.length > 0)
    parts.push(
      "",
      table(
        ["from", "to", "rate"],
        rates.map((r) => [cell(r.fromCurrency), cell(r.toCurrency), cell(r.rate)])
      )
    )
  return parts.filter((p, i) => p !== "" || i > 0).join("\n")
}
