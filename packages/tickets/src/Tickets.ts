/**
 * `Tickets`: the Transaction 3.0 ticket client over `@its/transport`'s `DataPlane` (reference §1, §3, §6–§9).
 *
 * Every operation builds its envelope (`makeRequest`: operator id, correlation id, `Clock` time), validates it
 * (problems → `InvalidTicket`, nothing sent), sends it, decodes the reply tolerantly and checks that it answers the
 * request (`isReplyTo`). Accepted and rejected replies are data; an `error-reply` is a `ServerError`; a reply that
 * does not answer the request is an `UnexpectedReply`. Transport failures after the message left become
 * `OutcomeUnknown` (the ticket may or may not exist on the MTS side; the client never re-sends by itself); failures
 * before it left become `NotSent` (safe to retry with the same content).
 */
import {
  BookmakerId,
  type LtdResponse,
  type LtdTicketRequest,
  ModelRequestInvalid,
  Models,
  type ModelsError
} from "@its/models"
import { DataPlane, type DataPlaneError, type DataPlaneReply, ItsEnvironment } from "@its/transport"
import { Context, Duration, Effect, Layer, Option, type ParseResult, Schema, type Scope, Stream } from "effect"
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
import type { TicketAck } from "./Acknowledgement.ts"
import type { Cancel } from "./Cancel.ts"
import type { CashoutBuild, CashoutInform, CashoutPlacement } from "./Cashout.ts"
import { encodeRequest, tolerantOptions } from "./Codec.ts"
import { makeRequest, OperatorId } from "./Envelope.ts"
import { problemsFromParseError } from "./Issues.ts"
import { type LateReply, type LateReplySettings, makeLateReplyStore, requestTicketId } from "./LateReplies.ts"
import {
  isReplyTo,
  type Operation,
  type ReplyFor,
  type RequestFor,
  replyContentType,
  replyEnvelopes
} from "./Messages.ts"
import { describeProblems, Problem } from "./Problem.ts"
import type { ErrorReply, TicketReply } from "./Replies.ts"
import type { Selection } from "./Selection.ts"
import type { ExtSettlement } from "./Settlement.ts"
import type { MaxStake, Ticket, TicketInform } from "./Ticket.ts"
import { validate } from "./Validation.ts"

// ---------------------------------------------------------------------------------------------------------------
// Errors

/** The request broke the protocol's rules; nothing was sent. `problems` carry JSON paths and MTS-style codes. */
export class InvalidTicket extends Schema.TaggedError<InvalidTicket>()("@its/tickets/InvalidTicket", {
  operation: Schema.String,
  problems: Schema.Array(Problem)
}) {
  override get message(): string {
    return `${this.operation} not sent, the request is invalid: ${describeProblems(this.problems)}`
  }
}

/** MTS (the Data Plane Router) answered `error-reply` (§7.7), e.g. code 401 "Schema validation failed: …". */
export class ServerError extends Schema.TaggedError<ServerError>()("@its/tickets/ServerError", {
  operation: Schema.String,
  correlationId: Schema.String,
  code: Schema.Int,
  message: Schema.String
}) {}

/**
 * A reply that does not answer the request: another correlation id or operation, an unexpected content type, or a
 * shape that does not decode. Never silently accepted; the request's outcome is unknown.
 */
export class UnexpectedReply extends Schema.TaggedError<UnexpectedReply>()("@its/tickets/UnexpectedReply", {
  operation: Schema.String,
  correlationId: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `unexpected reply to ${this.operation} ${this.correlationId}: ${this.reason}; outcome unknown`
  }
}

/**
 * The request was sent but no usable answer came back: no reply in time (`reason: "reply-timeout"`) or the
 * connection died first (`"connection-lost"`). MTS may or may not have processed it — for a ticket, its fate is
 * unknown; follow the docs' timeout handling (e.g. cancel it, or inform). Nothing was re-sent.
 *
 * After a `reply-timeout` the reply may still come: it is kept (bounded, `TicketsSettings.lateReplies`) and found
 * with `Tickets.lateReply(ticketId)` / `lateReplyTo(correlationId)` or seen on `Tickets.lateReplies`.
 */
