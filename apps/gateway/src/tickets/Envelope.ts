/**
 * Consumer bodies of ticket and inform operations are either the bare content (the `Tickets` client adds the
 * envelope) or a full envelope, whose `operatorId` must be the gateway's. `contentOf` takes the content out;
 * `locatedAt` moves the JSON paths of a problem to where the consumer put the content.
 */
import { OperatorId } from "@its/tickets"
import { Effect } from "effect"
import { type Problem, type ProblemOfStatus, problem, type Unprocessable, withErrors } from "../problems/Problem.ts"

interface Envelope<C> {
  readonly operatorId?: number | undefined
  readonly operation: string
  readonly content: C
}

const isEnvelope = <C>(body: C | Envelope<C>): body is Envelope<C> =>
  typeof body === "object" && body !== null && "operation" in body && "content" in body

/** The content of a body; an envelope for another operator is refused (422). */
export const contentOf = <C>(body: C | Envelope<C>): Effect.Effect<C, Unprocessable, OperatorId> =>
  Effect.gen(function* () {
    if (!isEnvelope(body)) return body
    const operatorId = yield* OperatorId
    if (body.operatorId !== undefined && body.operatorId !== operatorId)
      return yield* problem(422, "Invalid ticket", {
        detail: "the envelope's operatorId is not the gateway's",
        errors: [{ path: "$.operatorId", code: -107, message: `expected ${operatorId}` }]
      })
    return body.content
  })

/**
 * The tickets package validates the envelope it builds, so its JSON paths start at the envelope (`$.content.bets…`).
 * For a body that was the bare content those paths are moved to where the consumer put the content (`$.bets…`).
 */
const rebasePath = (path: string, from: string, to: string): string =>
  path === from
    ? to
    : path.startsWith(`${from}.`) || path.startsWith(`${from}[`)
      ? `${to}${path.slice(from.length)}`
      : path

const rebaseProblem =
  (from: string, to: string) =>
  <P extends Problem>(failure: P): P | ProblemOfStatus[P["status"]] =>
    failure.errors === undefined || from === to
      ? failure
      : withErrors(
          failure,
          failure.errors.map((e) => ({ ...e, path: rebasePath(e.path, from, to) }))
        )

/** Where the operation's content is in the consumer's body, `at` being where the body (content or envelope) is. */
export const locatedAt = (body: unknown, at = "$") =>
  rebaseProblem("$.content", typeof body === "object" && body !== null && isEnvelope(body) ? `${at}.content` : at)
