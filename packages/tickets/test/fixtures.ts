/** The JSON examples of the reference, one file per example, named after its section. */
import { readdirSync, readFileSync } from "node:fs"

const directory = new URL("./fixtures/", import.meta.url)

export interface Fixture {
  readonly name: string
  readonly json: unknown
}

export const fixtures: ReadonlyArray<Fixture> = readdirSync(directory)
  .filter((name) => name.endsWith(".json"))
  .sort()
  .map((name) => ({ name, json: JSON.parse(readFileSync(new URL(name, directory), "utf8")) }))

/**
 * Request/reply pairs transcribed from the public Transaction 3.0 example pages
 * (docs.sportradar.com/mts/transaction-3.0-api/mts-related-transaction-examples/…), one file per message, named
 * `<page>.request.json` / `<page>.reply[-variant].json`. Only examples stored complete are transcribed (see README).
 */
export const docsFixtures: ReadonlyArray<Fixture> = readdirSync(new URL("docs/", directory))
  .filter((name) => name.endsWith(".json"))
  .sort()
  .map((name) => ({ name, json: JSON.parse(readFileSync(new URL(`docs/${name}`, directory), "utf8")) }))

/** A fresh copy of a fixture, to break on purpose. */
// biome-ignore lint/suspicious/noExplicitAny: tests mutate parsed JSON freely
export const fixture = (name: string): any => {
  const found = fixtures.find((f) => f.name === name)
  if (found === undefined) throw new Error(`no fixture ${name}`)
  return structuredClone(found.json)
}
