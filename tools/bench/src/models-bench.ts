/**
 * `@its/models` against the in-process simulator (population 50 000, `SIM_POPULATION`):
 * (a) decode throughput of one 1 000-account Account API response (the simulator's own JSON), next to
 *     `JSON.parse` of the same text as the baseline;
 * (b) end-to-end time to pull every account of a bookmaker through `Models.accounts.stream`, with the number of
 *     upstream requests the simulator counted.
 *
 *   pnpm bench:models      (BENCH_POPULATION=50000, BENCH_PAGE_SIZE=1000)
 */
import { FetchHttpClient, HttpClientRequest } from "@effect/platform"
import { AccountResponse, BookmakerId, Models, ModelsConfig } from "@its/models"
import { RestCounters, Simulator, SimulatorInfo } from "@its/simulator"
import { ItsHttp, RestLive } from "@its/transport"
import { Clock, ConfigProvider, Context, Effect, Layer, Logger, LogLevel, Schema, Stream } from "effect"

const population = Number(process.env.BENCH_POPULATION ?? 50_000)
const pageSize = Number(process.env.BENCH_PAGE_SIZE ?? 1000)
const bookmaker = BookmakerId.make(42)
const decode = Schema.decodeUnknownSync(AccountResponse)

/** Runs `f` back to back for about a second; returns calls per second. */
const perSecond = (f: () => unknown) => {
  const start = performance.now()
  let calls = 0
  while (performance.now() - start < 1000) {
    f()
    calls++
  }
  return calls / ((performance.now() - start) / 1000)
}

const program = Effect.gen(function* () {
  const simulator = yield* Layer.build(Simulator.layerTest()).pipe(
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["SIM_POPULATION", String(population)]])))
  )
  const info = Context.get(simulator, SimulatorInfo)
  const context = yield* Layer.build(
    Models.layer.pipe(
      Layer.provide(ModelsConfig.layer),
      Layer.provideMerge(RestLive),
      Layer.provide(FetchHttpClient.layer)
    )
  ).pipe(
    Effect.withConfigProvider(
      ConfigProvider.fromMap(
        new Map([
          ["ITS_ENV", "local"],
          ["ITS_API_URL", info.baseUrl],
          ["ITS_ACCOUNT_PAGE_SIZE", String(pageSize)]
        ])
      )
    )
  )
  const models = Context.get(context, Models)
  const http = Context.get(context, ItsHttp)
  const counters = Context.get(simulator, RestCounters)

  // (a) one 1 000-account page as the simulator sends it.
  const text = yield* http
    .execute("account", HttpClientRequest.get(`/v1/bookmakers/${bookmaker}`, { urlParams: { limit: "1000" } }))
    .pipe(Effect.flatMap((response) => response.text))
  const items = decode(JSON.parse(text)).items?.length ?? 0
  const parsed = perSecond(() => JSON.parse(text))
  const decoded = perSecond(() => decode(JSON.parse(text)))
  console.log(`(a) Account API response: ${items} accounts, ${(text.length / 1024).toFixed(0)} KiB`)
  console.log(`    JSON.parse (baseline)      ${parsed.toFixed(0).padStart(6)} responses/s`)
  console.log(
    `    JSON.parse + Schema decode ${decoded.toFixed(0).padStart(6)} responses/s = ${Math.round(decoded * items).toLocaleString("en")} accounts/s (ratio ${(decoded / parsed).toFixed(2)})`
  )

  // (b) every account of the bookmaker through the stream.
  const before = yield* counters.total()
  const start = yield* Clock.currentTimeMillis
  const count = yield* Stream.runCount(models.accounts.stream(bookmaker))
  const elapsed = ((yield* Clock.currentTimeMillis) - start) / 1000
  const requests = (yield* counters.total()) - before
  console.log(
    `(b) Account stream: ${count.toLocaleString("en")} accounts in ${elapsed.toFixed(2)} s ` +
      `(${Math.round(count / elapsed).toLocaleString("en")} accounts/s), ${requests} upstream requests (page size ${pageSize})`
  )
})

Effect.runPromise(program.pipe(Effect.scoped, Logger.withMinimumLogLevel(LogLevel.Warning))).catch((error) => {
  console.error(error)
  process.exit(1)
})
