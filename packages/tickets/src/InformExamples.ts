/**
 * One valid message of each account, balance and casino inform (§10a), with values in the style of the reference's
 * examples. The CLI prints them; tests validate them and send them to the simulator.
 */
import type {
  AccountInterventionInform,
  AccountLimitInform,
  AccountLimitReachedInform,
  AccountStatusInform,
  BalanceChangeInform,
  CasinoSessionsInform,
  DepositInform,
  WithdrawalInform
} from "./AccountInforms.ts"
import { cash } from "./Builders.ts"
import { decimal } from "./Decimal.ts"

const endCustomer = { id: "user_3454" }
const at = 1_764_720_000_000
const eur = (value: string) => ({ currency: "EUR", value: decimal(value) })

const informs = {
  deposit: (): DepositInform => ({
    type: "deposit-inform",
    depositId: "DEP_1001",
    walletId: "wallet_3454",
    amount: eur("50"),
    endCustomer,
    executedAtUtc: at,
    initiatedAtUtc: at - 2_000,
    gateway: { method: "credit-card", provider: "acme-pay", referenceId: "PAY_77", executedAtUtc: at },
    status: "approved"
  }),
  withdrawal: (): WithdrawalInform => ({
    type: "withdrawal-inform",
    withdrawalId: "WDR_2001",
    amount: eur("20"),
    endCustomer,
    executedAtUtc: at,
    status: "pending"
  }),
  "account-status": (): AccountStatusInform => ({
    type: "account-status-inform",
    endCustomer,
    status: "excluded",
    duration: "temporary",
    initiator: "player",
    reason: "self-exclusion for 30 days",
    periodStartUtc: at,
    periodEndUtc: at + 30 * 86_400_000
  }),
  "account-limit": (): AccountLimitInform => ({
    type: "account-limit-inform",
    endCustomer,
    limit: { type: "deposit", period: "weekly", amount: eur("200") }
  }),
  "account-limit-reached": (): AccountLimitReachedInform => ({
    type: "account-limit-reached-inform",
    endCustomer,
    reachedLimit: "loss"
  }),
  "account-intervention": (): AccountInterventionInform => ({
    type: "account-intervention-inform",
    endCustomer,
    method: "pop-up",
    modelInitiated: true,
    comment: "reality check shown"
  }),
  "casino-sessions": (): CasinoSessionsInform => ({
    type: "casino-sessions-inform",
    reportId: "CASINO_REPORT_1",
    context: { endCustomer, walletId: "wallet_3454", channel: { type: "internet", ip: "212.7.5.2", lang: "EN" } },
    sessions: [
      {
        id: "SESSION_1",
        game: { id: "slot-42", provider: "acme-games" },
        stake: [cash("5", "EUR")],
        payout: [{ type: "cash", amount: decimal("7.5"), currency: "EUR" }],
        spins: [{ type: "ordinary", count: 50, winningCount: 12 }],
        startUtc: at - 600_000,
        endUtc: at
      }
    ]
  }),
  "balance-change": (): BalanceChangeInform => ({
    type: "balance-change-inform",
    balanceChangeId: "BAL_3001",
    amount: eur("-10"),
    endCustomer,
    executedAtUtc: at,
    source: { type: "ticket", id: "Ticket_3691", action: "place" },
    status: "valid"
  })
}

export type InformExampleKind = keyof typeof informs
export const informExampleKinds = Object.keys(informs) as ReadonlyArray<InformExampleKind>
export type InformExample = ReturnType<(typeof informs)[InformExampleKind]>

/** The operation that carries each inform (§10a). */
export const informOperation = {
  deposit: "balance-deposit-inform",
  withdrawal: "balance-withdrawal-inform",
  "account-status": "account-status-inform",
  "account-limit": "account-limit-inform",
  "account-limit-reached": "account-limit-reached-inform",
  "account-intervention": "account-intervention-inform",
  "casino-sessions": "casino-sessions-inform",
  "balance-change": "balance-change-inform"
} as const satisfies Record<InformExampleKind, string>

export const informExample = <K extends InformExampleKind>(kind: K): ReturnType<(typeof informs)[K]> =>
  informs[kind]() as ReturnType<(typeof informs)[K]>
