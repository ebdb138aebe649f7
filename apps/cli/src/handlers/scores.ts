/**
 * `its scores lbs|bot|marker|sccf|ccf`: scores for accounts (`--customer`, and for sCCF/CCF `--shop`,
 * `--terminal`) or every account in a score range (`--range LO..HI`). Exit 1 when a requested account has no score.
 * (The commands: `commands/scores.ts`.)
 */
import {
  type AccountId,
  type CustomerScores,
  type EntityScores,
  type EntityType,
  Models,
  type ScoredItem
} from "@its/models"
import { Chunk, Effect, Either, Option, Stream } from "effect"
import { ExitCode, InputError } from "../Failure.ts"
import { directOrGateway, type GatewayClient } from "../Gateway.ts"
import { ModelsLayer } from "../Layers.ts"
import { emit, stderr, table } from "../Output.ts"
import { makeProgress } from "../Progress.ts"
import { cell, parseRange, plain } from "../Parse.ts"
import { exitWith } from "../Run.ts"
import { bookmaker, idList, subBookmaker } from "../Scope.ts"
import type { ScoreModel } from "../commands/scores.ts"

const scoreField: Record<ScoreModel, string> = { lbs: "lbs", bot: "bscore", marker: "mscore", sccf: "sCcf", ccf: "ccf" }

/** One row of output: entity type and the item as plain JSON. */
export interface ScoreRow {
  readonly type: EntityType
  readonly item: Record<string, unknown>
}

/** Per requested account, from the gateway's score cache (`--via-gateway` lookups only). */
export interface AccountFreshness {
  readonly id: string
  readonly type: EntityType
  readonly found: boolean
  readonly cached: boolean
  readonly ageSeconds: number
}

export interface ScoresResult {
  readonly model: ScoreModel
  readonly items: ReadonlyArray<ScoreRow>
  readonly missing: ReadonlyArray<{ readonly type: EntityType; readonly id: string }>
  /** Only through the gateway: whether each account's answer came from its cache, and how old it is. */
  readonly accounts?: ReadonlyArray<AccountFreshness>
  readonly cache?: unknown
}

const render = (result: ScoresResult) => {
  const score = scoreField[result.model]
  const extra = [
    ...new Set(result.items.flatMap((row) => Object.keys(row.item)).filter((k) => !["id", score].includes(k)))
  ]
  const freshness = result.accounts
  const age = (row: ScoreRow) => {
    const account = freshness?.find((a) => a.id === row.item.id && a.type === row.type)
    return account === undefined ? [null, null] : [account.cached ? "yes" : "no", `${Math.round(account.ageSeconds)}s`]
  }
  const lines = [
    table(
      ["type", "id", score, ...extra, ...(freshness === undefined ? [] : ["cached", "age"])],
      result.items.map((row) => [
        row.type,
        row.item.id,
        cell(row.item[score]),
        ...extra.map((k) => cell(row.item[k])),
        ...(freshness === undefined ? [] : age(row))
      ])
    )
  ]
  if (result.missing.length > 0) lines.push(`no score: ${result.missing.map((m) => `${m.type}:${m.id}`).join(", ")}`)
  lines.push(`${result.items.length} item(s)`)
  return lines.join("\n")
}

export interface ScoreArgs {
  readonly bookmaker: number
  readonly subBookmaker: string
  readonly customer: Option.Option<string>
  readonly shop: Option.Option<string>
  readonly terminal: Option.Option<string>
  readonly range: Option.Option<string>
  readonly limit: Option.Option<number>
}

const optionalIds = (name: string, value: Option.Option<string>) =>
  Option.match(value, { onNone: () => Effect.succeed(undefined), onSome: (v) => idList(name, v) })

/** Scores through the SDK, straight to ITS. */
const direct = (model: ScoreModel, args: ScoreArgs) =>
  Effect.gen(function* () {
    const models = yield* Models
    const scope = { bookmaker: yield* bookmaker(args.bookmaker), subBookmaker: yield* subBookmaker(args.subBookmaker) }
    if (Option.isSome(args.range)) {
      const range = yield* Either.mapLeft(parseRange(args.range.value), (message) => new InputError({ message }))
      const limit = Option.getOrElse(args.limit, () => Number.POSITIVE_INFINITY)
      const stream: Stream.Stream<ScoreRow, unknown> =
        model === "sccf" || model === "ccf"
          ? Stream.map(
              (models[model] as unknown as EntityScores<ScoredItem>).inRange(scope, range),
              ({ type, item }) => ({
                type,
                item: plain(item) as Record<string, unknown>
              })
            )
          : Stream.map((models[model] as unknown as CustomerScores<ScoredItem>).inRange(scope, range), (item) => ({
              type: "C" as const,
              item: plain(item) as Record<string, unknown>
            }))
      const progress = yield* makeProgress(`${model} range`)
      const items = yield* Stream.runCollect(
        (Number.isFinite(limit) ? Stream.take(stream, limit) : stream).pipe(
          // The SDK's stream emits one chunk per upstream page.
          Stream.mapChunksEffect((chunk) => Effect.as(progress.add(Chunk.size(chunk), 1), chunk))
        )
      )
      yield* progress.done
      return { model, items: Chunk.toReadonlyArray(items), missing: [] } satisfies ScoresResult
    }
    const customers = yield* optionalIds("customer", args.customer)
    const shops = yield* optionalIds("shop", args.shop)
    const terminals = yield* optionalIds("terminal", args.terminal)
    if (model === "sccf" || model === "ccf") {
      const results = yield* models[model].scores(scope, {
        ...(customers ? { customers } : {}),
        ...(shops ? { shops } : {}),
        ...(terminals ? { terminals } : {})
      })
      const kinds = [
        ["C", results.customers],
        ["S", results.shops],
        ["T", results.terminals]
      ] as const
      return {
        model,
        items: kinds.flatMap(([type, r]) =>
          r.items.map((item) => ({ type, item: plain(item) as Record<string, unknown> }))
        ),
        missing: kinds.flatMap(([type, r]) => r.missing.map((id: AccountId) => ({ type, id })))
      } satisfies ScoresResult
    }
    const results = yield* models[model].scores(scope, customers ?? [])
    return {
      model,
      items: results.items.map((item) => ({ type: "C" as const, item: plain(item) as Record<string, unknown> })),
      missing: results.missing.map((id) => ({ type: "C" as const, id }))
    } satisfies ScoresResult
  }).pipe(Effect.provide(ModelsLayer))

