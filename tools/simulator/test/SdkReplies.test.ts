/**
 * The simulator as a drop-in MTS for the official SDKs: every reply on the data plane (ticket semantics) has exactly
 * the SDK's envelope fields and only content fields the SDK's response classes declare, checked recursively against
 * `fixtures/mbs-sdk-java-responses.json` — the field lists and Java types of `sportradar/MbsSdkJava`'s
 * `entities` classes (generated from its sources, not from our code). Its Jackson mapper fails on any unknown field.
 */
import { describe, expect, it } from "@effect/vitest"
import { Build, encodeRequest, example, makeRequest, type Operation, OperatorId, type RequestFor } from "@its/tickets"
import { Effect, Layer, TestClock } from "effect"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { TicketHandler, TicketLedger } from "../src/index.ts"
import { sdkReplyContent } from "../src/SdkReplies.ts"
import { connectWithToken, type DataPlaneClient } from "./dataPlaneClient.ts"
import { withSimulator } from "./helpers.ts"

interface SdkClass {
  readonly fields?: Readonly<Record<string, string>>
  readonly typeProperty?: string
  readonly subtypes?: Readonly<Record<string, string>>
  readonly enum?: ReadonlyArray<string>
}
const sdk = JSON.parse(readFileSync(join(import.meta.dirname, "fixtures/mbs-sdk-java-responses.json"), "utf8")) as {
  readonly root: string
  readonly classes: Readonly<Record<string, SdkClass>>
}

const isInteger = (v: unknown) => Number.isInteger(v) || (typeof v === "string" && /^-?\d+$/.test(v))
const scalars: Record<string, (v: unknown) => boolean> = {
  int: Number.isInteger,
  long: Number.isInteger,
  Integer: Number.isInteger,
  Long: Number.isInteger,
  BigInteger: isInteger,
  double: (v) => typeof v === "number",
  boolean: (v) => typeof v === "boolean",
  String: (v) => typeof v === "string",
  BigDecimal: (v) => typeof v === "number" || (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v))
}

/** What the SDK's mapper would refuse in `value` read as `javaType`, one line per problem. */
const refusals = (value: unknown, javaType: string, path: string): Array<string> => {
  if (value === null || value === undefined) return []
  if (javaType.endsWith("[]")) {
    if (!Array.isArray(value)) return [`${path}: an array expected (${javaType})`]
    return value.flatMap((item, i) => refusals(item, javaType.slice(0, -2), `${path}[${i}]`))
  }
  const scalar = scalars[javaType]
  if (scalar !== undefined) return scalar(value) ? [] : [`${path}: ${JSON.stringify(value)} is not a ${javaType}`]
  let sdkClass = sdk.classes[javaType]
  if (sdkClass === undefined) return [`${path}: unknown SDK type ${javaType}`]
  if (sdkClass.enum !== undefined)
    return sdkClass.enum.includes(value as string) ? [] : [`${path}: ${JSON.stringify(value)} not in ${javaType}`]
  if (typeof value !== "object" || Array.isArray(value)) return [`${path}: an object expected (${javaType})`]
  const json = value as Record<string, unknown>
  let className = javaType
  let typeProperty: string | undefined
  if (sdkClass.subtypes !== undefined) {
    typeProperty = sdkClass.typeProperty!
    const subtype = sdkClass.subtypes[json[typeProperty] as string]
    if (subtype === undefined) return [`${path}.${typeProperty}: ${JSON.stringify(json[typeProperty])} unknown`]
    className = subtype
    sdkClass = sdk.classes[subtype]!
  }
  return Object.entries(json).flatMap(([key, inner]) => {
    if (key === typeProperty) return []
    const declared = sdkClass.fields?.[key]
    return declared === undefined
      ? [`${path}.${key}: not a field of ${className}`]
      : refusals(inner, declared, `${path}.${key}`)
  })
}

const now = Date.parse("2026-11-20T10:00:00Z")
const context = { channel: { type: "internet" as const, ip: "212.7.5.2", lang: "EN" }, limitId: 1409 }
const ticket = (ticketId: string, marketId = "1", stake = "10") =>
  Build.single({
    ticketId,
    selection: Build.uf({ productId: "3", eventId: "sr:match:7", marketId, outcomeId: "1", odds: "1.5" }),
    stake: Build.cash(stake, "EUR"),
    context
  })
const payout = [{ type: "cash" as const, amount: Build.cash("5", "EUR").amount, currency: "EUR" }]

const ticketSemantics = withSimulator(
  {},
  { dataPlaneHandler: TicketHandler.layerWith().pipe(Layer.provide(TicketLedger.layer)) }
)

/** Sends one request over the WebSocket and answers the raw reply envelope. */
const exchange =
  (client: DataPlaneClient) =>
  <Op extends Operation>(operation: Op, content: RequestFor<Op>["content"]) =>
    Effect.gen(function* () {
      const request = yield* makeRequest(operation, content)
      yield* client.send(yield* encodeRequest(request))
      return yield* client.nextJson
    }).pipe(Effect.provide(OperatorId.layerWith(9985)))

