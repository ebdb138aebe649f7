/** `its accounts list`: Player Profiling (Account API) — one page, or every page with `--all` (the command: `commands/accounts.ts`). */
import { type BookmakerId, type Filter, Models, parseFilters, parseSort, type Sort } from "@its/models"
import { Array as Arr, Chunk, Effect, Either, Option, Stream } from "effect"
import { InputError } from "../Failure.ts"
import { directOrGateway, type GatewayClient } from "../Gateway.ts"
import { ModelsLayer } from "../Layers.ts"
import { emit, table } from "../Output.ts"
import { cell, plain } from "../Parse.ts"
import { makeProgress } from "../Progress.ts"
import { bookmaker } from "../Scope.ts"

/** Every `--filter` value (each may join terms with `+`) as one list of filters. */
export const parseFilterOptions = (values: ReadonlyArray<string>): Either.Either<ReadonlyArray<Filter>, string> =>
  Either.mapLeft(
    Either.map(Either.all(values.map(parseFilters)), (lists) => lists.flat()),
    (e) => `--filter "${e.input}": ${e.message}`
  )

export const parseSortOptions = (values: ReadonlyArray<string>): Either.Either<ReadonlyArray<Sort>, string> =>
  Either.mapLeft(Either.all(values.map(parseSort)), (e) => `--sort "${e.input}": ${e.message}`)

const columns = ["accountId", "accountType", "subBookmakerId", "sccf", "ccf", "lbs", "markerScore", "botScore"]

export interface ListArgs {
  readonly limit: Option.Option<number>
  readonly offset: Option.Option<number>
  readonly all: boolean
}
type Query = {
  readonly filters?: Arr.NonEmptyReadonlyArray<Filter>
  readonly sort?: Arr.NonEmptyReadonlyArray<Sort>
}
interface Listed {
  readonly items: ReadonlyArray<unknown>
  readonly pagination: unknown
}

/** Straight to ITS through the SDK. */
const direct = (bm: BookmakerId, query: Query, args: ListArgs) =>
  Effect.gen(function* () {
    const models = yield* Models
    let items: ReadonlyArray<unknown>
    let pagination: unknown = null
    if (args.all) {
      const progress = yield* makeProgress("accounts")
      const collected = yield* models.accounts.stream(bm, query).pipe(
        // The SDK's stream emits one chunk per upstream page.
        Stream.mapChunksEffect((chunk) => Effect.as(progress.add(Chunk.size(chunk), 1), chunk)),
        Stream.runCollect
      )
      items = Chunk.toReadonlyArray(collected)
      yield* progress.done
    } else {
      const page = yield* models.accounts.page(bm, {
        ...query,
        ...Option.match(args.limit, { onNone: () => ({}), onSome: (limit) => ({ limit }) }),
        ...Option.match(args.offset, { onNone: () => ({}), onSome: (offset) => ({ offset }) })
      })
      items = page.items
      pagination = plain(page.pagination)
    }
    return { items, pagination } satisfies Listed
  })

/** Through the gateway (`GET /v1/accounts`): one page, or every page following `nextOffset` with `--all`. */
const viaGateway = (client: GatewayClient, bm: BookmakerId, query: Query, args: ListArgs) =>
  Effect.gen(function* () {
    const params = {
      bookmaker: bm,
      ...(query.filters ? { filter: query.filters } : {}),
      ...(query.sort ? { sort: query.sort } : {})
    }
    if (!args.all) {
      const page = yield* client.profiles.accounts({
        urlParams: {
          ...params,
          ...Option.match(args.limit, { onNone: () => ({}), onSome: (limit) => ({ limit }) }),
          ...Option.match(args.offset, { onNone: () => ({}), onSome: (offset) => ({ offset }) })
        }
      })
      return { items: page.items, pagination: plain(page.pagination) } satisfies Listed
    }
    const items: Array<unknown> = []
    let offset: number | undefined = Option.getOrUndefined(args.offset)
    const progress = yield* makeProgress("accounts")
    do {
      const page = yield* client.profiles.accounts({
        urlParams: {
          ...params,
          ...Option.match(args.limit, { onNone: () => ({}), onSome: (limit) => ({ limit }) }),
          ...(offset === undefined ? {} : { offset })
        }
      })
      items.push(...page.items)
      yield* progress.add(page.items.length, 1)
      offset = page.items.length === 0 ? undefined : page.nextOffset
    } while (offset !== undefined)
    yield* progress.done
    return { items, pagination: null } satisfies Listed
  })

export interface ListCommandArgs extends ListArgs {
  readonly bookmaker: number
  readonly filter: ReadonlyArray<string>
  readonly sort: ReadonlyArray<string>
}

/** `its accounts list`. */
export const list = (args: ListCommandArgs) =>
  Effect.gen(function* () {
    const bm = yield* bookmaker(args.bookmaker)
    const filters = yield* Either.mapLeft(parseFilterOptions(args.filter), (message) => new InputError({ message }))
    const sorts = yield* Either.mapLeft(parseSortOptions(args.sort), (message) => new InputError({ message }))
    const query = {
      ...(Arr.isNonEmptyReadonlyArray(filters) ? { filters } : {}),
      ...(Arr.isNonEmptyReadonlyArray(sorts) ? { sort: sorts } : {})
    }
    const { items, pagination } = yield* directOrGateway(
      Effect.provide(direct(bm, query, args), ModelsLayer),
      (client) => viaGateway(client, bm, query, args)
    )
    const rows = items.map((item) => plain(item) as Record<string, unknown>)
    yield* emit({ items: rows, pagination }, () =>
      [
        table(
          columns,
          rows.map((row) => columns.map((c) => cell(row[c])))
        ),
        pagination === null
          ? `${rows.length} account(s)`
          : `${rows.length} account(s) of ${(pagination as { totalCount: number }).totalCount}`
      ].join("\n")
    )
  })
