/**
 * A `Models` double for the score cache: deterministic items per (model, scope, kind, id), every upstream call
 * recorded, optional latency (virtual under `TestClock`) and scripted failures.
 *
 * Ids decide the answer: `none-…` has no score, `multi-…` has two items (as with sub-bookmaker `*`), anything else
 * one. `srcId` carries the current batch `version`, so a test can tell a cached answer from a fresh one.
 */
import {
  type AccountId,
  type CustomerScores,
  type EntityIds,
  type EntityScores,
  type EntityType,
  Models,
  type ModelsError,
  type ModelsShape,
  ModelServiceFailed,
  type ScoredItem,
  ScoreResults,
  type ScoreScope,
  WireDecimal
} from "@its/models"
import { Array as Arr, Duration, Effect, Layer, Queue, Ref } from "effect"

export interface UpstreamCall {
  readonly model: string
  readonly scope: ScoreScope
  readonly ids: ReadonlyArray<string>
}

export interface FakeUpstream {
  readonly layer: Layer.Layer<Models>
  /** Every upstream call, in order. */
  readonly calls: Ref.Ref<ReadonlyArray<UpstreamCall>>
  /** One element per call, offered when the call starts (before its latency). */
  readonly started: Queue.Queue<UpstreamCall>
  /** The next `n` calls to start fail (after their latency) with `ModelServiceFailed`. */
  readonly failNext: (n: number) => Effect.Effect<void>
  /** A new "batch": items fetched from now on carry this version in `srcId`. */
  readonly setVersion: (version: number) => Effect.Effect<void>
  /** The answer ITS would give for these ids, without recording a call. */
  readonly truth: (
    model: string,
    scope: ScoreScope,
    type: EntityType,
    ids: ReadonlyArray<AccountId>
  ) => Effect.Effect<ReadonlyArray<FakeItem>>
}

/** Structurally a superset of every score item (`lbs`, `bscore`, `mscore`, `sCcf`, `ccf` all carry `score`). */
export interface FakeItem extends ScoredItem {
  readonly srcId: string
  readonly score: WireDecimal
}

const scoreOf = (text: string) => {
  let hash = 7
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) % 1000
  return WireDecimal.fromNumber(0.01 + (hash % 99) / 100)
}

export const itemsFor = (
  model: string,
  scope: ScoreScope,
  type: EntityType,
  id: AccountId,
  version: number
): ReadonlyArray<FakeItem> => {
  if (id.startsWith("none-")) return []
  const base = `${model}/${scope.bookmaker}/${scope.subBookmaker}/${type}/${id}`
  const count = id.startsWith("multi-") ? 2 : 1
  return Arr.makeBy(count, (n) => ({ id, srcId: `v${version}-sub${n}`, score: scoreOf(`${base}/${n}`) }))
}

const notUsed = new Proxy({} as never, {
  get: (_, member) => () => Effect.dieMessage(`FakeModels: ${String(member)} is not used by the score cache`)
})

export const makeFakeUpstream = (options: { readonly latency?: Duration.DurationInput } = {}) =>
  Effect.gen(function* () {
    const calls = yield* Ref.make<ReadonlyArray<UpstreamCall>>([])
    const started = yield* Queue.unbounded<UpstreamCall>()
    const failures = yield* Ref.make(0)
    const version = yield* Ref.make(1)
    const latency = Duration.decode(options.latency ?? 0)

    const call = (model: string, scope: ScoreScope, ids: ReadonlyArray<string>) =>
      Effect.gen(function* () {
        const record = { model, scope, ids }
        yield* Ref.update(calls, (all) => [...all, record])
        yield* Queue.offer(started, record)
        // Decided when the call starts, so concurrent calls fail in the order they were made.
        const fail = yield* Ref.modify(failures, (n) => [n > 0, Math.max(0, n - 1)] as const)
        if (Duration.toMillis(latency) > 0) yield* Effect.sleep(latency)
        if (fail) {
          return yield* Effect.fail<ModelsError>(
            new ModelServiceFailed({ api: model, requestId: `req-${model}-fail`, reason: "scripted failure" })
          )
        }
        return yield* Ref.get(version)
      })

    const results = (model: string, scope: ScoreScope, type: EntityType, ids: ReadonlyArray<AccountId>, v: number) => {
      const unique = Arr.dedupe(ids)
      return new ScoreResults<FakeItem>(
        unique,
        unique.flatMap((id) => itemsFor(model, scope, type, id, v))
      )
    }

    const customer = (model: string): CustomerScores<FakeItem> =>
      ({
        scores: (scope: ScoreScope, ids: ReadonlyArray<AccountId>) =>
          Effect.map(call(model, scope, ids), (v) => results(model, scope, "C", ids, v))
      }) as unknown as CustomerScores<FakeItem>

    const entity = (model: string): EntityScores<FakeItem> =>
      ({
        scores: (scope: ScoreScope, ids: EntityIds) =>
          Effect.map(
            call(model, scope, [
              ...(ids.customers ?? []).map((id) => `C:${id}`),
              ...(ids.shops ?? []).map((id) => `S:${id}`),
              ...(ids.terminals ?? []).map((id) => `T:${id}`)
            ]),
            (v) => ({
              customers: results(model, scope, "C", ids.customers ?? [], v),
              shops: results(model, scope, "S", ids.shops ?? [], v),
              terminals: results(model, scope, "T", ids.terminals ?? [], v)
            })
          )
      }) as unknown as EntityScores<FakeItem>

    // The cache only uses the five score clients; everything else dies if touched.
    const shape = {
      lbs: customer("lbs"),
      bot: customer("bot"),
      marker: customer("marker"),
      sccf: entity("sccf"),
      ccf: entity("ccf"),
      accounts: notUsed,
      events: notUsed,
      tournaments: notUsed,
      ltd: notUsed,
      rg: notUsed
    } as unknown as ModelsShape

    const upstream: FakeUpstream = {
      layer: Layer.succeed(Models, Models.of(shape)),
      calls,
      started,
      failNext: (n) => Ref.set(failures, n),
      setVersion: (v) => Ref.set(version, v),
      truth: (model, scope, type, ids) => Effect.map(Ref.get(version), (v) => results(model, scope, type, ids, v).items)
    }
    return upstream
  })
