/**
 * The five key-value score APIs (LBS, Bot, Marker, sCCF, CCF) as the simulator serves them: one factory,
 * `scoreGroup`, builds each group's two handlers (the requested keys and one range page) from the model it reads
 * and the item it renders. The answers follow the shared score envelope (its-api.md §4.1).
 */
import { HttpApiBuilder } from "@effect/platform"
import { AccountId, type EntityType, type SubBookmakerSelector, WireDecimal } from "@its/models/api"
import { Clock, Effect, Random } from "effect"
import { SimulatedModelsApi } from "./Api.ts"
import {
  accountsFrom,
  findAccount,
  formatPosition,
  ModelsData,
  type ModelsDataSettings,
  parsePosition,
  type ScoreModel,
  type SimAccount,
  scoreText,
  scoreValue
} from "./Data.ts"

// --- the score envelope --------------------------------------------------------------------------------------

const newRequestId = Effect.map(
  Effect.all([Random.nextIntBetween(0, 0x10000000), Random.nextIntBetween(0, 0x10000000)]),
  ([a, b]) => `sim-${a.toString(16).padStart(7, "0")}${b.toString(16).padStart(7, "0")}`
)

/** The envelope fields of an answer to a request that started at `startedAt` (Clock millis). */
const envelopeOf = (startedAt: number, responseMessage: string) =>
  Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    return {
      responseMessage,
      requestId: yield* newRequestId,
      queryExecutionTime: Math.max(0, now - startedAt)
    }
  })

const failure = <const Status extends "VALIDATION_FAILED" | "KEY_NOT_FOUND">(
  startedAt: number,
  responseStatus: Status,
  message: string
) => Effect.flatMap(envelopeOf(startedAt, message), (envelope) => Effect.fail({ responseStatus, ...envelope }))

/** A score in hundredths as the wire renders it ("0.93"). */
export const decimal = (hundredths: number) =>
  new WireDecimal({ text: scoreText(hundredths), value: scoreValue(hundredths) })

const inSubBookmaker = (account: SimAccount, selector: SubBookmakerSelector) =>
  selector === "*" || account.subBookmaker === selector

// --- score lookups and range pages ---------------------------------------------------------------------------

/** The accounts of `ids` (de-duplicated, in request order) of `type` that have a `model` score. */
const scoredAccounts = (
  settings: ModelsDataSettings,
  bookmaker: number,
  selector: SubBookmakerSelector,
  type: EntityType,
  model: ScoreModel,
  ids: ReadonlyArray<string> | undefined
): ReadonlyArray<SimAccount> =>
  [...new Set(ids ?? [])].flatMap((id) => {
    const account = findAccount(settings, bookmaker, id)
    return account !== undefined &&
      account.type === type &&
      inSubBookmaker(account, selector) &&
      account.scores[model] !== undefined
      ? [account]
      : []
  })

type RangeParams = { readonly lower: number; readonly higher: number; readonly startKey?: string | undefined }

interface RangePage {
  readonly accounts: ReadonlyArray<SimAccount>
  readonly lastEvaluatedKey: string | undefined
}

/** One page of the accounts of `types` whose `model` score is in [lower, higher], after `startKey`. */
const rangePage = (
  settings: ModelsDataSettings,
  bookmaker: number,
  selector: SubBookmakerSelector,
  types: ReadonlyArray<EntityType>,
  model: ScoreModel,
  params: RangeParams
): RangePage | string => {
  if (params.lower > params.higher) return `lower (${params.lower}) is greater than higher (${params.higher})`
  const after = params.startKey === undefined ? undefined : parsePosition(params.startKey)
  if (params.startKey !== undefined && after === undefined) return `startKey "${params.startKey}" is not a key`
  const accounts: Array<SimAccount> = []
  for (const account of accountsFrom(settings, bookmaker, types, after)) {
    const score = account.scores[model]
    if (score === undefined || !inSubBookmaker(account, selector)) continue
    const value = scoreValue(score)
    if (value < params.lower || value > params.higher) continue
    accounts.push(account)
    if (accounts.length >= settings.rangePageSize) {
      return { accounts, lastEvaluatedKey: formatPosition(account) }
    }
  }
  return { accounts, lastEvaluatedKey: undefined }
}

const withKey = (key: string | undefined) => (key === undefined ? {} : { lastEvaluatedKey: key })

/**
 * The requested keys: `KEY_NOT_FOUND` when none has a score. `queryExecutionTime` covers the lookup.
 */
const lookupAnswer = <Items>(
  find: () => ReadonlyArray<SimAccount>,
  items: (accounts: ReadonlyArray<SimAccount>) => Items
) =>
  Effect.gen(function* () {
    const startedAt = yield* Clock.currentTimeMillis
    const found = find()
    if (found.length === 0) return yield* failure(startedAt, "KEY_NOT_FOUND", "No score for the requested keys")
    const envelope = yield* envelopeOf(startedAt, "OK")
    return { responseStatus: "SUCCESSFUL" as const, ...envelope, responseItem: items(found) }
  })

