/**
 * Clients of the key-value score APIs (LBS, Bot, Marker, sCCF, CCF; its-api.md §4.1): lookups for many accounts
 * (chunked, concurrent, merged) and range scans as a `Stream` that follows `lastEvaluatedKey`.
 */
import type { ItsHttpError } from "@its/transport"
import { Array as Arr, Chunk, Effect, Option, Stream } from "effect"
import type { ModelApiId } from "../Assumptions.ts"
import type { DecimalSpec } from "../Decimal.ts"
import type { AccountId, BookmakerId, EntityType, SubBookmakerSelector } from "../Ids.ts"
import { type ResponseStatus, type ScorePathParams, scoreRangeParams } from "../ScoreApi.ts"
import { type CallFailure, chunksOf, envelopeFailure, toModelsError, validateRequest } from "./Calls.ts"
import type { ModelsSettings } from "./ModelsConfig.ts"
import { type ModelsError, ModelResponseInvalid } from "./ModelsErrors.ts"

/** Whose scores: a bookmaker and one sub-bookmaker, or `*` for all of them. */
export interface ScoreScope {
  readonly bookmaker: BookmakerId
  readonly subBookmaker: SubBookmakerSelector
}

/** Score bounds of a range scan (inclusive or not: not documented, §10 Q7). */
export interface ScoreRange {
  readonly lower: number
  readonly higher: number
}

/** What the score calls return, for any of the five APIs. */
export interface ScoreEnvelope<Item> {
  readonly responseStatus: ResponseStatus
  readonly responseMessage: string
  readonly requestId: string
  readonly lastEvaluatedKey?: string
  readonly responseItem: {
    readonly customers?: ReadonlyArray<{ readonly C: Item }>
    readonly shops?: ReadonlyArray<{ readonly S: Item }>
    readonly terminals?: ReadonlyArray<{ readonly T: Item }>
  }
}

export interface ScoredItem {
  readonly id: AccountId
}

/**
 * The items found for the requested accounts. `get` is the item of one account, `Option.none()` when ITS has no
 * score for it. With sub-bookmaker `*` one account can have an item per sub-bookmaker: `all` returns them all.
 */
export class ScoreResults<Item extends ScoredItem> {
  constructor(
    readonly requested: ReadonlyArray<AccountId>,
    readonly items: ReadonlyArray<Item>
  ) {}

  get(id: AccountId): Option.Option<Item> {
    return Arr.findFirst(this.items, (item) => item.id === id)
  }

  all(id: AccountId): ReadonlyArray<Item> {
    return this.items.filter((item) => item.id === id)
  }

  /** Requested accounts without any item. */
  get missing(): ReadonlyArray<AccountId> {
    const found = new Set(this.items.map((item) => item.id))
    return this.requested.filter((id) => !found.has(id))
  }
}

/** An item of an sCCF/CCF range scan, with the kind of entity it belongs to. */
export interface EntityScore<Item> {
  readonly type: EntityType
  readonly item: Item
}

export interface CustomerScores<Item extends ScoredItem> {
  /** One customer's item; `Option.none()` when ITS has no score (absent or `KEY_NOT_FOUND`). */
  readonly score: (scope: ScoreScope, customer: AccountId) => Effect.Effect<Option.Option<Item>, ModelsError>
  /** Many customers: deduplicated, chunked, fetched concurrently, merged. */
  readonly scores: (
    scope: ScoreScope,
    customers: ReadonlyArray<AccountId>
  ) => Effect.Effect<ScoreResults<Item>, ModelsError>
  /** Every customer whose score is in the range, page after page until `lastEvaluatedKey` is absent. */
  readonly inRange: (scope: ScoreScope, range: ScoreRange) => Stream.Stream<Item, ModelsError>
  /** One page of a range scan, for callers that page themselves (e.g. the gateway passes `startKey` through). */
  readonly rangePage: (
    scope: ScoreScope,
    range: ScoreRange,
    startKey?: string
  ) => Effect.Effect<RangePage<Item>, ModelsError>
}

