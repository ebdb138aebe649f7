/**
 * Account, balance and casino informs (`@its/tickets` §10a) in the outbox, next to ticket informs. Additive to the
 * outbox's one-row-per-key design, no new column:
 * - key (`ticket_id` column, UNIQUE): `<operation>:<inform id>`, so an inform is idempotent by its id and never
 *   collides with a ticket inform of the same id (ASSUMPTION: ticket ids do not start with an account-inform
 *   operation name followed by `:`);
 * - payload: `{"operation": …, "content": …}` (encoded JSON); a ticket inform's payload is the bare `TicketInform`
 *   (it has no `operation`), which is how the worker tells them apart (`sendPayload`).
 */
import {
  type AccountInformContent,
  type AccountInformOperation,
  accountInforms,
  type InformExampleKind,
  informOperation,
  TicketInform,
  TicketInformReply,
  type Tickets
} from "@its/tickets"
import { Effect, Schema } from "effect"

/** Content and reply schema of each account-inform operation: `@its/tickets`' one table. */
export const accountInformSchemas = accountInforms
export type { AccountInformContent, AccountInformOperation }

/** The operation of a content, by its `type` (`deposit-inform` → `balance-deposit-inform`, …). */
export const operationOf = (content: AccountInformContent): AccountInformOperation => {
  const kind = content.type.replace(/-inform$/, "") as InformExampleKind
  return informOperation[kind]
}

/** The inform's own id where the SDK entity has one; the others need the consumer's `id`. */
export const naturalId = (content: AccountInformContent): string | undefined => {
  switch (content.type) {
    case "deposit-inform":
      return content.depositId
    case "withdrawal-inform":
      return content.withdrawalId
    case "casino-sessions-inform":
      return content.reportId
    case "balance-change-inform":
      return content.balanceChangeId
    default:
      return undefined
  }
}

/** The outbox key of an account inform. */
export const accountInformKey = (operation: AccountInformOperation, id: string): string => `${operation}:${id}`

/** The stored payload: the operation and the encoded content (decimals as strings). */
export const encodeAccountInform = (operation: AccountInformOperation, content: AccountInformContent) =>
  Schema.encode(accountInformSchemas[operation].content as Schema.Schema<AccountInformContent, unknown>)(content).pipe(
    Effect.map((encoded) => JSON.stringify({ operation, content: encoded }))
  )

const isAccountOperation = (operation: unknown): operation is AccountInformOperation =>
  typeof operation === "string" && Object.hasOwn(accountInformSchemas, operation)

/**
 * Sends a stored payload with the right operation and answers the reply content as encoded JSON: a ticket inform
 * with `informTicket`, an account inform with `send(operation, …)`.
 */
export const sendPayload = (tickets: Tickets["Type"], payload: string) =>
  Effect.gen(function* () {
    const json = yield* Effect.try(() => JSON.parse(payload) as unknown)
    const operation = (json as { readonly operation?: unknown }).operation
    if (isAccountOperation(operation)) {
      const schemas = accountInformSchemas[operation] as unknown as {
        readonly content: Schema.Schema<AccountInformContent, unknown>
        readonly reply: Schema.Schema<unknown, unknown>
      }
      const content = yield* Schema.decodeUnknown(schemas.content)((json as { readonly content: unknown }).content)
      const reply = yield* tickets.send(operation, content as never)
      return yield* Schema.encode(schemas.reply)(reply)
    }
    const inform = yield* Schema.decodeUnknown(TicketInform)(json)
    return yield* Schema.encode(TicketInformReply)(yield* tickets.informTicket(inform))
  })
