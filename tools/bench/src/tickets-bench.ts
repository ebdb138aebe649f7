/**
 * Tickets benchmark. Prints:
 * 1. requests decoded and validated per second (`validate` on parsed JSON: strict decode + semantic rules) next to
 *    a baseline of plain `JSON.parse` of the same text, for three ticket shapes;
 * 1b. the same next to an ajv-compiled JSON Schema of the same envelope, generated from our Schema with
 *    `JSONSchema.make` (one wire contract: no hand-written JSON Schema), and the ratio against issue #12's goal 4
 *    (ours ≥ 0.5× ajv; below 0.25× is not done);
 * 2. placements per second over one data-plane WebSocket (`Tickets.placeTicket` → `DataPlane` → the in-process
 *    simulator), with p50 / p99 / max latency, for several concurrency levels, against (a) a minimal responder (a
 *    canned `ticket-reply` per message: the client's own cost, next to #12's goal 5 of 10 000/s) and (b) the
 *    simulator's `TicketHandler` (which validates each ticket again).
 *
 *   pnpm --filter @its/bench tickets   (BENCH_SECONDS=3 per run; BENCH_CONCURRENCY=1,16,128;
 *                                       BENCH_PART=decode|place to run one part)
 */
import { FetchHttpClient } from "@effect/platform"
import Ajv from "ajv"
import { DataPlaneHandler, Simulator, SimulatorInfo, TicketHandler, TicketLedger } from "@its/simulator"
import {
  Build,
  checkReply,
  type ExampleShape,
  encodeRequestJson,
  example,
  makeRequest,
  OperatorId,
  prepareRequest,
  requestEnvelopes,
  TicketLimits,
  Tickets,
  validate
} from "@its/tickets"
import { DataPlane, ItsEnvironment, TokensLive } from "@its/transport"
import { Clock, ConfigProvider, Context, Effect, JSONSchema, Layer, Logger, LogLevel, type Schema } from "effect"

const seconds = Number(process.env.BENCH_SECONDS ?? 3)
const concurrencies = (process.env.BENCH_CONCURRENCY ?? "1,16,128").split(",").map(Number)
const part = process.env.BENCH_PART ?? "all"

const fmt = (n: number) => Math.round(n).toLocaleString("en")

/** Runs `body` in batches of 100 for about `seconds`; answers operations per second. */
const perSecond = (body: Effect.Effect<void, unknown>) =>
  Effect.gen(function* () {
    const start = yield* Clock.currentTimeMillis
    let count = 0
    while ((yield* Clock.currentTimeMillis) - start < seconds * 1000) {
      for (let i = 0; i < 100; i++) yield* body
      count += 100
    }
    return count / (((yield* Clock.currentTimeMillis) - start) / 1000)
  })

const decodeBench = (shape: ExampleShape) =>
  Effect.gen(function* () {
    const request = yield* makeRequest("ticket-placement", example(shape)).pipe(
      Effect.provide(OperatorId.layerWith(9985))
    )
    const text = yield* encodeRequestJson(request)
    let sink: unknown
    const baseline = yield* perSecond(
      Effect.sync(() => {
        sink = JSON.parse(text)
      })
    )
    const validated = yield* perSecond(
      Effect.asVoid(
        Effect.flatMap(
          Effect.sync(() => JSON.parse(text)),
          validate
        )
      )
    )
    void sink
    console.log(
      `${shape.padEnd(12)} | ${String(text.length).padStart(5)} B | ${fmt(validated).padStart(10)} /s | ${fmt(baseline).padStart(12)} /s | ${(baseline / validated).toFixed(1).padStart(6)}x`
    )
  })

/**
 * The ajv baseline. `JSONSchema.make` succeeds for the whole `ticket-placement` envelope (transformations such as
 * `DecimalFromString` are described by their encoded side, the recursive `Selection` by its identifier in `$defs`),
 * so no `Schema.encodedSchema` fallback is needed. What it covers: the wire structure — types, required fields,
 * literals / enums, unions, recursion, no unknown properties (`additionalProperties: false`, like our strict
 * decode). What it does not: our refinements (decimal text format and ranges, integer ranges, string lengths,
 * limits), the semantic rules of `checkRequest` (codes -100…-107) and building the typed value (`Decimal`s).
 * So ajv does less work per message: the ratio is the price of those checks plus the typed decode.
 */
const ticketPlacementJsonSchema = JSONSchema.make(
  requestEnvelopes["ticket-placement"] as unknown as Schema.Schema<unknown, unknown>
)
// `allErrors` like our validation (every problem, not the first).
const ajvValidate = new Ajv({ allErrors: true }).compile(ticketPlacementJsonSchema)

