/**
 * Simulator semantics of the account, balance and casino informs (`@its/tickets` `AccountInforms.ts`, reference
 * §10a). `TicketHandler` has already decoded and validated the request (an invalid one is an `error-reply` with the
 * schema-validation code, like every other operation); a valid inform is accepted with the SDKs' reply shape:
 * `{ type: "<content type>-reply", code: 0, signature, message }` — no `status`, no `ticketId`.
 */
import type { Request } from "@its/tickets"

const accountInformOperations = new Set<string>([
  "balance-deposit-inform",
  "balance-withdrawal-inform",
  "account-status-inform",
  "account-limit-inform",
  "account-limit-reached-inform",
  "account-intervention-inform",
  "casino-sessions-inform",
  "balance-change-inform"
])

export const isAccountInform = (request: Request): boolean => accountInformOperations.has(request.operation)

/** The id the inform is about, for the ledger (deposit / withdrawal / balance change / report id). */
export const accountInformSubject = (request: Request): string => {
  const content = request.content as unknown as Record<string, unknown>
  for (const key of ["depositId", "withdrawalId", "balanceChangeId", "reportId"])
    if (typeof content[key] === "string") return content[key] as string
  const endCustomer = content.endCustomer as { id?: unknown } | undefined
  return typeof endCustomer?.id === "string" ? endCustomer.id : ""
}

export const accountInformReply = (request: Request, signature: string) => ({
  type: `${request.content.type}-reply`,
  code: 0,
  signature,
  message: "Inform processed"
})
