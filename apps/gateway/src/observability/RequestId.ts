/**
 * The request id of every response (`x-request-id`): the client's own when it is a sane token, else a fresh UUID.
 * One rule for the API middleware (`Http.ts`) and the fast lookup path (`scores/FastLookup.ts`).
 */
import { randomUUID } from "node:crypto"

const acceptable = /^[A-Za-z0-9._:-]{1,128}$/

export const requestIdOf = (headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>): string => {
  const given = headers["x-request-id"]
  return typeof given === "string" && acceptable.test(given) ? given : randomUUID()
}
