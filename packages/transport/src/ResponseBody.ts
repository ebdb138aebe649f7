/**
 * Reading ITS response bodies: a short excerpt for error messages, and `decodeJson` (JSON + Schema, problems as JSON
 * paths rendered by `@its/auth`'s `JsonPath`).
 */
import type { HttpClientResponse } from "@effect/platform"
import { describeParseError } from "@its/auth"
import { Effect, Schema } from "effect"
import { DecodeFailed } from "./Errors.ts"

/** `$.items[0].lbs: Expected string, actual 1`, one entry per problem (kept here for existing importers). */
export { describeParseError }

const EXCERPT_CHARS = 200

/** The first characters of a body, whitespace collapsed: enough to recognise an error page, never a header. */
export const excerpt = (text: string): string => {
  const collapsed = text.replace(/\s+/g, " ").trim()
  return collapsed.length <= EXCERPT_CHARS ? collapsed : `${collapsed.slice(0, EXCERPT_CHARS)}…`
}

/** A URL without its query and fragment (what error messages and logs may show). */
export const withoutQuery = (url: string) => url.split(/[?#]/, 1)[0] ?? url

/**
 * Decodes a response body as JSON with `schema`. Not JSON, or not matching, fails with `DecodeFailed` naming the
 * JSON paths and carrying an excerpt of the body (never headers).
 */
export const decodeJson =
  <A, I, R>(schema: Schema.Schema<A, I, R>, options: { readonly api?: string } = {}) =>
  (response: HttpClientResponse.HttpClientResponse): Effect.Effect<A, DecodeFailed, R> =>
    Effect.gen(function* () {
      const requestId = response.request.headers["x-request-id"]
      const info = {
        api: options.api ?? "unknown",
        method: response.request.method,
        url: withoutQuery(response.request.url),
        ...(requestId === undefined ? {} : { requestId }),
        status: response.status
      }
      const text = yield* response.text.pipe(
        Effect.mapError(
          () =>
            new DecodeFailed({ ...info, problems: ["$: the body could not be read (connection lost)"], excerpt: "" })
        )
      )
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        return yield* new DecodeFailed({ ...info, problems: ["$: not valid JSON"], excerpt: excerpt(text) })
      }
      return yield* Schema.decodeUnknown(schema, { errors: "all", onExcessProperty: "ignore" })(json).pipe(
        Effect.mapError(
          (error) => new DecodeFailed({ ...info, problems: describeParseError(error), excerpt: excerpt(text) })
        )
      )
    })
