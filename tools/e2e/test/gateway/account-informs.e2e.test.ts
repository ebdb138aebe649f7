/**
 * `POST /v1/accounts/informs` (issue 15 §2): each of the eight account, balance and casino informs is stored (202),
 * delivered by the outbox worker with its own operation and answered by the simulator (reply recorded in the entry);
 * an invalid one is a 422 naming its path; sending the same inform again is idempotent by its id; the same id from
 * another consumer or with another payload is a 409.
 */
import { accountInforms, informExample, informExampleKinds, informOperation } from "@its/tickets"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { expectNoSecretsInFile, expectProblem, freshId, type Json, keys, operatorId, useGateway } from "./support.ts"

const gw = useGateway()

/** The example of `kind`, encoded, with fresh ids where the inform has its own. */
const bodyOf = (kind: (typeof informExampleKinds)[number]): Json => {
  const content = informExample(kind)
  const schema = accountInforms[informOperation[kind]].content as Schema.Schema<typeof content, Json>
  const json = Schema.encodeSync(schema)(content) as Json
  for (const field of ["depositId", "withdrawalId", "reportId", "balanceChangeId"])
    if (field in json) json[field] = freshId(kind)
  return json
}
const hasOwnId = (body: Json) => ["depositId", "withdrawalId", "reportId", "balanceChangeId"].some((f) => f in body)
const path = (body: Json, extra = "") =>
  `/v1/accounts/informs?wait=true${hasOwnId(body) ? "" : `&id=${freshId("id")}`}${extra}`

describe("account, balance and casino informs through the outbox", () => {
  for (const kind of informExampleKinds) {
    it(`${kind}: 202, delivered as ${informOperation[kind]}, the simulator's reply recorded`, async () => {
      const body = bodyOf(kind)
      const accepted = await gw.post(path(body), body)
      expect(accepted.status, accepted.text).toBe(202)
      expect(accepted.json).toMatchObject({
        status: "delivered",
        ticketId: expect.stringMatching(new RegExp(`^${informOperation[kind]}:`)),
        reply: { type: `${body.type}-reply`, code: 0, signature: expect.any(String) }
      })
      const seen = (await gw.received()).filter((r) => r.operation === informOperation[kind])
      expect(seen.length).toBeGreaterThanOrEqual(1)
      expect(seen.at(-1)).toMatchObject({ contentType: body.type, outcome: "accepted" })
    })
  }

  it("a full request envelope is accepted too", async () => {
    const content = bodyOf("deposit")
    const envelope = {
      operatorId,
      correlationId: freshId("corr"),
      timestampUtc: 1_700_000_000_000,
      operation: "balance-deposit-inform",
      version: "3.0",
      content
    }
    const accepted = await gw.post("/v1/accounts/informs?wait=true", envelope)
    expect(accepted.status, accepted.text).toBe(202)
    expect(accepted.json).toMatchObject({
      status: "delivered",
      ticketId: `balance-deposit-inform:${content.depositId}`
    })
  })

  it("an invalid inform is a 422 with its path (a malformed one a 400); nothing is stored", async () => {
    const body = bodyOf("deposit")
    const tooLong = await gw.post("/v1/accounts/informs", { ...body, depositId: "D".repeat(129) })
    expect(expectProblem(tooLong, 422).errors.map((e: Json) => e.path)).toContain("$.depositId")
    const envelope = {
      operatorId,
      correlationId: "c",
      timestampUtc: 1,
      operation: "balance-deposit-inform",
      version: "3.0"
    }
    const inEnvelope = await gw.post("/v1/accounts/informs", { ...envelope, content: { ...body, depositId: "" } })
    expect(expectProblem(inEnvelope, 422).errors.map((e: Json) => e.path)).toContain("$.content.depositId")
    const malformed = await gw.post("/v1/accounts/informs", { ...body, amount: { currency: "EUR", value: 5 } })
    expect(expectProblem(malformed, 400).errors.map((e: Json) => e.path)).toContain("$.amount.value")
    // Not stored: the same id with a valid body is a fresh entry, not a conflict.
    const good = await gw.post("/v1/accounts/informs", body)
    expect(good.status, good.text).toBe(202)
    expect(good.json.duplicate).toBeUndefined()
    // An account inform without an id of its own needs `?id=`.
    const noId = expectProblem(await gw.post("/v1/accounts/informs", bodyOf("account-limit")), 422)
    expect(noId.errors[0].path).toBe("?id")
  })

  it("idempotent by the inform's id; another consumer or payload is a 409", async () => {
    const body = bodyOf("withdrawal")
    const first = await gw.post("/v1/accounts/informs?wait=true", body)
    expect(first.status, first.text).toBe(202)
    const again = await gw.post("/v1/accounts/informs", body)
    expect(again.status).toBe(202)
    expect(again.json).toMatchObject({ id: first.json.id, duplicate: true, status: "delivered" })
    const sent = (await gw.received()).filter((r) => r.operation === "balance-withdrawal-inform")
    expect(sent.filter((r) => r.ticketId === body.withdrawalId).length).toBe(1)
    expectProblem(await gw.post("/v1/accounts/informs", body, keys["tickets:write"]), 409)
    expectProblem(await gw.post("/v1/accounts/informs", { ...body, status: "rejected" }), 409)

    const limit = bodyOf("account-limit")
    const at = "/v1/accounts/informs?id=limit-change-1"
    expect((await gw.post(at, limit)).status).toBe(202)
    expect((await gw.post(at, limit)).json.duplicate).toBe(true)
  })

  it("needs tickets:write", async () => {
    expectProblem(await gw.post("/v1/accounts/informs", bodyOf("deposit"), keys["tickets:read"]), 403)
  })

  it("leaks no secrets", ({ task }) => expectNoSecretsInFile(gw, task))
})