/** One page of a range scan; `lastEvaluatedKey` is the `startKey` of the next page, absent on the last. */
export interface RangePage<A> {
  readonly items: ReadonlyArray<A>
  readonly lastEvaluatedKey: Option.Option<string>
}

export interface EntityIds {
  readonly customers?: ReadonlyArray<AccountId>
  readonly shops?: ReadonlyArray<AccountId>
  readonly terminals?: ReadonlyArray<AccountId>
}

export interface EntityScoreResults<Item extends ScoredItem> {
  readonly customers: ScoreResults<Item>
  readonly shops: ScoreResults<Item>
  readonly terminals: ScoreResults<Item>
}

export interface EntityScores<Item extends ScoredItem> {
  readonly score: (
    scope: ScoreScope,
    entity: { readonly type: EntityType; readonly id: AccountId }
  ) => Effect.Effect<Option.Option<Item>, ModelsError>
  readonly scores: (scope: ScoreScope, ids: EntityIds) => Effect.Effect<EntityScoreResults<Item>, ModelsError>
  readonly inRange: (scope: ScoreScope, range: ScoreRange) => Stream.Stream<EntityScore<Item>, ModelsError>
  readonly rangePage: (
    scope: ScoreScope,
    range: ScoreRange,
    startKey?: string
  ) => Effect.Effect<RangePage<EntityScore<Item>>, ModelsError>
}

type Call<Params, Item> = (
  path: ScorePathParams,
  urlParams: Params
) => Effect.Effect<ScoreEnvelope<Item>, CallFailure | ItsHttpError>

type RangeParams = ScoreRange & { readonly startKey?: string }

/** The two endpoint calls of one score API, with its specifics. */
export interface ScoreApiCalls<Item extends ScoredItem, ForAccountsParams> {
  readonly api: ModelApiId
  readonly score: DecimalSpec
  readonly forAccounts: Call<ForAccountsParams, Item>
  readonly inRange: Call<RangeParams, Item>
  /** Extra checks of an item (e.g. the configured sCCF range); a string is the problem. */
  readonly check?: (item: Item) => string | undefined
}

const entityKinds = { C: "customers", S: "shops", T: "terminals" } as const
const queryParamOf = { C: "customer", S: "shop", T: "terminal" } as const

const itemsOfKind = <Item>(envelope: ScoreEnvelope<Item>, type: EntityType): ReadonlyArray<Item> => {
  switch (type) {
    case "C":
      return (envelope.responseItem.customers ?? []).map((entry) => entry.C)
    case "S":
      return (envelope.responseItem.shops ?? []).map((entry) => entry.S)
    case "T":
      return (envelope.responseItem.terminals ?? []).map((entry) => entry.T)
  }
}

const isKeyNotFound = (error: CallFailure | ItsHttpError): boolean =>
  typeof error === "object" && "responseStatus" in error && error.responseStatus === "KEY_NOT_FOUND"

