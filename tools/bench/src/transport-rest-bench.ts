/**
 * (a) `@its/transport` REST overhead against the in-process simulator (loopback, 127.0.0.1, port 0): N sequential
 * GETs of one guarded example endpoint through `ItsHttp`, the bare `HttpClient` and global `fetch`; (a2) the same
 * without sockets. Driven by `transport-bench.ts`.
 */
import {
  HttpApi,
  HttpApiBuilder,
  HttpApiEndpoint,
  HttpApiGroup,
  HttpClient,
  HttpClientRequest,
  HttpClientResponse,
  HttpLayerRouter
} from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { AccessToken, TokenProvider } from "@its/auth"
import { RestCaller, RestGuard, SimulatedApi, Simulator, SimulatorInfo } from "@its/simulator"
import { ItsEnvironment, ItsHttp, RestLive } from "@its/transport"
import { ConfigProvider, Context, Effect, Layer, Schema } from "effect"

const requests = Number(process.env.BENCH_REQUESTS ?? 2000)
const warmup = Number(process.env.BENCH_WARMUP ?? 200)

// ---------------------------------------------------------------------------------------------------------------
// The example endpoint (an `lbs`-like group behind the simulator's REST guard)

const Score = Schema.Struct({ id: Schema.String, apiId: Schema.String, clientId: Schema.String })

class ScoreGroup extends HttpApiGroup.make("score")
  .add(
    HttpApiEndpoint.get("get", "/api/lbs/v1/score/:id")
      .setPath(Schema.Struct({ id: Schema.String }))
      .addSuccess(Score)
  )
  .middleware(RestGuard) {}

class BenchApi extends HttpApi.make("bench").add(ScoreGroup) {}

const ScoreLive = SimulatedApi.protect(
  HttpApiBuilder.group(BenchApi, "score", (handlers) =>
    handlers.handle("get", ({ path }) =>
      Effect.map(RestCaller, (caller) => ({ id: path.id, apiId: caller.apiId, clientId: caller.claims.azp }))
    )
  ),
  { apiId: "lbs" }
)

const routes = HttpLayerRouter.addHttpApi(BenchApi).pipe(Layer.provide(ScoreLive))

// ---------------------------------------------------------------------------------------------------------------
// Measurement helpers

const now = () => performance.now()

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0)

interface Summary {
  readonly mean: number
  readonly p50: number
  readonly p99: number
}

const summarize = (samples: ReadonlyArray<number>): Summary => {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    mean: sorted.reduce((sum, x) => sum + x, 0) / sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99)
  }
}

const ms = (x: number) => `${x.toFixed(3)} ms`

/** `warmup` untimed runs of `one`, then `requests` timed ones, back to back on one fiber. */
const sequential = <E>(one: (i: number) => Effect.Effect<unknown, E>) =>
  Effect.gen(function* () {
    for (let i = 0; i < warmup; i++) yield* one(i)
    const samples: Array<number> = []
    for (let i = 0; i < requests; i++) {
      const start = now()
      yield* one(i)
      samples.push(now() - start)
    }
    return summarize(samples)
  })

const config = (baseUrl: string) =>
  ConfigProvider.fromMap(
    new Map([
      ["ITS_ENV", "local"],
      ["ITS_API_URL", baseUrl],
      ["ITS_RATE_LIMITS", "off"]
    ])
  )

// ---------------------------------------------------------------------------------------------------------------
// (a) REST

export const restBench = Effect.scoped(
  Effect.gen(function* () {
    const sim = yield* Layer.build(Simulator.layerTest({}, { routes }))
    const { baseUrl } = Context.get(sim, SimulatorInfo)
    const transport = yield* Layer.build(RestLive.pipe(Layer.provideMerge(NodeHttpClient.layerUndici))).pipe(
      Effect.withConfigProvider(config(baseUrl))
    )
    const its = Context.get(transport, ItsHttp)
    const env = Context.get(transport, ItsEnvironment)
    const http = Context.get(transport, HttpClient.HttpClient)
    const token = AccessToken.bearer(yield* Context.get(transport, TokenProvider).get(env.audience))
    const url = (i: number) => `${env.apis.lbs.url}/v1/score/s${i}`

    const viaItsHttp = yield* sequential((i) =>
      Effect.flatMap(its.execute("lbs", HttpClientRequest.get(`/v1/score/s${i}`)), (response) => response.text)
    )
    const viaHttpClient = yield* sequential((i) =>
      Effect.flatMap(
        http.execute(HttpClientRequest.get(url(i)).pipe(HttpClientRequest.bearerToken(token))),
        (response) => response.text
      )
    )
    const viaFetch = yield* sequential((i) =>
      Effect.promise(async () => {
        const response = await fetch(url(i), { headers: { authorization: `Bearer ${token}` } })
        if (response.status !== 200) throw new Error(`unexpected status ${response.status}`)
        return response.text()
      })
    )

    console.log(`(a) REST: ${requests} sequential GETs after ${warmup} warm-up, one simulator endpoint`)
    console.log("client                               |       mean |        p50 |        p99 | mean / fetch")
    const row = (name: string, s: Summary) =>
      console.log(
        [
          name.padEnd(36),
          ms(s.mean).padStart(10),
          ms(s.p50).padStart(10),
          ms(s.p99).padStart(10),
          (s.mean / viaFetch.mean).toFixed(2).padStart(12)
        ].join(" | ")
      )
    row("global fetch (raw baseline)", viaFetch)
    row("HttpClient (NodeHttpClient.undici)", viaHttpClient)
    row("ItsHttp.execute (same undici layer)", viaItsHttp)
    console.log(
      `ItsHttp overhead over the bare HttpClient: ${ms(viaItsHttp.mean - viaHttpClient.mean)} per request ` +
        `(ratio ${(viaItsHttp.mean / viaHttpClient.mean).toFixed(2)})`
    )
  })
)

/**
 * The same comparison without sockets: `ItsHttp.layerTest` (static token, no pacing) over an in-memory
 * `HttpClient` that answers 200 at once, against that client called directly: the transport's own CPU cost.
 */
export const inMemoryBench = Effect.gen(function* () {
  const body = JSON.stringify({ id: "s", apiId: "lbs", clientId: "its-sim-client" })
  const double = HttpClient.make((request) =>
    Effect.succeed(HttpClientResponse.fromWeb(request, new Response(body, { status: 200 })))
  )
  const its = yield* Effect.provide(
    ItsHttp,
    ItsHttp.layerTest().pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, double)))
  )
  const direct = yield* sequential((i) =>
    Effect.flatMap(double.execute(HttpClientRequest.get(`http://127.0.0.1:4010/api/lbs/v1/score/s${i}`)), (r) => r.text)
  )
  const viaItsHttp = yield* sequential((i) =>
    Effect.flatMap(its.execute("lbs", HttpClientRequest.get(`/v1/score/s${i}`)), (r) => r.text)
  )
  console.log(`(a2) the same without sockets (in-memory HttpClient answering 200), ${requests} sequential calls`)
  console.log("client                               |       mean |        p50 |        p99")
  for (const [name, s] of [
    ["in-memory HttpClient", direct],
    ["ItsHttp.execute over it", viaItsHttp]
  ] as const) {
    console.log([name.padEnd(36), ms(s.mean).padStart(10), ms(s.p50).padStart(10), ms(s.p99).padStart(10)].join(" | "))
  }
  console.log(`ItsHttp's own cost: ${ms(viaItsHttp.mean - direct.mean)} per call`)
})
