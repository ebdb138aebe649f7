import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Counters, Faults } from "../src/index.ts"
import { postToken, restAudience, send, validForm, withSimulator } from "./helpers.ts"

describe("admin API", () => {
  it.effect("GET/PUT/DELETE /__admin/faults read, replace and clear the plan", () =>
    Effect.gen(function* () {
      expect(yield* Effect.flatMap(send("GET", "/__admin/faults"), (r) => r.json)).toEqual({ latencyMs: 5 })

      const put = yield* send("PUT", "/__admin/faults", { script: [503, "drop"], always: "malformed" })
      expect(put.status).toBe(200)
      const normalized = { script: [{ kind: "error", status: 503 }, { kind: "drop" }], always: { kind: "malformed" } }
      expect(yield* put.json).toEqual(normalized)
      expect(yield* (yield* Faults).plan).toEqual(normalized)

      expect((yield* postToken(validForm())).status).toBe(503)
      expect(yield* Effect.flatMap(send("GET", "/__admin/faults"), (r) => r.json)).toEqual({
        ...normalized,
        script: [{ kind: "drop" }]
      })

      expect((yield* send("DELETE", "/__admin/faults")).status).toBe(204)
      expect(yield* Effect.flatMap(send("GET", "/__admin/faults"), (r) => r.json)).toEqual({})
      expect((yield* postToken(validForm())).status).toBe(200)
    }).pipe(withSimulator({ faults: { latencyMs: 5 } }))
  )

  it.effect("PUT /__admin/faults rejects an invalid plan and keeps the old one", () =>
    Effect.gen(function* () {
      expect((yield* send("PUT", "/__admin/faults", { script: [200] })).status).toBe(400)
      expect((yield* send("PUT", "/__admin/faults", { script: [{ kind: "error" }] })).status).toBe(400)
      expect(yield* (yield* Faults).plan).toEqual({ always: { kind: "drop" } })
    }).pipe(withSimulator({ faults: { always: "drop" } }))
  )

  it.effect("GET /__admin/counters and POST /__admin/reset", () =>
    Effect.gen(function* () {
      yield* postToken(validForm())
      yield* postToken(validForm())
      yield* postToken(validForm({ client_secret: "wrong" }))
      yield* postToken(validForm({ audience: "mbs-dp-non-prod-wss" }))
      expect(yield* Effect.flatMap(send("GET", "/__admin/counters"), (r) => r.json)).toEqual({
        total: 4,
        entries: [
          { clientId: "its-sim-client", audience: "mbs-dp-non-prod-wss", outcome: "fault:429", count: 1 },
          { clientId: "its-sim-client", audience: restAudience, outcome: "invalid_client", count: 1 },
          { clientId: "its-sim-client", audience: restAudience, outcome: "issued", count: 2 }
        ]
      })

      expect((yield* send("POST", "/__admin/reset")).status).toBe(204)
      expect(yield* Effect.flatMap(send("GET", "/__admin/counters"), (r) => r.json)).toEqual({ total: 0, entries: [] })
      expect(yield* (yield* Faults).plan).toEqual({})
      expect(yield* (yield* Counters).total()).toBe(0)
    }).pipe(withSimulator({ faults: { script: ["ok", "ok", "ok", 429] } }))
  )

  it.effect("serves an OpenAPI document covering the token, JWKS and all admin endpoints", () =>
    Effect.gen(function* () {
      const spec = (yield* Effect.flatMap(send("GET", "/openapi.json"), (r) => r.json)) as {
        readonly paths: Record<string, Record<string, unknown>>
      }
      expect(Object.keys(spec.paths).sort()).toEqual([
        "/.well-known/jwks.json",
        "/__admin/counters",
        "/__admin/dataplane/counters",
        "/__admin/dataplane/faults",
        "/__admin/faults",
        "/__admin/reset",
        "/__admin/rest/counters",
        "/__admin/rest/faults",
        "/__admin/rest/faults/{apiId}",
        "/__admin/rest/rate-limits",
        "/oauth/token"
      ])
      expect(Object.keys(spec.paths["/__admin/faults"] ?? {}).sort()).toEqual(["delete", "get", "put"])
      expect(Object.keys(spec.paths["/oauth/token"] ?? {})).toEqual(["post"])
    }).pipe(withSimulator())
  )
})