const makeCommon = <Item extends ScoredItem, P>(calls: ScoreApiCalls<Item, P>) => {
  const { api } = calls

  /** A response's items, `KEY_NOT_FOUND` (as 200 or as 404) being `empty`. */
  const handle = <A>(
    call: Effect.Effect<ScoreEnvelope<Item>, CallFailure | ItsHttpError>,
    read: (envelope: ScoreEnvelope<Item>) => A,
    empty: A
  ): Effect.Effect<A, ModelsError> =>
    call.pipe(
      Effect.map(Option.some),
      Effect.catchIf(isKeyNotFound, () => Effect.succeed(Option.none<ScoreEnvelope<Item>>())),
      Effect.mapError(toModelsError(api)),
      Effect.flatMap(
        Option.match({
          onNone: () => Effect.succeed(empty),
          onSome: (envelope) => {
            switch (envelope.responseStatus) {
              case "SUCCESSFUL":
                return Effect.succeed(read(envelope))
              case "KEY_NOT_FOUND":
                return Effect.succeed(empty)
              default:
                return Effect.fail(envelopeFailure(api, envelope))
            }
          }
        })
      )
    )

  const checked = <A extends Item>(items: ReadonlyArray<A>): Effect.Effect<ReadonlyArray<A>, ModelsError> => {
    if (calls.check === undefined) return Effect.succeed(items)
    const problems = items.flatMap((item) => {
      const problem = calls.check?.(item)
      return problem === undefined ? [] : [`${item.id}: ${problem}`]
    })
    return problems.length === 0 ? Effect.succeed(items) : Effect.fail(new ModelResponseInvalid({ api, problems }))
  }

  /** Pages of a range scan; stops when `lastEvaluatedKey` is absent (or does not advance). */
  const rangePages = <A>(
    scope: ScoreScope,
    range: ScoreRange,
    read: (envelope: ScoreEnvelope<Item>) => ReadonlyArray<A>
  ) =>
    Stream.unwrap(
      Effect.as(
        validateRequest(api, scoreRangeParams(calls.score), range),
        Stream.paginateChunkEffect(undefined as string | undefined, (startKey) =>
          handle(
            calls.inRange(scope, startKey === undefined ? range : { ...range, startKey }),
            (envelope) => ({ items: read(envelope), next: envelope.lastEvaluatedKey }),
            { items: [] as ReadonlyArray<A>, next: undefined as string | undefined }
          ).pipe(
            Effect.filterOrFail(
              ({ next }) => next === undefined || next !== startKey,
              () => new ModelResponseInvalid({ api, problems: [`lastEvaluatedKey did not advance (${startKey})`] })
            ),
            Effect.map(({ items, next }) => [Chunk.fromIterable(items), Option.fromNullable(next)] as const)
          )
        )
      )
    ).pipe(Stream.withSpan(`Models.${api}.inRange`))

  /** One page of a range scan, validated like the stream's first request. */
  const rangePage = <A>(
    scope: ScoreScope,
    range: ScoreRange,
    startKey: string | undefined,
    read: (envelope: ScoreEnvelope<Item>) => ReadonlyArray<A>
  ): Effect.Effect<RangePage<A>, ModelsError> =>
    validateRequest(api, scoreRangeParams(calls.score), range).pipe(
      Effect.zipRight(
        handle(
          calls.inRange(scope, startKey === undefined ? range : { ...range, startKey }),
          (envelope): RangePage<A> => ({
            items: read(envelope),
            lastEvaluatedKey: Option.fromNullable(envelope.lastEvaluatedKey)
          }),
          { items: [], lastEvaluatedKey: Option.none() }
        )
      ),
      Effect.withSpan(`Models.${api}.rangePage`)
    )

  return { handle, checked, rangePages, rangePage }
}

/**
 * Looks up many ids of one kind: chunks of `maxIdsPerRequest`, `concurrency` at a time, merged. One chunk (the
 * usual case) is fetched in the caller's fiber: concurrency would only fork a fiber to wait for it.
 */
const lookup = <Item extends ScoredItem>(
  settings: ModelsSettings,
  ids: ReadonlyArray<AccountId>,
  fetchChunk: (chunk: Arr.NonEmptyReadonlyArray<AccountId>) => Effect.Effect<ReadonlyArray<Item>, ModelsError>
) => {
  const unique = Arr.dedupe(ids)
  const chunks = chunksOf(unique, settings.maxIdsPerRequest).filter(Arr.isNonEmptyReadonlyArray)
  const fetched =
    chunks.length <= 1
      ? Effect.forEach(chunks, fetchChunk)
      : Effect.forEach(chunks, fetchChunk, { concurrency: settings.concurrency })
  return Effect.map(fetched, (results) => new ScoreResults(unique, results.flat()))
}

