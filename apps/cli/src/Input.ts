/** Reading input files: `-` is stdin. Failures are `InputError` (exit 2) naming the file, never its content. */
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import { InputError } from "./Failure.ts"

const readStdin = Effect.tryPromise({
  try: async () => {
    const chunks: Array<Buffer> = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return new Uint8Array(Buffer.concat(chunks))
  },
  catch: (e) => new InputError({ message: `cannot read stdin: ${e instanceof Error ? e.message : String(e)}` })
})

export const readBytes = (path: string): Effect.Effect<Uint8Array, InputError> =>
  path === "-"
    ? readStdin
    : Effect.try({
        try: () => new Uint8Array(readFileSync(path)),
        catch: (e) =>
          new InputError({
            message: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : e instanceof Error ? e.message : String(e)}`
          })
      })

export const readText = (path: string) => Effect.map(readBytes(path), (bytes) => new TextDecoder().decode(bytes))

/** A JSON document from a file or stdin. */
export const readJson = (path: string): Effect.Effect<unknown, InputError> =>
  Effect.flatMap(readText(path), (text) =>
    Effect.try({
      try: () => JSON.parse(text) as unknown,
      catch: (e) =>
        new InputError({
          message: `${path === "-" ? "stdin" : path} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
          hint: "`its ticket example single` prints a valid ticket"
        })
    })
  )
