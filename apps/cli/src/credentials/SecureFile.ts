/**
 * Writing a secret to disk: mode 0600 from the first byte, atomically (a temporary file in the same directory,
 * then `rename`), so a failure leaves nothing behind and a reader never sees half a file.
 */
import { Effect } from "effect"
import { randomBytes } from "node:crypto"
import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { basename, dirname, join } from "node:path"
import { InputError } from "../Failure.ts"

export const writeSecretFile = (
  path: string,
  content: string,
  options: { readonly overwrite: boolean; readonly mode?: number }
): Effect.Effect<void, InputError> =>
  Effect.try({
    try: () => {
      if (!options.overwrite && existsSync(path)) throw new Error(`${path} exists (use --force to replace it)`)
      const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`)
      try {
        writeFileSync(temp, content, { mode: options.mode ?? 0o600, flag: "wx" })
        renameSync(temp, path)
      } catch (e) {
        rmSync(temp, { force: true })
        throw e
      }
    },
    catch: (e) => new InputError({ message: `cannot write ${path}: ${e instanceof Error ? e.message : String(e)}` })
  })
