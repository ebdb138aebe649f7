/**
 * Documentation of the operations, attached beside each endpoint definition with `operationDoc(…)`: the summary,
 * a description (what it does, the scope, idempotency, timeouts) and, added by an OpenAPI transform once the
 * responses are known, what every non-2xx answer means with links to its problem pages, plus the request and
 * response examples recorded from the simulator (`RecordedExamples.ts`) and one example body per problem type.
 */
import { OpenApi } from "@effect/platform"
import type { Scope } from "../keys/Security.ts"
import { exampleBody } from "../problems/ProblemPages.ts"
import { problemTypes, problemTypeUri } from "../problems/ProblemTypes.ts"
import { recordedExamples } from "./RecordedExamples.ts"

/** One recorded exchange of an operation (request parts as sent, the response as the gateway answered). */
export interface RecordedExample {
  readonly summary: string
  readonly path?: Readonly<Record<string, string>>
  readonly query?: Readonly<Record<string, string>>
  readonly body?: unknown
  readonly status: number
  readonly response: unknown
}

export interface OperationDoc {
  readonly summary: string
  /** What the operation does (markdown). */
  readonly description: string
  /** The scope an API key needs (`none` for the ops routes). */
  readonly scope: Scope | "none"
  /** Whether sending it twice is safe, and how. */
  readonly idempotent: string
  readonly timeouts: string
  /** What a status means for this operation, where it differs from the general meaning. */
  readonly errors?: Readonly<Partial<Record<number, string>>>
}

/** The general meaning of each non-2xx status for a caller. */
const errorMeaning: Readonly<Record<number, string>> = {
  400: "The request does not match the schema; `errors` lists every field by JSON path. Nothing was sent to ITS.",
  401: "No API key, or an unknown one.",
  403: "The key lacks the scope of this operation.",
  404: "Nothing at this path (or the resource named by it does not exist).",
  413: "The body is larger than the gateway accepts.",
  415: "The body is not `application/json`.",
  422: "The ticket breaks a Transaction 3.0 rule; every problem is listed. Nothing was sent: fix and send again.",
  429: "Your key's rate limit, or ITS's (then for every consumer). Wait `Retry-After` seconds.",
  500: "A gateway bug; report the `requestId`.",
  502: "ITS answered with an error or refused the gateway's credentials. Reads are safe to retry later.",
  503: "ITS, the token endpoint or the outbox store is unavailable. Nothing was processed; retry later with backoff.",
  504: "ITS did not answer in time (after the gateway's retries for reads). Retry later."
}

/** The 502 of ticket operations, where the outcome may be unknown. */
export const ticketBadGateway =
  "`ticketOutcome: unknown`: the operation was sent but no reply (or no matching reply) came back, so ITS **may " +
  "or may not have processed it. Do not resend blindly.** Find out first: an inform's state is at " +
  "`GET /v1/tickets/inform/{id}`; a placement resent with the same `ticketId` is answered as a duplicate if the " +
  "first one arrived; when in doubt cancel it (`POST /v1/tickets/cancel`). Without `ticketOutcome` the 502 is an " +
  "`error-reply` from ITS: not processed."

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI operation objects are loose JSON
type Operation = Record<string, any>

const problemLinks = (status: number): string =>
  problemTypes
    .filter((p) => p.status === status)
    .map((p) => `[${p.title}](${problemTypeUri(p.title)})`)
    .join(", ")

const errorSection = (op: Operation, doc: OperationDoc): string => {
  const statuses = Object.keys(op.responses ?? {})
    .map(Number)
    .filter((status) => status >= 400)
    .sort((a, b) => a - b)
  if (statuses.length === 0) return ""
  const lines = statuses.map((status) => {
    const links = problemLinks(status)
    const meaning = doc.errors?.[status] ?? errorMeaning[status] ?? "See the problem's `detail`."
    return `- \`${status}\`: ${meaning}${links === "" ? "" : ` Problem types: ${links}.`}`
  })
  return `\n\n**Errors** (all \`application/problem+json\`)\n\n${lines.join("\n")}`
}

const named = (summary: string, index: number) => `example${index + 1}_${summary.replaceAll(/[^A-Za-z0-9]+/g, "_")}`

/** Adds the recorded examples of `op.operationId` and the problem examples to an OpenAPI operation. */
const addExamples = (op: Operation): Operation => {
  const recorded = recordedExamples[String(op.operationId)] ?? []
  for (const [index, example] of recorded.entries()) {
    const name = named(example.summary, index)
    if (example.body !== undefined) {
      const media = op.requestBody?.content?.["application/json"]
      if (media !== undefined)
        media.examples = { ...media.examples, [name]: { summary: example.summary, value: example.body } }
    }
    for (const parameter of op.parameters ?? []) {
      const source = parameter.in === "path" ? example.path : parameter.in === "query" ? example.query : undefined
      const value = source?.[parameter.name]
      if (value !== undefined && parameter.example === undefined) parameter.example = value
    }
    const content = op.responses?.[String(example.status)]?.content
    const mediaType = content === undefined ? undefined : Object.keys(content)[0]
    if (content !== undefined && mediaType !== undefined)
      content[mediaType].examples = {
        ...content[mediaType].examples,
        [name]: { summary: example.summary, value: example.response }
      }
  }
  for (const [status, response] of Object.entries<Operation>(op.responses ?? {})) {
    const media = response.content?.["application/json"]
    if (Number(status) < 400 || media === undefined) continue
    const types = problemTypes.filter((p) => p.status === Number(status))
    media.examples = Object.fromEntries(
      types.map((type) => [
        type.title.replaceAll(/[^A-Za-z0-9]+/g, "_"),
        { summary: type.title, value: exampleBody(type) }
      ])
    )
  }
  return op
}

/** The annotations of one operation: summary, description and examples. */
export const operationDoc = (doc: OperationDoc) =>
  OpenApi.annotations({
    summary: doc.summary,
    transform: (op) => {
      const facts = [
        `- **Scope:** ${doc.scope === "none" ? "none (no API key needed)" : `\`${doc.scope}\``}`,
        `- **Idempotent:** ${doc.idempotent}`,
        `- **Timeouts:** ${doc.timeouts}`
      ].join("\n")
      const described = { ...op, description: `${doc.description}\n\n${facts}${errorSection(op, doc)}` }
      return addExamples(described)
    }
  })