/** One range page: `VALIDATION_FAILED` for bad bounds or `startKey`. */
const rangeAnswer = <Items>(
  find: () => ReturnType<typeof rangePage>,
  items: (accounts: ReadonlyArray<SimAccount>) => Items
) =>
  Effect.gen(function* () {
    const startedAt = yield* Clock.currentTimeMillis
    const page = find()
    if (typeof page === "string") return yield* failure(startedAt, "VALIDATION_FAILED", page)
    const envelope = yield* envelopeOf(startedAt, "OK")
    return {
      responseStatus: "SUCCESSFUL" as const,
      ...envelope,
      ...withKey(page.lastEvaluatedKey),
      responseItem: items(page.accounts)
    }
  })

/** `{ customers: [{ C }], shops: [{ S }], terminals: [{ T }] }`, each list present only when non-empty. */
const byEntity = <Item>(accounts: ReadonlyArray<SimAccount>, item: (account: SimAccount) => Item) => {
  const of = (type: EntityType) => accounts.filter((account) => account.type === type).map(item)
  const customers = of("C").map((C) => ({ C }))
  const shops = of("S").map((S) => ({ S }))
  const terminals = of("T").map((T) => ({ T }))
  return {
    ...(customers.length > 0 ? { customers } : {}),
    ...(shops.length > 0 ? { shops } : {}),
    ...(terminals.length > 0 ? { terminals } : {})
  }
}

// --- the factory ---------------------------------------------------------------------------------------------

type Path = { readonly bookmaker: number; readonly subBookmaker: SubBookmakerSelector }
type KeyParams = {
  readonly customer?: ReadonlyArray<string> | undefined
  readonly shop?: ReadonlyArray<string> | undefined
  readonly terminal?: ReadonlyArray<string> | undefined
}

const keyParamOf = { C: "customer", S: "shop", T: "terminal" } as const

/**
 * The two handlers every score API has, for `model` over the entity `types`, answering with `render`: the requested
 * keys (`scoresForAccounts`) and one range page (`scoresInRange`).
 */
const scoreHandlers = <Items>(
  model: ScoreModel,
  types: ReadonlyArray<EntityType>,
  render: (accounts: ReadonlyArray<SimAccount>) => Items
) =>
  Effect.map(ModelsData, (settings) => ({
    forAccounts: ({ path, urlParams }: { readonly path: Path; readonly urlParams: KeyParams }) =>
      lookupAnswer(
        () =>
          types.flatMap((type) =>
            scoredAccounts(settings, path.bookmaker, path.subBookmaker, type, model, urlParams[keyParamOf[type]])
          ),
        render
      ),
    inRange: ({ path, urlParams }: { readonly path: Path; readonly urlParams: RangeParams }) =>
      rangeAnswer(() => rangePage(settings, path.bookmaker, path.subBookmaker, types, model, urlParams), render)
  }))

const idFields = (account: SimAccount) => ({ id: AccountId.make(account.id), srcId: account.sourceId })

/** LBS, Bot, Marker: `{ customers: [{ C: { id, srcId, <score> } }] }` for the `customer` ids. */
const customerScores = <Score>(model: ScoreModel, score: (account: SimAccount) => Score) =>
  scoreHandlers(model, ["C"], (accounts) => ({
    customers: accounts.map((account) => ({ C: { ...idFields(account), ...score(account) } }))
  }))

/** sCCF, CCF: customers, shops and terminals (`byEntity`) for the `customer`, `shop` and `terminal` ids. */
const entityScores = <Score>(model: ScoreModel, score: (account: SimAccount) => Score) =>
  scoreHandlers(model, ["C", "S", "T"], (accounts) =>
    byEntity(accounts, (account) => ({ ...idFields(account), ...score(account) }))
  )

// Each group names its endpoints itself: `HttpApiBuilder.group` only types the handlers of a literal group name.

export const LbsLive = HttpApiBuilder.group(SimulatedModelsApi, "lbs", (handlers) =>
  Effect.map(
    customerScores("lbs", (account) => ({ lbs: decimal(account.scores.lbs ?? 0) })),
    (score) => handlers.handle("scoresForAccounts", score.forAccounts).handle("scoresInRange", score.inRange)
  )
)

export const BotLive = HttpApiBuilder.group(SimulatedModelsApi, "bot", (handlers) =>
  Effect.map(
    customerScores("botScore", (account) => ({ bscore: decimal(account.scores.botScore ?? 1) })),
    (score) => handlers.handle("scoresForAccounts", score.forAccounts).handle("scoresInRange", score.inRange)
  )
)

export const MarkerLive = HttpApiBuilder.group(SimulatedModelsApi, "marker", (handlers) =>
  Effect.map(
    customerScores("markerScore", (account) => ({ mscore: decimal(account.scores.markerScore ?? 1) })),
    (score) => handlers.handle("scoresForAccounts", score.forAccounts).handle("scoresInRange", score.inRange)
  )
)

export const SccfLive = HttpApiBuilder.group(SimulatedModelsApi, "sccf", (handlers) =>
  Effect.map(
    entityScores("sccf", (account) => ({ sCcf: decimal(account.scores.sccf ?? 100) })),
    (score) => handlers.handle("scoresForAccounts", score.forAccounts).handle("scoresInRange", score.inRange)
  )
)

export const CcfLive = HttpApiBuilder.group(SimulatedModelsApi, "ccf", (handlers) =>
  Effect.map(
    entityScores("ccf", (account) => ({ ccf: decimal(account.scores.ccf ?? 100) })),
    (score) => handlers.handle("scoresForAccounts", score.forAccounts).handle("scoresInRange", score.inRange)
  )
)