export class OutcomeUnknown extends Schema.TaggedError<OutcomeUnknown>()("@its/tickets/OutcomeUnknown", {
  operation: Schema.String,
  correlationId: Schema.String,
  reason: Schema.Literal("reply-timeout", "connection-lost"),
  /** The reply timeout applied, for `reply-timeout`. */
  timeoutMillis: Schema.optional(Schema.Number),
  /** The ticket the request refers to, when it names one: the key of `Tickets.lateReply`. */
  ticketId: Schema.optional(Schema.String),
  detail: Schema.String
}) {
  override get message(): string {
    const what =
      this.reason === "reply-timeout"
        ? `no reply within ${this.timeoutMillis ?? "?"} ms`
        : `connection lost before the reply (${this.detail})`
    const later =
      this.reason === "reply-timeout"
        ? `; a late reply is kept: Tickets.lateReply(${JSON.stringify(this.ticketId ?? "<ticketId>")}) or lateReplyTo(${JSON.stringify(this.correlationId)})`
        : ""
    return `${this.operation} ${this.correlationId}: ${what}; outcome unknown (it may or may not have been processed), not re-sent${later}`
  }
}

/** The transport refused the message before it left (too large, no connection in time, closed, …): safe to retry. */
export class NotSent extends Schema.TaggedError<NotSent>()("@its/tickets/NotSent", {
  operation: Schema.String,
  correlationId: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.operation} ${this.correlationId} was not sent: ${this.reason}`
  }
}

/** `autoAck` was on and the ticket was accepted, but the ack failed. `reply` is the accepted ticket reply. */
export class AckFailed extends Schema.TaggedError<AckFailed>()("@its/tickets/AckFailed", {
  ticketId: Schema.String,
  signature: Schema.String,
  /** The accepted `ticket-reply` (its content). */
  reply: Schema.Unknown,
  cause: Schema.Unknown
}) {
  override get message(): string {
    const cause = this.cause instanceof Error ? this.cause.message : String(this.cause)
    return `ticket ${this.ticketId} was accepted but its ack failed: ${cause}`
  }
}

/** `Tickets.fromEnvironment` needs `ITS_OPERATOR_ID`. */
export class MissingOperatorId extends Schema.TaggedError<MissingOperatorId>()("@its/tickets/MissingOperatorId", {}) {
  override get message(): string {
    return "ITS_OPERATOR_ID is not set: Transaction 3.0 requests need the operatorId Sportradar assigned"
  }
}

export type TicketsError = InvalidTicket | ServerError | UnexpectedReply | OutcomeUnknown | NotSent

// ---------------------------------------------------------------------------------------------------------------
// Configuration

export interface TicketsSettings {
  /** Reply timeout of a pre-match `ticket-placement` (§9: "consider a ticket-reply missing after 3 s"). */
  readonly prematchTimeout: Duration.DurationInput
  /** Reply timeout when any selection is live (§9: 16 s, the live time delay comes first). */
  readonly liveTimeout: Duration.DurationInput
  /**
   * Every other operation (the official SDKs use 20 s for every operation, §1). Placements keep the docs' 3 s / 16 s
   * (§9) because an operator must decide about a silent ticket quickly; a later reply is kept (`lateReplies`).
   */
  readonly requestTimeout: Duration.DurationInput
  /** Per-operation reply timeouts, e.g. `{ "ticket-cancel": "10 seconds" }`; placements use the two above. */
  readonly operationTimeouts: Partial<Record<Operation, Duration.DurationInput>>
  /** Replies arriving after a `reply-timeout`: kept at most `capacity` at once, for `ttl` (default 1 000, 15 min). */
  readonly lateReplies: LateReplySettings
  /**
   * UOF producer ids whose selections are live (§5.2: `productId` "1" = live odds, "3" = pre-match; UOF convention).
   * ASSUMPTION: external selections are pre-match.
   */
  readonly liveProductIds: ReadonlyArray<string>
  /** Overrides the product-id rule, e.g. with the operator's own knowledge of which events are in play. */
  readonly isLive?: (ticket: Ticket) => boolean
  /** Send `ticket-placement-ack` (`acknowledged: true`) for accepted tickets before `placeTicket` returns. */
  readonly autoAck: boolean
  /** MTS expects the ack within this window from the reply (§6.3, §9: 10 s default). */
  readonly ackWindow: Duration.DurationInput
}

export const defaultTicketsSettings: TicketsSettings = {
  prematchTimeout: Duration.seconds(3),
  liveTimeout: Duration.seconds(16),
  requestTimeout: Duration.seconds(20),
  operationTimeouts: {},
  lateReplies: { capacity: 1000, ttl: Duration.minutes(15) },
  liveProductIds: ["1"],
  autoAck: false,
  ackWindow: Duration.seconds(10)
}

export class TicketsConfig extends Context.Reference<TicketsConfig>()("@its/tickets/TicketsConfig", {
  defaultValue: (): TicketsSettings => defaultTicketsSettings
}) {
  static layer(overrides: Partial<TicketsSettings>): Layer.Layer<TicketsConfig> {
    return Layer.succeed(TicketsConfig, { ...defaultTicketsSettings, ...overrides })
  }
}

const selectionIsLive = (selection: Selection, live: ReadonlySet<string>): boolean => {
  switch (selection.type) {
    case "uf":
      return live.has(selection.productId)
    case "uf-custom-bet":
      return selection.selections.some((s) => live.has(s.productId))
    case "external":
      return false
    case "system":
    case "accumulator":
    case "ways":
      return selection.selections.some((s) => selectionIsLive(s, live))
    case "odds-boost":
    case "payout-modifier":
      return selectionIsLive(selection.selection, live)
  }
}

/** Whether any selection of the ticket is live, by `liveProductIds` (or `isLive` when set). */
export const isLiveTicket = (ticket: Ticket, settings: TicketsSettings = defaultTicketsSettings): boolean => {
  if (settings.isLive !== undefined) return settings.isLive(ticket)
  const live = new Set(settings.liveProductIds)
  return ticket.bets.some((bet) => bet.selections.some((s) => selectionIsLive(s, live)))
}

/** The placement reply timeout of §9: 3 s pre-match, 16 s when any selection is live (both configurable). */
export const placementTimeout = (
  ticket: Ticket,
  settings: TicketsSettings = defaultTicketsSettings
): Duration.Duration =>
  Duration.decode(isLiveTicket(ticket, settings) ? settings.liveTimeout : settings.prematchTimeout)

// ---------------------------------------------------------------------------------------------------------------
// The service

/** The reply content of an operation, without `error-reply` (that one is a `ServerError`). */
export type ReplyContentFor<Op extends Operation> = Exclude<ReplyFor<Op>["content"], ErrorReply>

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

// Reply decoders are compiled once per operation, on first use.
const replyDecoders = new Map<Operation, (input: unknown) => Effect.Effect<unknown, ParseResult.ParseError>>()
const replyDecoder = (operation: Operation) => {
  let decoder = replyDecoders.get(operation)
  if (decoder === undefined) {
    decoder = Schema.decodeUnknown(replyEnvelopes[operation] as Schema.Schema<unknown, unknown>, tolerantOptions)
    replyDecoders.set(operation, decoder)
  }
  return decoder
}

const field = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined

/** Checks a raw reply against its request: correlation, operation, `error-reply`, schema, content type. */
const checkReply = <Op extends Operation>(
  request: { readonly correlationId: string; readonly operation: Op },
  raw: DataPlaneReply
): Effect.Effect<ReplyContentFor<Op>, ServerError | UnexpectedReply> =>
  Effect.gen(function* () {
    const { correlationId, operation } = request
    const unexpected = (reason: string) => new UnexpectedReply({ operation, correlationId, reason })
    if (raw.correlationId !== correlationId)
      return yield* unexpected(`it carries correlationId ${JSON.stringify(raw.correlationId)}`)
    const content = field(raw, "content")
    // An error-reply is the router's answer even when it could not echo the operation.
    if (field(content, "type") === "error-reply" && (raw.operation === undefined || raw.operation === operation)) {
      const code = field(content, "code")
      const message = field(content, "message")
      return yield* new ServerError({
        operation,
        correlationId,
        code: typeof code === "number" && Number.isInteger(code) ? code : 0,
        message: typeof message === "string" ? message : JSON.stringify(content)
      })
    }
    if (raw.operation !== operation) return yield* unexpected(`it answers operation ${JSON.stringify(raw.operation)}`)
    const expected = replyContentType[operation]
    if (field(content, "type") !== expected)
      return yield* unexpected(`content type ${JSON.stringify(field(content, "type"))}, expected ${expected}`)
    const reply = (yield* Effect.mapError(replyDecoder(operation)(raw), (error) =>
      unexpected(`it does not decode: ${describeProblems(problemsFromParseError(error))}`)
    )) as ReplyFor<Op>
    if (!isReplyTo(request as never, reply)) return yield* unexpected("it does not answer the request")
    return reply.content as ReplyContentFor<Op>
  })

const fromTransport =
  (operation: string, correlationId: string, ticketId: string | undefined) =>
  (error: DataPlaneError): OutcomeUnknown | NotSent => {
    switch (error._tag) {
      case "ConnectionLost":
        return new OutcomeUnknown({
          operation,
          correlationId,
          reason: "connection-lost",
          ...(ticketId === undefined ? {} : { ticketId }),
          detail: error.reason
        })
      case "ReplyTimeout":
        return error.sent
          ? new OutcomeUnknown({
              operation,
              correlationId,
              reason: "reply-timeout",
              timeoutMillis: error.timeoutMillis,
              ...(ticketId === undefined ? {} : { ticketId }),
              detail: error.message
            })
          : new NotSent({ operation, correlationId, reason: error.message })
      default:
        return new NotSent({ operation, correlationId, reason: error.message })
    }
  }

/** Envelope (`makeRequest`), validation and wire JSON of one request; problems → `InvalidTicket`, nothing sent. */
const prepare = <Op extends Operation>(
  operation: Op,
  content: unknown
): Effect.Effect<{ readonly correlationId: string; readonly json: unknown }, InvalidTicket, OperatorId> =>
  Effect.gen(function* () {
    const built = yield* makeRequest(operation, content as never)
    const invalid = (e: { readonly problems: ReadonlyArray<Problem> }) =>
      new InvalidTicket({ operation, problems: e.problems })
    const valid = yield* Effect.mapError(validate(built), invalid)
    const json = yield* Effect.mapError(encodeRequest(valid), invalid)
    return { correlationId: built.correlationId, json }
  })

export const make: Effect.Effect<TicketsShape, never, DataPlane | OperatorId | Scope.Scope> = Effect.gen(function* () {
  const dataPlane = yield* DataPlane
  const operatorId = yield* OperatorId
  // Read once, when the layer is built: `Tickets.Live.pipe(Layer.provide(TicketsConfig.layer({ … })))`.
  const settings = yield* TicketsConfig
  const late = yield* makeLateReplyStore(settings.lateReplies)
  // Subscribed before the layer is up, so no late reply published afterwards is missed.
  yield* dataPlane.unmatched.pipe(
    Stream.runForEach((raw) => late.offer(raw)),
    Effect.forkScoped
  )
  yield* Effect.yieldNow()

  const sendWith = <Op extends Operation>(
    operation: Op,
    content: unknown,
    timeout: Duration.DurationInput | undefined
  ): Effect.Effect<ReplyContentFor<Op>, TicketsError> =>
    Effect.gen(function* () {
      const { correlationId, json } = yield* prepare(operation, content).pipe(
        Effect.provideService(OperatorId, operatorId)
      )
      yield* Effect.annotateCurrentSpan({ "its.correlation_id": correlationId, "its.operation": operation })
      const ticketId = requestTicketId(content)
      const raw = yield* dataPlane
        .request(json as never, {
          timeout: timeout ?? settings.operationTimeouts[operation] ?? settings.requestTimeout
        })
        .pipe(
          Effect.mapError(fromTransport(operation, correlationId, ticketId)),
          Effect.tapError((error) =>
            error instanceof OutcomeUnknown && error.reason === "reply-timeout"
              ? late.expect({ correlationId, operation, ticketId })
              : Effect.void
          )
        )
      return yield* checkReply({ correlationId, operation }, raw)
    }).pipe(Effect.withSpan(`Tickets.send ${operation}`))

  const ack = Effect.fn("Tickets.ack")(function* (target: AckTarget, acknowledged = true, options: SendOptions = {}) {
    const content: TicketAck = {
      type: "ticket-ack",
      ticketId: target.ticketId,
      ticketSignature: target.signature,
      acknowledged
    }
    return yield* sendWith("ticket-placement-ack", content, options.timeout)
  })

  const placeTicket = Effect.fn("Tickets.placeTicket")(function* (ticket: Ticket, options: PlaceOptions = {}) {
    const timeout = options.timeout ?? placementTimeout(ticket, settings)
    yield* Effect.annotateCurrentSpan({ "its.ticket_id": ticket.ticketId, "its.timeout": Duration.format(timeout) })
    const reply = yield* sendWith("ticket-placement", ticket, timeout)
    if (reply.status === "accepted" && (options.autoAck ?? settings.autoAck)) {
      // Sent as soon as the reply is in: the whole window is the ack's reply timeout.
      yield* ack(reply, true, { timeout: settings.ackWindow }).pipe(
        Effect.mapError(
          (cause) => new AckFailed({ ticketId: reply.ticketId, signature: reply.signature, reply, cause })
        )
      )
    }
    return reply
  })

  const op =
    <Op extends Operation, C>(operation: Op) =>
    (content: C, options: SendOptions = {}) =>
      sendWith(operation, content, options.timeout)

  const informTicket = Effect.fn("Tickets.informTicket")(function* (inform: TicketInform, options: SendOptions = {}) {
    // Pre-validated tickets skip MTS validation; the live rule is kept as the conservative bound.
    return yield* sendWith(
      "ticket-placement-inform",
      inform,
      options.timeout ?? placementTimeout(inform.ticket, settings)
    )
  })

  return {
    send: (operation, content, options = {}) => sendWith(operation, content, options.timeout),
    placeTicket,
    informTicket,
    ack,
    cancel: op<"ticket-cancel", Cancel>("ticket-cancel"),
    cashoutInform: op<"cashout-inform", CashoutInform>("cashout-inform"),
    cashoutBuild: op<"cashout-build", CashoutBuild>("cashout-build"),
    cashoutPlacement: op<"cashout-placement", CashoutPlacement>("cashout-placement"),
    extSettlement: op<"ticket-ext-settlement", ExtSettlement>("ticket-ext-settlement"),
    maxStake: op<"max-stake", MaxStake>("max-stake"),
    depositInform: op<"balance-deposit-inform", DepositInform>("balance-deposit-inform"),
    withdrawalInform: op<"balance-withdrawal-inform", WithdrawalInform>("balance-withdrawal-inform"),
    accountStatusInform: op<"account-status-inform", AccountStatusInform>("account-status-inform"),
    accountLimitInform: op<"account-limit-inform", AccountLimitInform>("account-limit-inform"),
    accountLimitReachedInform: op<"account-limit-reached-inform", AccountLimitReachedInform>(
      "account-limit-reached-inform"
    ),
    accountInterventionInform: op<"account-intervention-inform", AccountInterventionInform>(
      "account-intervention-inform"
    ),
    casinoSessionsInform: op<"casino-sessions-inform", CasinoSessionsInform>("casino-sessions-inform"),
    balanceChangeInform: op<"balance-change-inform", BalanceChangeInform>("balance-change-inform"),
    lateReply: late.byTicketId,
    lateReplyTo: late.byCorrelationId,
    lateReplies: late.stream
  } satisfies TicketsShape
})

export class Tickets extends Context.Tag("@its/tickets/Tickets")<Tickets, TicketsShape>() {
  /** Needs a `DataPlane` and the `OperatorId`; settings from `TicketsConfig` (defaults unless provided). */
  static readonly Live: Layer.Layer<Tickets, never, DataPlane | OperatorId> = Layer.scoped(Tickets, make)

  /** `OperatorId` from the environment's `ITS_OPERATOR_ID`. */
  static readonly operatorIdFromEnvironment: Layer.Layer<OperatorId, MissingOperatorId, ItsEnvironment> = Layer.effect(
    OperatorId,
    Effect.flatMap(ItsEnvironment, (env) =>
      Option.match(env.operatorId, { onNone: () => new MissingOperatorId(), onSome: Effect.succeed })
    )
  )

  /** `Live` with the operator id from the environment. */
  static readonly fromEnvironment: Layer.Layer<Tickets, MissingOperatorId, DataPlane | ItsEnvironment> =
    Tickets.Live.pipe(Layer.provide(Tickets.operatorIdFromEnvironment))
}

/** For `catchTag`-free checks: whether a failure leaves the request's outcome unknown. */
export const isOutcomeUnknown = (error: unknown): error is OutcomeUnknown | UnexpectedReply =>
  error instanceof OutcomeUnknown || error instanceof UnexpectedReply

// ---------------------------------------------------------------------------------------------------------------
// Live Time Delay suggestion (its-api.md §5)
//
// Design: the LTD API is REST (`@its/models`' `Models.ltd`), not the data plane, so it is NOT a `Tickets` method:
// `Tickets.Live` keeps needing only `DataPlane | OperatorId`, and only code that asks for a suggestion needs
// `Models` — `ltdSuggestion` has it in its R, `TicketLtd.Live` in its requirements.
// The request is derived from the typed message: its-api.md §5 / A12 want "the full payload of the ticket", the
// Transaction 3.0 `ticket-placement` or `ticket-placement-inform` envelope, which `@its/models` keeps opaque
// (`LtdTicketRequest`) because this package owns the ticket schemas. So the envelope is built, validated and
// encoded exactly as for the data plane (`prepare`): one wire contract, exact decimals, an invalid ticket is never
// sent. Its correlation id is a fresh one (the placement that follows gets its own).

export interface LtdOptions {
  /**
   * The bookmaker path parameter. Default: the `OperatorId` (ASSUMPTION A13 of its-api.md: the Transaction 3.0
   * operator id usually equals the ITS bookmaker id).
   */
  readonly bookmaker?: BookmakerId
}

/**
 * The LTD suggestion for a live ticket (`Ticket` → a `ticket-placement` envelope) or a pre-validated one
 * (`TicketInform` → `ticket-placement-inform`). The API is meant for live tickets only (§5); which tickets to ask
 * about is the caller's choice (`isLiveTicket`). `N/A` is "no recommendation" (T3.0's `None`, CONFLICT §5).
 */
export const ltdSuggestion: (
  ticket: Ticket | TicketInform,
  options?: LtdOptions
) => Effect.Effect<LtdResponse, InvalidTicket | ModelsError, Models | OperatorId> = Effect.fn("Tickets.ltdSuggestion")(
  function* (ticket: Ticket | TicketInform, options: LtdOptions = {}) {
    const models = yield* Models
    const operatorId = yield* OperatorId
    const operation = ticket.type === "ticket-inform" ? "ticket-placement-inform" : "ticket-placement"
    const { correlationId, json } = yield* prepare(operation, ticket)
    const ticketId = ticket.type === "ticket-inform" ? ticket.ticket.ticketId : ticket.ticketId
    yield* Effect.annotateCurrentSpan({ "its.correlation_id": correlationId, "its.ticket_id": ticketId })
    const bookmaker =
      options.bookmaker ??
      (yield* Schema.decodeUnknown(BookmakerId)(operatorId).pipe(
        Effect.mapError(
          () =>
            new ModelRequestInvalid({
              api: "ltd",
              problems: [`operatorId ${operatorId} is not a bookmaker id (0–2147483647): pass options.bookmaker`]
            })
        )
      ))
    // `encodeRequest` yields the envelope as a JSON object, which is what `LtdTicketRequest` describes.
    return yield* models.ltd.suggest(bookmaker, json as LtdTicketRequest)
  }
)

export interface TicketLtdShape {
  readonly suggest: (
    ticket: Ticket | TicketInform,
    options?: LtdOptions
  ) => Effect.Effect<LtdResponse, InvalidTicket | ModelsError>
}

/** `ltdSuggestion` as a service, for code that injects it (e.g. a placement flow that asks for LTD first). */
export class TicketLtd extends Context.Tag("@its/tickets/TicketLtd")<TicketLtd, TicketLtdShape>() {
  /** Needs `Models` (`Models.Live` over `@its/transport`'s REST) and the `OperatorId`. */
  static readonly Live: Layer.Layer<TicketLtd, never, Models | OperatorId> = Layer.effect(
    TicketLtd,
    Effect.map(Effect.context<Models | OperatorId>(), (context) =>
      TicketLtd.of({ suggest: (ticket, options) => Effect.provide(ltdSuggestion(ticket, options), context) })
    )
  )
}
