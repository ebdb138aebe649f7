/**
 * `/openapi.json` as documentation: every operation has a summary and a description, a request example (body or
 * parameters) where it takes input and a 2xx response example, and every example in the document decodes with its
 * own operation's schema (request body, path, query string, success or error response).
 */
import { HttpApi, OpenApi } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Either, Option, Schema } from "effect"
import type * as AST from "effect/SchemaAST"
import { GatewayApi } from "../src/Api.ts"

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is loose JSON
type Json = any

const spec: Json = OpenApi.fromApi(GatewayApi)

interface Check {
  readonly where: string
  readonly schema: Schema.Schema<unknown, unknown>
  readonly value: unknown
}

const schemaOf = (ast: AST.AST) => Schema.make(ast) as Schema.Schema<unknown, unknown>

const collect = () => {
  const checks: Array<Check> = []
  const operations: Array<{ id: string; op: Json; hasInput: boolean }> = []
  HttpApi.reflect(GatewayApi, {
    onGroup: () => {},
    onEndpoint: ({ endpoint, errors, payloads, successes }) => {
      const path = endpoint.path.replace(/:(\w+)\??/g, "{$1}")
      const op: Json = spec.paths[path][endpoint.method.toLowerCase()]
      const id = op.operationId
      const hasBody = payloads.size > 0 && endpoint.method !== "GET"
      operations.push({
        id,
        op,
        hasInput: hasBody || Option.isSome(endpoint.urlParamsSchema) || Option.isSome(endpoint.pathSchema)
      })
      for (const [contentType, payload] of payloads)
        for (const [name, example] of Object.entries<Json>(op.requestBody?.content?.[contentType]?.examples ?? {}))
          checks.push({ where: `${id} request ${name}`, schema: schemaOf(payload.ast), value: example.value })
      for (const [location, schema] of [
        ["path", endpoint.pathSchema],
        ["query", endpoint.urlParamsSchema]
      ] as const) {
        const params = (op.parameters ?? []).filter((p: Json) => p.in === location && p.example !== undefined)
        if (Option.isSome(schema) && params.length > 0)
          checks.push({
            where: `${id} ${location} parameters`,
            schema: schema.value as unknown as Schema.Schema<unknown, unknown>,
            value: Object.fromEntries(params.map((p: Json) => [p.name, p.example]))
          })
      }
      for (const [status, response] of [...successes, ...errors]) {
        const content: Json = op.responses[String(status)]?.content ?? {}
        for (const media of Object.values<Json>(content))
          for (const [name, example] of Object.entries<Json>(media.examples ?? {}))
            checks.push({
              where: `${id} ${status} ${name}`,
              schema: schemaOf(Option.getOrThrow(response.ast)),
              value: example.value
            })
      }
    }
  })
  return { checks, operations }
}

describe("OpenAPI document", () => {
  const { checks, operations } = collect()

  it("has servers, and every operation a summary, a description and examples", () => {
    expect(spec.servers.length).toBeGreaterThan(0)
    expect(operations.length).toBeGreaterThanOrEqual(30)
    for (const { id, op, hasInput } of operations) {
      expect(op.summary, id).toMatch(/\w/)
      expect(op.description, id).toContain("**Scope:**")
      expect(op.description, id).toContain("**Idempotent:**")
      expect(op.description, id).toContain("**Timeouts:**")
      const successExamples = Object.entries<Json>(op.responses)
        .filter(([status]) => Number(status) < 300)
        .flatMap(([, r]) => Object.values<Json>(r.content ?? {}).flatMap((m) => Object.keys(m.examples ?? {})))
      expect(successExamples.length, `${id}: a 2xx example`).toBeGreaterThan(0)
      if (hasInput) {
        const bodyExamples = Object.keys(op.requestBody?.content?.["application/json"]?.examples ?? {})
        const paramExamples = (op.parameters ?? []).filter((p: Json) => p.example !== undefined)
        expect(bodyExamples.length + paramExamples.length, `${id}: a request example`).toBeGreaterThan(0)
      }
    }
  })

  it("documents the 502 of ticket operations: ticketOutcome unknown, do not resend blindly", () => {
    const placement = operations.find((o) => o.id === "tickets.placement")?.op
    expect(placement.description).toContain("ticketOutcome: unknown")
    expect(placement.description).toContain("Do not resend blindly")
    expect(spec.info.description).toContain("Getting started")
    expect(spec.info.description).toContain("HttpApiClient")
  })

  it("every example decodes with its own schema", () => {
    expect(checks.length).toBeGreaterThan(100)
    const failures = checks.flatMap(({ where, schema, value }) => {
      const result = Schema.decodeUnknownEither(schema, { onExcessProperty: "error" })(value)
      return Either.isLeft(result) ? [`${where}: ${String(result.left).slice(0, 400)}`] : []
    })
    expect(failures).toEqual([])
  })

  it("a wrong example would be caught", () => {
    const check = checks.find((c) => c.where.startsWith("tickets.placement request"))
    expect(check).toBeDefined()
    const broken = { ...(check?.value as object), bets: "not a list" }
    expect(Either.isLeft(Schema.decodeUnknownEither(check?.schema as Schema.Schema<unknown, unknown>)(broken))).toBe(
      true
    )
  })
})