describe("replies for the official SDKs", () => {
  it.scoped("every reply of a full ticket life cycle is readable by MbsSdkJava", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const client = yield* connectWithToken()
      const send = exchange(client)
      const replies: Array<Record<string, unknown>> = []
      const keep = <A extends Record<string, unknown>>(reply: A) => {
        replies.push(reply)
        return reply.content as Record<string, unknown>
      }

      const placed = keep(yield* send("ticket-placement", ticket("SDK-1")))
      expect(placed).toMatchObject({ type: "ticket-reply", status: "accepted" })
      const signature = placed.signature as string
      keep(yield* send("ticket-placement", ticket("SDK-405", "999")))
      keep(yield* send("ticket-placement", ticket("SDK-713", "1", "5000")))
      keep(yield* send("ticket-placement-inform", Build.ticketInform(ticket("SDK-I"), [{ code: 0, rejected: false }])))
      keep(
        yield* send("ticket-placement-ack", {
          type: "ticket-ack",
          ticketId: "SDK-1",
          ticketSignature: signature,
          acknowledged: true
        })
      )
      const cashout = (type: "ticket" = "ticket") => ({
        type: "cashout" as const,
        cashoutId: "CO-1",
        details: { type, ticketId: "SDK-1", ticketSignature: signature, code: 101, payout }
      })
      const built = keep(yield* send("cashout-build", { type: "cashout-build", cashout: cashout() }))
      expect(built).toMatchObject({ type: "cashout-build-reply", status: "accepted" })
      keep(
        yield* send("ticket-ext-settlement", {
          type: "ext-settlement",
          settlementId: "S-1",
          details: { type: "ticket", ticketId: "SDK-1", ticketSignature: signature, payout }
        })
      )
      keep(yield* send("max-stake", { type: "max-stake", ticket: example("single") }))
      keep(yield* send("ticket-build", { type: "ticket-build", ticket: ticket("SDK-B") }))
      keep(
        yield* send("payout-modifier-settlement", {
          type: "payout-modifier-settlement",
          settlementId: "PMS-1",
          reference: "ref-1",
          settlement: { type: "result", result: { type: "void" } }
        })
      )
      const cancelled = keep(
        yield* send("ticket-cancel", {
          type: "cancel",
          cancellationId: "C-1",
          details: { type: "ticket", ticketId: "SDK-1", ticketSignature: signature, code: 101 }
        })
      )
      keep(
        yield* send("ticket-cancel-ack", {
          type: "cancel-ack",
          cancellationId: "C-1",
          ticketId: "SDK-1",
          cancellationSignature: cancelled.signature as string,
          acknowledged: true
        })
      )
      keep(yield* send("cashout-placement", { type: "cashout-placement", cashout: cashout() }))
      yield* client.send({ operatorId: 9985, correlationId: "bad", timestampUtc: 1, operation: "x", version: "2.0" })
      keep(yield* client.nextJson)

      expect(replies.map((r) => (r.content as { type: string }).type)).toEqual([
        "ticket-reply",
        "ticket-reply",
        "ticket-reply",
        "ticket-inform-reply",
        "ticket-ack-reply",
        "cashout-build-reply",
        "ext-settlement-reply",
        "max-stake-reply",
        "ticket-build-reply",
        "payout-modifier-settlement-reply",
        "cancel-reply",
        "cancel-ack-reply",
        "cashout-placement-reply",
        "error-reply"
      ])
      for (const reply of replies) {
        expect(Object.keys(reply).sort()).toEqual(["content", "correlationId", "operation", "timestampUtc", "version"])
        expect(refusals(reply, sdk.root, "$"), JSON.stringify(reply)).toEqual([])
      }
    }).pipe(ticketSemantics)
  )

  it.scoped("SIM_ECHO_OPERATOR_ID echoes the request's operatorId (off by default)", () =>
    Effect.gen(function* () {
      const client = yield* connectWithToken()
      const reply = yield* exchange(client)("ticket-placement", ticket("ECHO-1"))
      expect(reply.operatorId).toBe(9985)
    }).pipe(
      withSimulator(
        { echoOperatorId: true },
        { dataPlaneHandler: TicketHandler.layerWith().pipe(Layer.provide(TicketLedger.layer)) }
      )
    )
  )

  it("keeps only declared fields, recursively, and leaves unknown reply types alone", () => {
    const content = {
      type: "ticket-reply",
      ticketId: "T",
      pendingManualBetReview: true,
      betDetails: [
        { betId: "b", extra: 1, suggestion: { type: "alt-stake", stake: [], mode: "x" }, selectionDetails: [{ z: 1 }] }
      ]
    }
    expect(sdkReplyContent(content)).toEqual({
      type: "ticket-reply",
      ticketId: "T",
      betDetails: [{ betId: "b", suggestion: { type: "alt-stake", stake: [] }, selectionDetails: [{}] }]
    })
    expect(sdkReplyContent({ type: "payout-modifier-settlement-reply", ticketId: "", code: 0 })).toEqual({
      type: "payout-modifier-settlement-reply",
      code: 0
    })
    const review = { type: "manual-review-reply", status: "pending", anything: 1 }
    expect(sdkReplyContent(review)).toBe(review)
  })
})
