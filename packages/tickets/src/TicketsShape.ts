/** The `Tickets` service's shape: one method per operation, and the late replies. */
import type { Duration, Effect, Option, Stream } from "effect"
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
import type { Cancel } from "./Cancel.ts"
import type { CashoutBuild, CashoutInform, CashoutPlacement } from "./Cashout.ts"
import type { LateReply } from "./LateReplies.ts"
import type { Operation, RequestFor } from "./Messages.ts"
import type { ReplyContentFor } from "./ReplyCheck.ts"
import type { TicketReply } from "./Replies.ts"
import type { ExtSettlement } from "./Settlement.ts"
import type { MaxStake, Ticket, TicketInform } from "./Ticket.ts"
import type { AckFailed, TicketsError } from "./TicketsErrors.ts"

export type { ReplyContentFor }

export interface SendOptions {
  /** Overrides the timeout rule for this request. */
  readonly timeout?: Duration.DurationInput
}

export interface PlaceOptions extends SendOptions {
  /** Overrides `TicketsSettings.autoAck` for this ticket. */
  readonly autoAck?: boolean
}

/** What an ack refers to: a reply carrying `ticketId` and `signature` (e.g. the `ticket-reply`), or the two values. */
export interface AckTarget {
  readonly ticketId: string
  readonly signature: string
}

type InformMethod<C, Op extends Operation> = (
  inform: C,
  options?: SendOptions
) => Effect.Effect<ReplyContentFor<Op>, TicketsError>

export interface TicketsShape {
  /** Any operation: build, validate, send, check the reply. The operations below are this with their content. */
  readonly send: <Op extends Operation>(
    operation: Op,
    content: RequestFor<Op>["content"],
    options?: SendOptions
  ) => Effect.Effect<ReplyContentFor<Op>, TicketsError>
  /** `ticket-placement`, with the §9 timeout; accepted and rejected replies are data. */
  readonly placeTicket: (ticket: Ticket, options?: PlaceOptions) => Effect.Effect<TicketReply, TicketsError | AckFailed>
  /** `ticket-placement-inform` (pre-validated): the reply status mirrors the `betValidations`. */
  readonly informTicket: (
    inform: TicketInform,
    options?: SendOptions
  ) => Effect.Effect<ReplyContentFor<"ticket-placement-inform">, TicketsError>
  /** `ticket-placement-ack` echoing the reply's signature; `acknowledged: false` = the client did not follow MTS. */
  readonly ack: (
    reply: AckTarget,
    acknowledged?: boolean,
    options?: SendOptions
  ) => Effect.Effect<ReplyContentFor<"ticket-placement-ack">, TicketsError>
  readonly cancel: (
    cancel: Cancel,
    options?: SendOptions
  ) => Effect.Effect<ReplyContentFor<"ticket-cancel">, TicketsError>
  readonly cashoutInform: (
    inform: CashoutInform,
    options?: SendOptions
  ) => Effect.Effect<ReplyContentFor<"cashout-inform">, TicketsError>
  readonly cashoutBuild: (
    build: CashoutBuild,
    options?: SendOptions
  ) => Effect.Effect<ReplyContentFor<"cashout-build">, TicketsError>
  readonly cashoutPlacement: (
    placement: CashoutPlacement,
    options?: SendOptions
  ) => Effect.Effect<ReplyContentFor<"cashout-placement">, TicketsError>
  readonly extSettlement: (
    settlement: ExtSettlement,
    options?: SendOptions
  ) => Effect.Effect<ReplyContentFor<"ticket-ext-settlement">, TicketsError>
  readonly maxStake: (
    query: MaxStake,
    options?: SendOptions
  ) => Effect.Effect<ReplyContentFor<"max-stake">, TicketsError>
  /** Account, balance and casino informs (§10a): validated, sent, answered by `<type>-reply` (`code`, `signature`). */
  readonly depositInform: InformMethod<DepositInform, "balance-deposit-inform">
  readonly withdrawalInform: InformMethod<WithdrawalInform, "balance-withdrawal-inform">
  readonly accountStatusInform: InformMethod<AccountStatusInform, "account-status-inform">
  readonly accountLimitInform: InformMethod<AccountLimitInform, "account-limit-inform">
  readonly accountLimitReachedInform: InformMethod<AccountLimitReachedInform, "account-limit-reached-inform">
  readonly accountInterventionInform: InformMethod<AccountInterventionInform, "account-intervention-inform">
  readonly casinoSessionsInform: InformMethod<CasinoSessionsInform, "casino-sessions-inform">
  readonly balanceChangeInform: InformMethod<BalanceChangeInform, "balance-change-inform">
  /** The newest reply kept for `ticketId` that arrived after its request's `reply-timeout` (see `OutcomeUnknown`). */
  readonly lateReply: (ticketId: string) => Effect.Effect<Option.Option<LateReply>>
  /** The kept late reply to one request, by the `correlationId` of its `OutcomeUnknown`. */
  readonly lateReplyTo: (correlationId: string) => Effect.Effect<Option.Option<LateReply>>
  /** Late replies as they arrive (from subscription on), e.g. to ack or cancel a ticket accepted after all. */
  readonly lateReplies: Stream.Stream<LateReply>
}
