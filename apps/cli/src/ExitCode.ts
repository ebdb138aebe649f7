/**
 * Exit codes, and `Exit`: a failure already reported to the user. Kept apart from `Failure.ts` (the mapping of every
 * SDK error) because the entry and the command tree need them before any implementation is loaded.
 *
 * 0 ok · 1 negative outcome (ticket rejected, key not found) · 2 bad usage or input · 3 authentication or
 * authorization failure · 4 upstream unavailable or timeout.
 */
import { Data } from "effect"

export const ExitCode = { ok: 0, negative: 1, usage: 2, auth: 3, unavailable: 4 } as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** A failure already reported to the user; carries only the exit code. */
export class Exit extends Data.TaggedError("Exit")<{ readonly code: number }> {}
