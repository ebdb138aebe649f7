/**
 * Records one real exchange per operation of `GatewayApi` (more for some) against the simulator: the request bodies
 * are `@its/tickets`' example tickets and the simulator's accounts, the responses are what the gateway answered.
 * With `WRITE_OPENAPI_EXAMPLES=1` it (re)writes `apps/gateway/src/docs/RecordedExamples.ts`, which `/openapi.json`
 * attaches as examples; without, it checks the checked-in file still covers every operation. Every example is decoded
 * with its operation's schemas by the gateway's `test/OpenApiExamples.test.ts`.
 */
import { writeFileSync } from "node:fs"
import { HttpApi, OpenApi } from "@effect/platform"
import { GatewayApi } from "@its/gateway"
import { example, Ticket } from "@its/tickets"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { recordedExamples } from "../../../../apps/gateway/src/docs/RecordedExamples.ts"
import { bookmaker, informJson, type Json, keys, placementEnvelope, useGateway } from "./support.ts"

const gw = useGateway({ population: 300, rangePageSize: 5 })

interface Exchange {
  readonly summary: string
  readonly path?: Record<string, string>
  readonly query?: Record<string, string>
  readonly body?: unknown
  readonly status: number
  readonly response: unknown
}

const recorded: Record<string, Array<Exchange>> = {}

const qs = (query: Record<string, string>) => new URLSearchParams(query).toString().replaceAll("%2C", ",")

/** Calls the gateway and records the exchange under `operationId`. */
const record = async (
  operationId: string,
  summary: string,
  request: {
    method?: string
    url: string
    path?: Record<string, string>
    query?: Record<string, string>
    body?: unknown
  },
  key: string = keys.all
): Promise<Json> => {
  const query = request.query === undefined ? "" : `?${qs(request.query)}`
  const reply = await gw.call(`${request.url}${query}`, {
    key,
    ...(request.method === undefined ? {} : { method: request.method }),
    ...(request.body === undefined ? {} : { body: request.body })
  })
  expect(reply.status, `${operationId}: ${reply.text}`).toBeLessThan(300)
  // Text (the metrics): the gateway's own request counter lines, not the whole exposition.
  const response =
    reply.json ??
    reply.text
      .split("\n")
      .filter((line) => line.includes("its_gateway_http_requests_total"))
      .slice(0, 8)
      .join("\n")
  const exchanges = recorded[operationId] ?? []
  recorded[operationId] = exchanges
  exchanges.push({
    summary,
    ...(request.path === undefined ? {} : { path: request.path }),
    ...(request.query === undefined ? {} : { query: request.query }),
    ...(request.body === undefined ? {} : { body: request.body }),
    status: reply.status,
    response
  })
  return reply.json
}

/** An example ticket as JSON, every bet with a `betId` (informs validate bets by id). */
const ticketOf = (shape: Parameters<typeof example>[0]): Json => {
  const ticket = Schema.encodeSync(Ticket)(example(shape)) as Json
  return {
    ...ticket,
    bets: ticket.bets.map((bet: Json, i: number) => ({ betId: `${ticket.ticketId}_bet_${i}`, ...bet }))
  }
}

const operationIds = (): Array<string> => {
  const ids: Array<string> = []
  HttpApi.reflect(GatewayApi, {
    onGroup: () => {},
    onEndpoint: ({ group, endpoint }) => ids.push(`${group.identifier}.${endpoint.name}`)
  })
  return ids
}

/** Operations whose 2xx answer has examples that did not come from `RecordedExamples.ts`. */
const ownExamples = (): Set<string> => {
  const spec: Json = OpenApi.fromApi(GatewayApi)
  const ids = new Set<string>()
  for (const methods of Object.values<Json>(spec.paths))
    for (const op of Object.values<Json>(methods)) {
      if (op.operationId in recordedExamples) continue
      const has = Object.entries<Json>(op.responses).some(
        ([status, response]) =>
          Number(status) < 300 &&
          Object.values<Json>(response.content ?? {}).some((media) => Object.keys(media.examples ?? {}).length > 0)
      )
      if (has) ids.add(op.operationId)
    }
  return ids
}