/** LBS, Bot, Marker. */
export const makeCustomerScores = <Item extends ScoredItem>(
  calls: ScoreApiCalls<Item, { readonly customer: Arr.NonEmptyReadonlyArray<AccountId> }>,
  settings: ModelsSettings
): CustomerScores<Item> => {
  const { handle, checked, rangePages, rangePage } = makeCommon(calls)
  const fetchChunk = (scope: ScoreScope) => (customer: Arr.NonEmptyReadonlyArray<AccountId>) =>
    Effect.flatMap(
      handle(calls.forAccounts(scope, { customer }), (envelope) => itemsOfKind(envelope, "C"), []),
      checked
    )

  const scores = Effect.fn(`Models.${calls.api}.scores`)(function* (
    scope: ScoreScope,
    customers: ReadonlyArray<AccountId>
  ) {
    return yield* lookup(settings, customers, fetchChunk(scope))
  })

  return {
    score: (scope, customer) =>
      Effect.map(scores(scope, [customer]), (results) => results.get(customer)).pipe(
        Effect.withSpan(`Models.${calls.api}.score`)
      ),
    scores,
    inRange: (scope, range) =>
      rangePages(scope, range, (envelope) => itemsOfKind(envelope, "C")).pipe(
        Stream.mapChunksEffect((chunk) => Effect.map(checked(Chunk.toReadonlyArray(chunk)), Chunk.fromIterable))
      ),
    rangePage: (scope, range, startKey) =>
      rangePage(scope, range, startKey, (envelope) => itemsOfKind(envelope, "C")).pipe(
        Effect.flatMap((page) => Effect.map(checked(page.items), (items) => ({ ...page, items })))
      )
  }
}

/** sCCF, CCF: customers, shops and terminals. */
export const makeEntityScores = <Item extends ScoredItem>(
  calls: ScoreApiCalls<
    Item,
    {
      readonly customer?: Arr.NonEmptyReadonlyArray<AccountId>
      readonly shop?: Arr.NonEmptyReadonlyArray<AccountId>
      readonly terminal?: Arr.NonEmptyReadonlyArray<AccountId>
    }
  >,
  settings: ModelsSettings
): EntityScores<Item> => {
  const { handle, checked, rangePages, rangePage } = makeCommon(calls)
  const allKinds = (envelope: ScoreEnvelope<Item>) =>
    (["C", "S", "T"] as const).flatMap((type) => itemsOfKind(envelope, type).map((item) => ({ type, item })))
  // One kind per request keeps chunking simple; the API accepts the kinds together too.
  const fetchChunk = (scope: ScoreScope, type: EntityType) => (ids: Arr.NonEmptyReadonlyArray<AccountId>) =>
    Effect.flatMap(
      handle(calls.forAccounts(scope, { [queryParamOf[type]]: ids }), (envelope) => itemsOfKind(envelope, type), []),
      checked
    )

  const scores = Effect.fn(`Models.${calls.api}.scores`)(function* (scope: ScoreScope, ids: EntityIds) {
    const kind = (type: EntityType) => lookup(settings, ids[entityKinds[type]] ?? [], fetchChunk(scope, type))
    // Kinds with no ids cost nothing; a single kind needs no fiber of its own.
    const asked = (["C", "S", "T"] as const).filter((type) => (ids[entityKinds[type]] ?? []).length > 0).length
    return yield* Effect.all(
      { customers: kind("C"), shops: kind("S"), terminals: kind("T") },
      asked > 1 ? { concurrency: "unbounded" } : {}
    )
  })

  return {
    score: (scope, { type, id }) =>
      Effect.map(lookup(settings, [id], fetchChunk(scope, type)), (results) => results.get(id)).pipe(
        Effect.withSpan(`Models.${calls.api}.score`)
      ),
    scores,
    inRange: (scope, range) =>
      rangePages(scope, range, allKinds).pipe(
        Stream.mapChunksEffect((chunk) =>
          Effect.as(checked(Chunk.toReadonlyArray(chunk).map(({ item }) => item)), chunk)
        )
      ),
    rangePage: (scope, range, startKey) =>
      rangePage(scope, range, startKey, allKinds).pipe(
        Effect.tap((page) => checked(page.items.map(({ item }) => item)))
      )
  }
}
