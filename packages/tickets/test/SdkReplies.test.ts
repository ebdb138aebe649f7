import { describe, expect, it } from "@effect/vitest"
import { FastCheck, Schema } from "effect"
import { operations, Reply, replyContentType, tolerantOptions } from "../src/index.ts"
import { sdkEnvelope, sdkInformReplyContent, sdkInformReplyTypes, sdkReplyContents } from "./sdkReplies.ts"

FastCheck.configureGlobal({ baseSize: "xsmall", seed: 20261202 })

// Replies as the official SDKs could produce and read them (nullable fields omitted at random) always decode: a
// genuine MTS reply never becomes `UnexpectedReply` because we demand a field the SDKs treat as optional.
describe("SDK-shaped replies decode", () => {
  const decode = Schema.decodeUnknownEither(Reply, tolerantOptions)
  for (const operation of operations) {
    const type = replyContentType[operation]
    const own =
      sdkReplyContents[type] ??
      ((sdkInformReplyTypes as ReadonlyArray<string>).includes(type) ? sdkInformReplyContent(type) : undefined)
    if (own === undefined) continue // our assumption-only reply types (A5) have no SDK class
    it.prop(`${operation} → ${replyContentType[operation]}`, [sdkEnvelope(operation, own)], ([json]) => {
      const result = decode(JSON.parse(JSON.stringify(json)))
      if (result._tag === "Left") expect.fail(String(result.left))
    })
    it.prop(`${operation} → error-reply`, [sdkEnvelope(operation, sdkReplyContents["error-reply"]!)], ([json]) => {
      expect(decode(json)._tag).toBe("Right")
    })
  }

  it("a reoffer suggestion without mode or stake (issue 15's example) decodes", () => {
    const json = {
      correlationId: "c",
      timestampUtc: 1,
      operation: "ticket-placement",
      version: "3.0",
      content: {
        type: "ticket-reply",
        signature: "s",
        status: "rejected",
        ticketId: "T",
        code: -701,
        message: "m",
        betDetails: [{ code: -701, suggestion: { type: "reoffer" }, selectionDetails: [{ code: -701 }] }]
      }
    }
    expect(decode(json)._tag).toBe("Right")
  })
})
