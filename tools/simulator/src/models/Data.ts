/**
 * Deterministic, lazily computed model data for the simulated ITS model APIs.
 *
 * Every value is a pure function of (bookmaker, account id, model): a small string hash seeds a PRNG, so the same
 * request gives the same answer on every run, and every API (the score APIs and the Account API) reports the same
 * scores for the same account. Nothing is materialised: listing and range endpoints walk the ids in order and
 * compute each account on the fly.
 */
import type { AccountAttribute, EntityType, Filter, Sort } from "@its/models/api"
import { Config, type ConfigError, Context, Layer } from "effect"

/** What the data depends on; `SIM_POPULATION`, `SIM_RANGE_PAGE_SIZE`. */
export interface ModelsDataSettings {
  /** Customers per bookmaker (`cust-000001` …); shops are 1/100 and terminals 1/50 of it (at least one each). */
  readonly population: number
  /** Items per page of the score APIs' range endpoints. */
  readonly rangePageSize: number
}

export const defaultModelsDataSettings: ModelsDataSettings = { population: 50_000, rangePageSize: 1000 }

export const modelsDataConfig: Config.Config<ModelsDataSettings> = Config.all({
  population: Config.integer("SIM_POPULATION").pipe(
    Config.validate({
      message: "SIM_POPULATION must be between 1 and 999999",
      validation: (n) => n >= 1 && n <= 999_999
    }),
    Config.withDefault(defaultModelsDataSettings.population)
  ),
  rangePageSize: Config.integer("SIM_RANGE_PAGE_SIZE").pipe(
    Config.validate({ message: "SIM_RANGE_PAGE_SIZE must be at least 1", validation: (n) => n >= 1 }),
    Config.withDefault(defaultModelsDataSettings.rangePageSize)
  )
})

/** The data settings the model handlers read. */
export class ModelsData extends Context.Tag("@its/simulator/ModelsData")<ModelsData, ModelsDataSettings>() {
  /** From `SIM_POPULATION` / `SIM_RANGE_PAGE_SIZE`. */
  static readonly layer: Layer.Layer<ModelsData, ConfigError.ConfigError> = Layer.effect(ModelsData, modelsDataConfig)
  static readonly layerWith = (settings: Partial<ModelsDataSettings> = {}): Layer.Layer<ModelsData> =>
    Layer.succeed(ModelsData, { ...defaultModelsDataSettings, ...settings })
}

// --- hashing -------------------------------------------------------------------------------------------------

/** FNV-1a, 32 bits. */
export const hash32 = (text: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** A mulberry32 PRNG seeded with `seed`: each call returns the next number in [0, 1). */
export const prng = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A PRNG for one (bookmaker, key, salt). */
export const randomFor = (bookmaker: number, key: string, salt: string): (() => number) =>
  prng(hash32(`${bookmaker}|${key}|${salt}`))

// --- population ----------------------------------------------------------------------------------------------

export const EntityTypes: ReadonlyArray<EntityType> = ["C", "S", "T"]

const prefixes: Readonly<Record<EntityType, string>> = { C: "cust", S: "shop", T: "term" }

export const accountIdOf = (type: EntityType, index: number): string =>
  `${prefixes[type]}-${String(index).padStart(6, "0")}`

export const countOf = (settings: ModelsDataSettings, type: EntityType): number =>
  type === "C" ? settings.population : Math.max(1, Math.floor(settings.population / (type === "S" ? 100 : 50)))

const idPattern = /^(cust|shop|term)-(\d{6})$/

/** The type and 1-based index of an id of the population, or `undefined` for an unknown id. */
export const parseAccountId = (
  settings: ModelsDataSettings,
  id: string
): { readonly type: EntityType; readonly index: number } | undefined => {
  const match = idPattern.exec(id)
  if (match === null) return undefined
  const type: EntityType = match[1] === "cust" ? "C" : match[1] === "shop" ? "S" : "T"
  const index = Number(match[2])
  return index >= 1 && index <= countOf(settings, type) ? { type, index } : undefined
}

// --- accounts ------------------------------------------------------------------------------------------------

/** The score models, by their Account API attribute names. */
export type ScoreModel = "lbs" | "botScore" | "markerScore" | "sccf" | "ccf"

/** One simulated account. Scores are in hundredths (integers) so that every API renders the very same value. */
export interface SimAccount {
  readonly id: string
  readonly type: EntityType
  readonly index: number
  readonly bookmaker: number
  readonly subBookmaker: number
  readonly sourceId: string
  /** Epoch milliseconds of the last change (filterable as `lastModified`). */
  readonly lastModified: number
  readonly scores: Readonly<Partial<Record<ScoreModel, number>>>
}

/** Share of accounts without a score, per model. */
export const MissingShare: Readonly<Record<ScoreModel, number>> = {
  lbs: 0.08,
  botScore: 0.1,
  markerScore: 0.12,
  sccf: 0.05,
  ccf: 0.03
}

/** Sub-bookmakers 1–3; every account belongs to one. */
export const SubBookmakerCount = 3

/** `lastModified` is within the 30 days before this fixed instant (2026-11-01T00:00:00Z). */
const LastModifiedBase = 1_793_491_200_000
const DayMs = 86_400_000

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n))

/** A standard normal variate from two uniforms (Box–Muller). */
const normal = (next: () => number) => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())

