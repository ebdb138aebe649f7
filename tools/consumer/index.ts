/**
 * A service outside this repository, as an internal consumer writes it: the four published libraries from their
 * tarballs, `effect` and `@effect/platform` as its own dependencies, plain `node` (no tsx). `consumer-check.sh` copies
 * this folder into a scratch project, typechecks it strictly against the published `.d.ts` and runs the compiled
 * JavaScript against a simulator process. Configuration is the usual `ITS_*` environment (`ITS_ENV=local`,
 * `ITS_API_URL`, `ITS_CLIENT_ID`/`ITS_CLIENT_SECRET`, `ITS_OPERATOR_ID`); `CONSUMER_BOOKMAKER_ID` picks the bookmaker.
 * It exits 0 after printing one line, or non-zero naming the first outcome that is off.
 */
import { FetchHttpClient } from "@effect/platform"
import { AccessToken, TokenProvider } from "@its/auth"
import { AccountId, BookmakerId, Models, ModelsConfig } from "@its/models"
import { Build, makeRequest, OperatorId, type Ticket, Tickets, validate } from "@its/tickets"
import { TransportLive } from "@its/transport"
import { Config, Effect, Layer, Option } from "effect"

const check = (ok: boolean, what: string) => (ok ? Effect.void : Effect.dieMessage(`consumer: ${what}`))

const ticket = (ticketId: string, stake: string): Ticket =>
  Build.single({
    ticketId,
    selection: Build.uf({ productId: "3", eventId: "sr:match:15050881", marketId: "1", outcomeId: "2", odds: "1.32" }),
    stake: Build.cash(stake, "EUR"),
    context: { channel: { type: "internet", ip: "212.7.5.2", lang: "EN" }, limitId: 1409 }
  })

const program = Effect.gen(function* () {
  // 1. A token from the IdP (here the simulator's /oauth/token) through TokenProvider.
  const token = yield* (yield* TokenProvider).get()
  const jwt = AccessToken.bearer(token)
  yield* check(jwt.split(".").length === 3, `the access token is not a JWT`)
  yield* check(token.hardExpiresAt > token.issuedAt, `the token's hard expiry is not after its issue time`)

  // 2. An LBS lookup through Models: customers of the simulated population have a score in 0–1 (or none);
  //    a customer outside the population has none.
  const models = yield* Models
  const scope = {
    bookmaker: BookmakerId.make(yield* Config.integer("CONSUMER_BOOKMAKER_ID")),
    subBookmaker: "*" as const
  }
  const ids = Array.from({ length: 10 }, (_, k) => AccountId.make(`cust-${String(k + 1).padStart(6, "0")}`))
  const found: Array<{ readonly id: AccountId; readonly lbs: { readonly text: string; readonly value: number } }> = []
  for (const id of ids) {
    const item = yield* models.lbs.score(scope, id)
    if (Option.isSome(item) && item.value.lbs !== undefined) found.push({ id, lbs: item.value.lbs })
  }
  yield* check(found.length > 0, `no LBS score for any of ${ids.join(", ")}`)
  for (const { id, lbs } of found)
    yield* check(lbs.value >= 0 && lbs.value <= 1, `LBS of ${id} out of 0–1: ${lbs.text}`)
  const stranger = yield* models.lbs.score(scope, AccountId.make("cust-999999"))
  yield* check(Option.isNone(stranger), `a score for a customer outside the population`)

  // 3. A ticket built, validated and placed over the data plane, then acknowledged.
  const tickets = yield* Tickets
  const placed = ticket(`Consumer_${token.issuedAt}`, "10")
  const negative = yield* makeRequest("ticket-placement", ticket("Consumer_bad", "-5"))
  const invalid = yield* Effect.flip(validate(negative))
  yield* check(
    invalid.problems.some((p) => p.path.includes(".stake[0].amount")),
    `a negative stake was not reported at its path: ${JSON.stringify(invalid.problems)}`
  )
  yield* validate(yield* makeRequest("ticket-placement", placed))
  const refused = yield* tickets.placeTicket(ticket("Consumer_bad", "-5")).pipe(Effect.flip)
  yield* check(refused._tag === "@its/tickets/InvalidTicket", `an invalid ticket was not refused before sending`)
  const reply = yield* tickets.placeTicket(placed)
  yield* check(reply.status === "accepted" && reply.code === 0, `placement not accepted: ${reply.status} ${reply.code}`)
  const ack = yield* tickets.ack(reply)
  yield* check(ack.status === "accepted", `ack not accepted: ${ack.status}`)

  return `token ${token.audience} (JWT), LBS ${found[0]!.id}=${found[0]!.lbs.text} (${found.length}/${ids.length} scored), ticket ${placed.ticketId} ${reply.status} + ack ${ack.status}, invalid stake refused at ${invalid.problems[0]?.path}`
})

// Everything from configuration: the transport (tokens, REST, data plane), the Models clients and the Tickets
// client; the only platform piece is an HttpClient (fetch here; NodeHttpClient.layerUndici works as well).
const ItsLive = Layer.mergeAll(
  Models.layer.pipe(Layer.provide(ModelsConfig.layer)),
  Tickets.layer,
  OperatorId.layer
).pipe(Layer.provideMerge(TransportLive), Layer.provide(FetchHttpClient.layer))

const exit = await Effect.runPromiseExit(program.pipe(Effect.provide(ItsLive)))
if (exit._tag === "Success") {
  console.log(`consumer ok: ${exit.value}`)
} else {
  console.error(String(exit.cause))
  process.exitCode = 1
}
