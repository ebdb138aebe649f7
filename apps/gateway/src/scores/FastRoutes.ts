/**
 * The score lookups the fast path (`FastLookup.ts`) serves, by exact path: for each, the endpoint's own Schemas
 * (`scores/Api.ts`, `ScoreLookupResponse.ts`) compiled once, the cache keys it asks for and the `ScoreCache` call
 * the router's handler (`scores/Http.ts`) makes. Nothing here is a second definition of the route.
 */
import type { AccountId, EntityIds, ModelsError, ScoreScope } from "@its/models"
import { type Effect, type Either, Schema, type SchemaAST } from "effect"
import { CustomerLookupParams, EntityLookupParams } from "./Api.ts"
import type { CachedScores } from "./CachedScores.ts"
import { entityKeys, type ScoreCacheShape, type ScoreKey } from "./ScoreCache.ts"
import type { ScoreModel } from "./ScoreCacheConfig.ts"
import {
  BotScoreLookup,
  CcfScoreLookup,
  LbsScoreLookup,
  MarkerScoreLookup,
  SccfScoreLookup,
  type ScoreLookupResponse,
  type scoreLookupResponse
} from "./ScoreLookupResponse.ts"

export interface ScopeParams {
  readonly bookmaker: ScoreScope["bookmaker"]
  readonly subBookmaker?: ScoreScope["subBookmaker"]
}
export interface EntityParams {
  readonly customer: ReadonlyArray<AccountId>
  readonly shop: ReadonlyArray<AccountId>
  readonly terminal: ReadonlyArray<AccountId>
}
export type LookupParams = ScopeParams & Partial<EntityParams>

export interface FastRoute {
  readonly model: ScoreModel
  readonly decode: (input: unknown) => Either.Either<LookupParams, unknown>
  readonly keys: (params: LookupParams) => ReadonlyArray<ScoreKey>
  /** What the router's handler calls: the cache, which asks ITS for what it does not hold fresh. */
  readonly lookup: (
    cache: ScoreCacheShape,
    scope: ScoreScope,
    params: LookupParams
  ) => Effect.Effect<CachedScores<never>, ModelsError>
  readonly encode: (response: ScoreLookupResponse<unknown>) => unknown
}

const customers = (params: Partial<EntityParams>): ReadonlyArray<ScoreKey> =>
  (params.customer ?? []).map((id) => ({ type: "C" as const, id }))

const entityIds = (params: Partial<EntityParams>): EntityIds => ({
  ...(params.customer === undefined ? {} : { customers: params.customer }),
  ...(params.shop === undefined ? {} : { shops: params.shop }),
  ...(params.terminal === undefined ? {} : { terminals: params.terminal })
})

// Decoders and encoders compiled once, from the same Schemas the endpoints declare.
const customerParams = Schema.decodeUnknownEither(CustomerLookupParams)
const entityParams = Schema.decodeUnknownEither(EntityLookupParams)

/**
 * Whether encoding with `ast` returns valid values unchanged: no transformation anywhere (refinements only check).
 * Conservative: declarations, recursion and index signatures count as transformations.
 */
const encodesAsIs = (ast: SchemaAST.AST): boolean => {
  switch (ast._tag) {
    case "Transformation":
    case "Declaration":
    case "Suspend":
      return false
    case "Refinement":
      return encodesAsIs(ast.from)
    case "Union":
      return ast.types.every(encodesAsIs)
    case "TupleType":
      return ast.elements.every((e) => encodesAsIs(e.type)) && ast.rest.every((r) => encodesAsIs(r.type))
    case "TypeLiteral":
      return ast.indexSignatures.length === 0 && ast.propertySignatures.every((p) => encodesAsIs(p.type))
    default:
      return true
  }
}

/**
 * The endpoint's success Schema as an encoder, with each item encoded once per cached item object (cached items are
 * immutable; a hit re-serves the same objects) and the rest (accounts, ages, totals) per request. Keys come out in
 * the Schema's order, so the JSON is the router's byte for byte (`test/scores/FastLookup.test.ts`). When the rest
 * encodes as is (it does today: ids, booleans, numbers), the handler's values are passed through: they are built
 * in the Schema's key order by `toScoreLookupResponse` and are valid by construction.
 */
const responseEncoder = <A, I>(schema: ReturnType<typeof scoreLookupResponse<A, I>>) => {
  const { items, ...rest } = schema.fields
  const encodeItem = Schema.encodeSync(items.value)
  const restSchema = Schema.Struct(rest)
  const encodeRest = encodesAsIs(restSchema.ast)
    ? (response: ScoreLookupResponse<A>) => ({
        missing: response.missing,
        accounts: response.accounts,
        cache: response.cache
      })
    : Schema.encodeSync(restSchema)
  const encoded = new WeakMap<object, { readonly type: string; readonly encoded: unknown }>()
  return (response: ScoreLookupResponse<A>): unknown => {
    const encodedItems = response.items.map((typed) => {
      const item = typed.item as object
      const seen = encoded.get(item)
      if (seen !== undefined && seen.type === typed.type) return seen.encoded
      const fresh = encodeItem(typed)
      encoded.set(item, { type: typed.type, encoded: fresh })
      return fresh
    })
    return { items: encodedItems, ...encodeRest(response) }
  }
}

const customerRoute = <A, I>(
  model: "lbs" | "bot" | "marker",
  schema: ReturnType<typeof scoreLookupResponse<A, I>>
): FastRoute => ({
  model,
  decode: customerParams as FastRoute["decode"],
  keys: customers,
  lookup: (cache, scope, params) => cache[model](scope, params.customer ?? []) as ReturnType<FastRoute["lookup"]>,
  encode: responseEncoder(schema) as FastRoute["encode"]
})

const entityRoute = <A, I>(model: "sccf" | "ccf", schema: ReturnType<typeof scoreLookupResponse<A, I>>): FastRoute => ({
  model,
  decode: entityParams as FastRoute["decode"],
  keys: (params) => entityKeys(entityIds(params)),
  lookup: (cache, scope, params) => cache[model](scope, entityIds(params)) as ReturnType<FastRoute["lookup"]>,
  encode: responseEncoder(schema) as FastRoute["encode"]
})

/** The lookups by exact path (the router's match for these paths, with no percent-encoding to undo). */
export const fastRoutes: ReadonlyMap<string, FastRoute> = new Map([
  ["/v1/scores/lbs", customerRoute("lbs", LbsScoreLookup)],
  ["/v1/scores/bot", customerRoute("bot", BotScoreLookup)],
  ["/v1/scores/marker", customerRoute("marker", MarkerScoreLookup)],
  ["/v1/scores/sccf", entityRoute("sccf", SccfScoreLookup)],
  ["/v1/scores/ccf", entityRoute("ccf", CcfScoreLookup)]
])

/** Query parameters as the router reads them: a repeated name becomes an array. */
export const paramsOf = (query: string): Record<string, string | Array<string>> => {
  const record: Record<string, string | Array<string>> = {}
  for (const [name, value] of new URLSearchParams(query)) {
    const seen = record[name]
    record[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value]
  }
  return record
}