const scoreOf = (bookmaker: number, id: string, model: ScoreModel, sccf: number | undefined): number | undefined => {
  const next = randomFor(bookmaker, id, model)
  if (next() < MissingShare[model]) return undefined
  const u = next()
  switch (model) {
    // Most players are typical; a long tail is suspicious.
    case "lbs":
      return Math.round(100 * u ** 3)
    case "botScore":
      return 1 + Math.round(99 * u ** 4)
    case "markerScore":
      return 1 + Math.round(99 * u ** 2.5)
    // Log-normal around 1.1, 0.01–10.00.
    case "sccf":
      return Math.round(100 * clamp(Math.exp(0.1 + 0.7 * normal(next)), 0.01, 10))
    // Most accounts keep the default 1.00; the others follow their suggested CCF.
    case "ccf":
      return u < 0.6 || sccf === undefined ? 100 : clamp(Math.round(sccf * (0.8 + 0.4 * next())), 1, 1000)
  }
}

const customerModels: ReadonlyArray<ScoreModel> = ["lbs", "botScore", "markerScore"]

/** The account `type`/`index` of `bookmaker` (always the same). */
export const accountAt = (bookmaker: number, type: EntityType, index: number): SimAccount => {
  const id = accountIdOf(type, index)
  const next = randomFor(bookmaker, id, "account")
  const subBookmaker = 1 + Math.floor(next() * SubBookmakerCount)
  const lastModified = LastModifiedBase - Math.floor(next() * 30 * DayMs)
  const scores: Partial<Record<ScoreModel, number>> = {}
  const sccf = scoreOf(bookmaker, id, "sccf", undefined)
  if (sccf !== undefined) scores.sccf = sccf
  const ccf = scoreOf(bookmaker, id, "ccf", sccf)
  if (ccf !== undefined) scores.ccf = ccf
  if (type === "C") {
    for (const model of customerModels) {
      const score = scoreOf(bookmaker, id, model, undefined)
      if (score !== undefined) scores[model] = score
    }
  }
  return {
    id,
    type,
    index,
    bookmaker,
    subBookmaker,
    sourceId: `${bookmaker}:${subBookmaker}:${id}`,
    lastModified,
    scores
  }
}

/** The account with this id, or `undefined` if it is not part of the population. */
export const findAccount = (settings: ModelsDataSettings, bookmaker: number, id: string): SimAccount | undefined => {
  const parsed = parseAccountId(settings, id)
  return parsed === undefined ? undefined : accountAt(bookmaker, parsed.type, parsed.index)
}

/** A position in the id order (customers, shops, terminals), e.g. `C#42`: the range endpoints' keys. */
export interface Position {
  readonly type: EntityType
  readonly index: number
}

export const formatPosition = (position: Position): string => `${position.type}#${position.index}`

export const parsePosition = (key: string): Position | undefined => {
  const match = /^([CST])#(\d{1,7})$/.exec(key)
  if (match === null) return undefined
  return { type: match[1] as EntityType, index: Number(match[2]) }
}

/** Every account of `types` after `after` (exclusive), in order, computed on the fly. */
export function* accountsFrom(
  settings: ModelsDataSettings,
  bookmaker: number,
  types: ReadonlyArray<EntityType>,
  after?: Position
): Generator<SimAccount> {
  const start = after === undefined ? 0 : EntityTypes.indexOf(after.type)
  for (const type of EntityTypes.slice(start)) {
    if (!types.includes(type)) continue
    const first = after !== undefined && type === after.type ? after.index + 1 : 1
    const count = countOf(settings, type)
    for (let index = first; index <= count; index++) yield accountAt(bookmaker, type, index)
  }
}

/** `hundredths / 100` rendered with two decimals, e.g. 93 → "0.93", 100 → "1.00". */
export const scoreText = (hundredths: number): string => (hundredths / 100).toFixed(2)

export const scoreValue = (hundredths: number): number => Number(scoreText(hundredths))

// --- the Account API's filter and sort DSL -------------------------------------------------------------------

const attributeValue = (account: SimAccount, attribute: AccountAttribute): number | string | undefined => {
  switch (attribute) {
    case "accountId":
      return account.id
    case "sourceId":
      return account.sourceId
    case "accountType":
      return account.type
    case "lastModified":
      return account.lastModified
    default: {
      const score = account.scores[attribute]
      return score === undefined ? undefined : scoreValue(score)
    }
  }
}

/** Whether `account` satisfies `filter`. An absent score satisfies no term. */
export const matchesFilter = (account: SimAccount, filter: Filter): boolean => {
  const actual = attributeValue(account, filter.attribute)
  if (actual === undefined) return false
  const value = filter.value as number | string | ReadonlyArray<number | string>
  switch (filter.operator) {
    case "eq":
      return actual === value
    case "neq":
      return actual !== value
    case "gt":
      return (actual as number) > (value as number)
    case "lt":
      return (actual as number) < (value as number)
    case "gte":
      return (actual as number) >= (value as number)
    case "lte":
      return (actual as number) <= (value as number)
    case "in":
      return (value as ReadonlyArray<number | string>).includes(actual)
    case "nin":
      return !(value as ReadonlyArray<number | string>).includes(actual)
    case "like":
      return String(actual).toLowerCase().includes(String(value).toLowerCase())
    case "starts_with":
      return String(actual).startsWith(String(value))
  }
}

const typeRank = (type: EntityType) => EntityTypes.indexOf(type)

/** Orders by `sorts` (absent values last), then by id order (type, index). */
export const compareAccounts =
  (sorts: ReadonlyArray<Sort>) =>
  (a: SimAccount, b: SimAccount): number => {
    for (const { attribute, direction } of sorts) {
      const x = attributeValue(a, attribute)
      const y = attributeValue(b, attribute)
      if (x === y) continue
      if (x === undefined) return 1
      if (y === undefined) return -1
      const order = x < y ? -1 : 1
      return direction === "asc" ? order : -order
    }
    return typeRank(a.type) - typeRank(b.type) || a.index - b.index
  }
