import { describe, expect, it } from "@effect/vitest"
import { TokenEndpointUnavailable, TokenRejected } from "@its/auth"
import { ModelRequestRejected } from "@its/models"
import { ConfigError, Either, Schema } from "effect"
import { AuthFailure, classify, InputError, NegativeOutcome } from "../src/Failure.ts"

describe("exit codes", () => {
  it("maps each failure class", () => {
    expect(classify(new TokenRejected({ audience: "a", status: 401, error: "invalid_client" })).code).toBe(3)
    expect(classify({ _tag: "Forbidden", message: "403" }).code).toBe(3)
    expect(classify(new TokenEndpointUnavailable({ audience: "a", reason: "down" })).code).toBe(4)
    expect(classify({ _tag: "UpstreamUnavailable", message: "503" }).code).toBe(4)
    expect(classify(new ModelRequestRejected({ api: "lbs", reason: "bad" })).code).toBe(2)
    expect(classify(new InputError({ message: "bad file" })).code).toBe(2)
    expect(classify(new NegativeOutcome({ message: "not found" })).code).toBe(1)
    expect(classify(new AuthFailure({ message: "wrong key" })).code).toBe(3)
    expect(classify(ConfigError.MissingData(["ITS_CLIENT_ID"], "missing")).code).toBe(2)
  })

  it("gateway problems by status", () => {
    expect(classify({ status: 401, title: "Unauthorized" }).code).toBe(3)
    expect(classify({ status: 503, title: "Unavailable" }).code).toBe(4)
    expect(classify({ status: 400, title: "Bad request" }).code).toBe(2)
    expect(classify({ status: 403, title: "Missing scope" }).code).toBe(3)
    expect(classify({ status: 413, title: "Too large" }).code).toBe(2)
    expect(classify({ status: 422, title: "Invalid" }).code).toBe(2)
    expect(classify({ status: 404, title: "Not found" }).code).toBe(1)
    expect(classify({ status: 429, title: "Rate limited", retryAfterSeconds: 2 }).hint).toContain("retry after 2 s")
    expect(classify({ status: 504, title: "Timeout" }).code).toBe(4)
    const unknown = classify({ status: 502, title: "Outcome unknown", ticketOutcome: "unknown" })
    expect(unknown.code).toBe(4)
    expect(unknown.message).toContain("fate is unknown")
    const invalid = classify({
      status: 400,
      title: "Invalid request",
      errors: [{ path: "$.content.bets", code: -100, message: "missing" }]
    })
    expect(invalid.message).toContain("$.content.bets -100 missing")
  })

  it("gateway answers that are not declared problems, by status", () => {
    const response = (status: number, reason = "StatusCode") => ({
      _tag: "ResponseError",
      reason,
      response: { status }
    })
    expect(classify(response(401)).code).toBe(3)
    expect(classify(response(422)).code).toBe(2)
    expect(classify(response(503)).code).toBe(4)
    expect(classify(response(200, "Decode")).code).toBe(4)
  })

  it("messages are one line and carry a hint", () => {
    const c = classify(new TokenRejected({ audience: "a", status: 401, error: "invalid_client" }))
    expect(c.message).not.toContain("\n")
    expect(c.hint).toContain("ITS_CLIENT_SECRET")
  })

  it("a Schema parse error names each problem by its JSON path", () => {
    const decoded = Schema.decodeUnknownEither(
      Schema.Struct({ items: Schema.Array(Schema.Struct({ id: Schema.String })) })
    )({
      items: [{ id: 1 }]
    })
    if (Either.isRight(decoded)) throw new Error("expected a parse error")
    const classified = classify(decoded.left)
    expect(classified.code).toBe(2)
    expect(classified.type).toBe("ParseError")
    expect(classified.message).toBe("$.items[0].id: Expected string, actual 1")
  })
})