const ajvBench = (shape: ExampleShape) =>
  Effect.gen(function* () {
    const request = yield* makeRequest("ticket-placement", example(shape)).pipe(
      Effect.provide(OperatorId.layerWith(9985))
    )
    const text = yield* encodeRequestJson(request)
    // Both sides must agree on this message (and ajv must be able to say no), or the numbers mean nothing.
    const broken = JSON.parse(text)
    broken.content.bets[0].stake[0].amount = 5
    if (!ajvValidate(JSON.parse(text)) || ajvValidate(broken))
      return yield* Effect.dieMessage(`ajv disagrees on ${shape}: ${JSON.stringify(ajvValidate.errors)}`)
    // Interleaved in 50 ms slices, so both sides see the same machine load (other jobs share the 2 cores).
    let valid = true
    const ajvSlice = Effect.sync(() => {
      valid = ajvValidate(JSON.parse(text)) && valid
    })
    const ourSlice = Effect.asVoid(
      Effect.flatMap(
        Effect.sync(() => JSON.parse(text)),
        validate
      )
    )
    const counts = { ours: 0, ajv: 0, oursMs: 0, ajvMs: 0 }
    const slice = (body: Effect.Effect<void, unknown>, side: "ours" | "ajv") =>
      Effect.gen(function* () {
        const t0 = performance.now()
        let n = 0
        while (performance.now() - t0 < 50) {
          for (let i = 0; i < 20; i++) yield* body
          n += 20
        }
        counts[side] += n
        counts[`${side}Ms`] += performance.now() - t0
      })
    const end = performance.now() + seconds * 1000
    while (performance.now() < end) {
      yield* slice(ourSlice, "ours")
      yield* slice(ajvSlice, "ajv")
    }
    const ours = (counts.ours / counts.oursMs) * 1000
    const ajv = (counts.ajv / counts.ajvMs) * 1000
    if (!valid) return yield* Effect.dieMessage(`ajv rejected ${shape} during the run`)
    const ratio = ours / ajv
    const verdict = ratio >= 0.5 ? "met" : ratio >= 0.25 ? "below goal" : "NOT DONE"
    console.log(
      `${shape.padEnd(12)} | ${String(text.length).padStart(5)} B | ${fmt(ours).padStart(10)} /s | ${fmt(ajv).padStart(10)} /s | ${ratio.toFixed(2).padStart(5)}x | ≥ 0.50x (${verdict})`
    )
  })

/**
 * The `Tickets` side of one placement without a socket: envelope + validation + wire JSON (`prepareRequest`), the
 * reply decode and check (`checkReply`) of a canned accepted reply. What goal 5 leaves to the transport is the rest.
 */
const clientCostBench = Effect.gen(function* () {
  const ticket = example("single")
  const limits = yield* TicketLimits
  let n = 0
  const rate = yield* perSecond(
    Effect.flatMap(prepareRequest("ticket-placement", ticket, 9985, limits), ({ correlationId }) => {
      n++
      const raw = {
        correlationId,
        timestampUtc: 1,
        operation: "ticket-placement",
        version: "3.0",
        content: {
          type: "ticket-reply",
          ticketId: ticket.ticketId,
          status: "accepted",
          signature: "c2lnbmF0dXJl",
          code: 0,
          message: "Transaction processed"
        }
      }
      return Effect.asVoid(checkReply({ correlationId, operation: "ticket-placement" }, raw as never))
    })
  )
  console.log(
    `${fmt(rate).padStart(12)} /s | ${((1000 * 1000) / rate).toFixed(1).padStart(6)} µs per placement (${n} runs)`
  )
})

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0)

const context = { channel: { type: "internet" as const, ip: "212.7.5.2", lang: "EN" }, limitId: 1409 }

/** A canned accepted `ticket-reply` for the ticket it answers: the least a responder can do. */
const minimalResponder = DataPlaneHandler.layerWith((request) =>
  Effect.succeed({
    type: "ticket-reply",
    ticketId: (request.content as { readonly ticketId?: string }).ticketId ?? "",
    status: "accepted",
    signature: "c2lnbmF0dXJl",
    code: 0,
    message: "Transaction processed"
  })
)

type Responder = "minimal" | "TicketHandler"