type Scope = { readonly bookmaker: number; readonly subBookmaker: string | number }

interface GatewayLookup {
  readonly items: ReadonlyArray<{ readonly type: EntityType; readonly item: unknown }>
  readonly missing: ReadonlyArray<{ readonly type: EntityType; readonly id: string }>
  readonly accounts: ReadonlyArray<AccountFreshness>
  readonly cache: unknown
}
type LookupFn = (request: { readonly urlParams: Record<string, unknown> }) => Effect.Effect<GatewayLookup, unknown>
type RangeFn = (request: { readonly urlParams: Record<string, unknown> }) => Effect.Effect<
  {
    readonly items: ReadonlyArray<{ readonly type: EntityType; readonly item: unknown }>
    readonly nextStartKey?: string | undefined
  },
  unknown
>

/** Scores through the gateway: cached lookups (with each account's freshness), range scans page by page. */
const viaGateway = (model: ScoreModel, args: ScoreArgs, client: GatewayClient) =>
  Effect.gen(function* () {
    const scope: Scope = {
      bookmaker: yield* bookmaker(args.bookmaker),
      subBookmaker: yield* subBookmaker(args.subBookmaker)
    }
    const toRow = ({ type, item }: { type: EntityType; item: unknown }): ScoreRow => ({
      type,
      item: plain(item) as Record<string, unknown>
    })
    if (Option.isSome(args.range)) {
      const range = yield* Either.mapLeft(parseRange(args.range.value), (message) => new InputError({ message }))
      const limit = Option.getOrElse(args.limit, () => Number.POSITIVE_INFINITY)
      const page = client.scores[`${model}Range`] as unknown as RangeFn
      const items: Array<ScoreRow> = []
      let startKey: string | undefined
      const progress = yield* makeProgress(`${model} range`)
      do {
        const result = yield* page({
          urlParams: { ...scope, lower: range.lower, higher: range.higher, ...(startKey ? { startKey } : {}) }
        })
        items.push(...result.items.map(toRow))
        yield* progress.add(result.items.length, 1)
        startKey = result.nextStartKey
      } while (startKey !== undefined && items.length < limit)
      yield* progress.done
      return { model, items: Number.isFinite(limit) ? items.slice(0, limit) : items, missing: [] } as ScoresResult
    }
    const customers = yield* optionalIds("customer", args.customer)
    const shops = yield* optionalIds("shop", args.shop)
    const terminals = yield* optionalIds("terminal", args.terminal)
    const lookup = client.scores[model] as unknown as LookupFn
    const result = yield* lookup({
      urlParams: {
        ...scope,
        ...(customers ? { customer: customers } : {}),
        ...(shops ? { shop: shops } : {}),
        ...(terminals ? { terminal: terminals } : {})
      }
    })
    return {
      model,
      items: result.items.map(toRow),
      missing: result.missing.map(({ type, id }) => ({ type, id })),
      accounts: result.accounts.map(({ id, type, found, cached, ageSeconds }) => ({
        id,
        type,
        found,
        cached,
        ageSeconds
      })),
      cache: result.cache
    } satisfies ScoresResult
  })

export const run = (model: ScoreModel) => (args: ScoreArgs) =>
  Effect.gen(function* () {
    const lookups = [args.customer, args.shop, args.terminal].filter(Option.isSome).length
    if (lookups === 0 && Option.isNone(args.range))
      return yield* new InputError({
        message: "give --customer (or --shop / --terminal) or --range",
        hint: `its scores ${model} --bookmaker 1234 --customer cust_1,cust_2`
      })
    if (lookups > 0 && Option.isSome(args.range))
      return yield* new InputError({ message: "--range cannot be combined with account ids" })
    const result: ScoresResult = yield* directOrGateway(direct(model, args), (client) =>
      viaGateway(model, args, client)
    )
    yield* emit(result, () => render(result))
    if (result.missing.length > 0) {
      // The result is already printed (one JSON document with --json): report the negative outcome on stderr only.
      yield* stderr(`its: no ${model} score for ${result.missing.map((m) => m.id).join(", ")} (KEY_NOT_FOUND)`)
      return yield* exitWith(ExitCode.negative)
    }
  })