describe("OpenAPI examples", () => {
  it("records an exchange for every operation", async () => {
    // tickets
    const single = ticketOf("single")
    const placed = await record("tickets.placement", "Single pre-match bet (content)", {
      url: "/v1/tickets/placement",
      body: single
    })
    await record("tickets.placement", "Accumulator (full envelope)", {
      url: "/v1/tickets/placement",
      body: {
        ...placementEnvelope(ticketOf("accumulator")),
        correlationId: "consumer-corr-1",
        timestampUtc: 1_700_000_000_000
      }
    })
    const inform = informJson(ticketOf("multi-stake"))
    const entry = await record("tickets.inform", "Inform of an accepted 4-fold with bonus stake", {
      method: "POST",
      url: "/v1/tickets/inform",
      body: inform
    })
    let status: Json
    for (let i = 0; i < 100; i++) {
      status = (await gw.get(`/v1/tickets/inform/${entry.id}`, keys.all)).json
      if (status.status === "delivered") break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(status.status).toBe("delivered")
    await record("tickets.informStatus", "A delivered inform", {
      url: `/v1/tickets/inform/${entry.id}`,
      path: { id: entry.id }
    })
    await record("tickets.ack", "Acknowledge the accepted ticket", {
      url: "/v1/tickets/ack",
      body: { type: "ticket-ack", ticketId: single.ticketId, ticketSignature: placed.signature, acknowledged: true }
    })
    const system = ticketOf("system")
    const systemPlaced = await gw.post("/v1/tickets/placement", system)
    const details = {
      type: "ticket",
      ticketId: system.ticketId,
      ticketSignature: systemPlaced.json.signature,
      code: 101
    }
    const payout = [{ type: "cash", amount: "5", currency: "EUR" }]
    const cashout = { type: "cashout", cashoutId: "Cashout_3693", details: { ...details, payout } }
    await record("tickets.cashoutBuild", "Ask for a cash-out offer", {
      url: "/v1/tickets/cashout/build",
      body: { type: "cashout-build", cashout }
    })
    await record("tickets.cashoutInform", "Inform of a cash-out the operator accepted", {
      url: "/v1/tickets/cashout/inform",
      body: { type: "cashout-inform", cashout, validation: { code: 0, rejected: false, message: "ok" } }
    })
    await record("tickets.cashoutPlacement", "Place a cash-out", {
      url: "/v1/tickets/cashout/placement",
      body: { type: "cashout-placement", cashout: { ...cashout, cashoutId: "Cashout_3693_2" } }
    })
    const external = ticketOf("external")
    const externalPlaced = await gw.post("/v1/tickets/placement", external)
    await record("tickets.settlement", "Settle a ticket on an external selection", {
      url: "/v1/tickets/settlement",
      body: {
        type: "ext-settlement",
        settlementId: "Settlement_3695",
        details: { type: "ticket", ticketId: external.ticketId, ticketSignature: externalPlaced.json.signature, payout }
      }
    })
    await record("tickets.cancel", "Cancel a ticket (code 101)", {
      url: "/v1/tickets/cancel",
      body: {
        type: "cancel",
        cancellationId: "Cancel_3691",
        details: { ...details, ticketId: single.ticketId, ticketSignature: placed.signature }
      }
    })
    await record("tickets.maxStake", "Maximum stake of a custom bet", {
      url: "/v1/tickets/max-stake",
      body: { type: "max-stake", ticket: ticketOf("custom-bet") }
    })
    await record("tickets.ltd", "Live time delay for a single", {
      url: "/v1/tickets/ltd",
      body: { bookmaker, ticket: { ...single, ticketId: "Ticket_3697" } }
    })

    // scores
    const scope = { bookmaker: String(bookmaker) }
    for (const model of ["lbs", "bot", "marker"]) {
      await record(`scores.${model}`, "Two customers", {
        url: `/v1/scores/${model}`,
        query: { ...scope, customer: "cust-000011,cust-000012" }
      })
      await record(`scores.${model}Range`, "First page of a range scan", {
        url: `/v1/scores/${model}/range`,
        query: { ...scope, lower: "0.5", higher: "1" }
      })
    }
    for (const model of ["sccf", "ccf"]) {
      await record(`scores.${model}`, "A customer, a shop and a terminal", {
        url: `/v1/scores/${model}`,
        query: { ...scope, customer: "cust-000021", shop: "shop-000001", terminal: "term-000001" }
      })
      await record(`scores.${model}Range`, "First page of a range scan", {
        url: `/v1/scores/${model}/range`,
        query: { ...scope, lower: "0.5", higher: "1" }
      })
    }

    // profiles
    await record("profiles.accounts", "Customers with LBS ≥ 0.5, highest first", {
      url: "/v1/accounts",
      query: { ...scope, filter: "lbs:gte:0.5+accountType:eq:C", sort: "lbs:desc", limit: "3" }
    })
    const ref = {
      sportId: "sr:sport:1",
      categoryId: "sr:category:1",
      tournamentId: "sr:tournament:1",
      matchId: "sr:match:15050881"
    }
    await record("profiles.events", "One match", { url: "/v1/events/fetch", body: { bookmaker, events: [ref] } })
    await record("profiles.tournaments", "One tournament", {
      url: "/v1/tournaments/fetch",
      body: {
        bookmaker,
        tournaments: [{ sportId: ref.sportId, categoryId: ref.categoryId, tournamentId: ref.tournamentId }]
      }
    })
    for (let i = 1; i <= 30 && recorded["profiles.rgProfile"] === undefined; i++) {
      const account = `cust-${String(i).padStart(6, "0")}`
      const reply = await gw.get(`/v1/rg/profile/${bookmaker}/1/${account}`, keys.all)
      if (reply.status === 200)
        await record("profiles.rgProfile", "A player's risk profile", {
          url: `/v1/rg/profile/${bookmaker}/1/${account}`,
          path: { bookmaker: String(bookmaker), subBookmaker: "1", account }
        })
    }

    // ops and admin
    await record("ops.healthz", "Alive", { url: "/healthz" })
    await record("ops.readyz", "Ready, with the checks (ops key)", { url: "/readyz" }, keys.ops)
    await record("ops.metrics", "Excerpt: the request counter", { url: "/metrics" }, keys.ops)
    await gw.run(gw.dataPlaneFaults.set({ script: [{ kind: "error-reply", code: -500, message: "down" }] }))
    const dead = await gw.post("/v1/tickets/inform?wait=true", informJson(ticketOf("accumulator")))
    await gw.run(gw.dataPlaneFaults.clear)
    expect(dead.json.status).toBe("dead")
    await record("admin.deadLetters", "One dead letter", { url: "/v1/admin/outbox/dead", query: { limit: "10" } })
    await record("admin.requeue", "Re-queue it", {
      method: "POST",
      url: `/v1/admin/outbox/${dead.json.id}/requeue`,
      path: { id: dead.json.id }
    })

    // Operations that carry examples of their own (set beside their endpoint) need no recording.
    const covered = (keys: ReadonlyArray<string>) =>
      operationIds().filter((id) => !keys.includes(id) && !ownExamples().has(id))
    expect(covered(Object.keys(recorded))).toEqual([])
    if (process.env.WRITE_OPENAPI_EXAMPLES === "1") {
      const target = new URL("../../../../apps/gateway/src/docs/RecordedExamples.ts", import.meta.url)
      const header = `/**
 * Generated: do not edit. Written by \`tools/e2e/test/gateway/openapi-examples.e2e.test.ts\` with
 * \`WRITE_OPENAPI_EXAMPLES=1\`: each operation called on an in-process gateway against the simulator, with request
 * bodies built by \`@its/tickets\`' example builders and the simulator's accounts. \`OperationDoc.ts\` attaches them to
 * \`/openapi.json\`; \`test/OpenApiExamples.test.ts\` decodes each with its operation's schemas.
 */
import type { RecordedExample } from "./OperationDoc.ts"

export const recordedExamples: Readonly<Record<string, ReadonlyArray<RecordedExample>>> = `
      writeFileSync(target, `${header}${JSON.stringify(recorded, null, 2)}\n`)
    } else {
      expect(covered(Object.keys(recordedExamples)), "re-record with WRITE_OPENAPI_EXAMPLES=1").toEqual([])
    }
  }, 60_000)
})