const placementBench = (responder: Responder, concurrency: number) =>
  Effect.scoped(
    Effect.gen(function* () {
      const handler = responder === "minimal" ? minimalResponder : TicketHandler.layerWith()
      const simulator = yield* Layer.build(
        Simulator.layerTest({}, { dataPlaneHandler: handler }).pipe(Layer.provideMerge(TicketLedger.layer))
      )
      const info = Context.get(simulator, SimulatorInfo)
      const environment = ConfigProvider.fromMap(
        new Map([
          ["ITS_ENV", "local"],
          ["ITS_API_URL", info.baseUrl],
          ["ITS_OPERATOR_ID", "9985"],
          ["ITS_WS_MAX_IN_FLIGHT", "1000"]
        ])
      )
      const client = yield* Layer.build(
        Tickets.layer.pipe(
          Layer.provideMerge(DataPlane.layer),
          Layer.provide(TokensLive),
          Layer.provideMerge(ItsEnvironment.layer),
          Layer.provide(FetchHttpClient.layer),
          Layer.provide(Layer.setConfigProvider(environment))
        )
      )
      const tickets = Context.get(client, Tickets)
      yield* Context.get(client, DataPlane).awaitConnected
      const latencies: Array<number> = []
      let next = 0
      let failures = 0
      const start = performance.now()
      const deadline = start + seconds * 1000
      const worker = Effect.gen(function* () {
        while (performance.now() < deadline) {
          const ticketId = `Bench_${concurrency}_${next++}`
          const ticket = Build.single({
            ticketId,
            selection: Build.uf({ productId: "3", eventId: "sr:match:1", marketId: "1", outcomeId: "1", odds: "1.5" }),
            stake: Build.cash("10", "EUR"),
            context
          })
          const t0 = performance.now()
          const outcome = yield* Effect.either(tickets.placeTicket(ticket))
          latencies.push(performance.now() - t0)
          if (outcome._tag === "Left" || outcome.right.status !== "accepted") failures++
        }
      })
      yield* Effect.all(
        Array.from({ length: concurrency }, () => worker),
        { concurrency: "unbounded", discard: true }
      )
      const elapsed = (performance.now() - start) / 1000
      const sorted = [...latencies].sort((a, b) => a - b)
      const received =
        responder === "minimal"
          ? "-"
          : String(yield* Context.get(simulator, TicketLedger).count({ operation: "ticket-placement" }))
      const rate = latencies.length / elapsed
      const goal = responder === "minimal" ? ` | ${(rate / 10_000).toFixed(2)}x of 10 000/s` : ""
      console.log(
        `${responder.padEnd(13)} | ${String(concurrency).padStart(11)} | ${String(latencies.length).padStart(10)} | ${fmt(rate).padStart(12)} | ${percentile(sorted, 50).toFixed(2).padStart(8)} | ${percentile(sorted, 99).toFixed(2).padStart(8)} | ${(sorted.at(-1) ?? 0).toFixed(2).padStart(8)} | ${String(failures).padStart(8)} | ${received.padStart(8)}${goal}`
      )
    })
  )

const program = Effect.gen(function* () {
  console.log(`Tickets benchmark, ${seconds} s per run`)
  if (part === "all" || part === "decode") {
    console.log("\n1. decode + validate (validate(JSON.parse(text))) vs JSON.parse alone")
    console.log("shape        |  size   |  validated     |  JSON.parse     | ratio")
    for (const shape of ["single", "accumulator", "system"] as const) yield* decodeBench(shape)
    console.log(
      "\n1b. decode + validate vs ajv (JSON Schema from JSONSchema.make), both from the JSON text (#12 goal 4)"
    )
    console.log("shape        |  size   |  validated     |  ajv           | ours/ajv | goal")
    for (const shape of ["single", "accumulator", "system"] as const) yield* ajvBench(shape)
  }
  if (part === "all" || part === "place") {
    console.log("\n2a. the Tickets side of a placement, no socket (prepareRequest + checkReply of a canned reply)")
    yield* clientCostBench
    console.log(
      "\n2. placements over one WebSocket (Tickets → DataPlane → in-process simulator; #12 goal 5 = 10 000/s)"
    )
    console.log(
      "responder     | concurrency | placements | placements/s |  p50 ms  |  p99 ms  |  max ms  | failures | received"
    )
    for (const responder of ["minimal", "TicketHandler"] as const)
      for (const concurrency of concurrencies) yield* placementBench(responder, concurrency)
  }
})

Effect.runPromise(program.pipe(Logger.withMinimumLogLevel(LogLevel.Warning))).catch((error) => {
  console.error(error)
  process.exit(1)
})
