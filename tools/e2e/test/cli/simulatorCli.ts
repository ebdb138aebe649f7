/**
 * The set-up of the CLI tests against a simulator started in the test process (127.0.0.1, port 0, ticket semantics
 * on the data plane): `useSimulatorCli()` registers the hooks of one test file and returns `its(…)`, which runs the
 * command as a subprocess (`cliProcess.ts`) with the simulator's configuration in a scratch directory. After every
 * test, what that test's commands printed is scanned for the client secret and access tokens, so each test is
 * checked on its own (and can run alone: `vitest -t NAME`).
 */
import { Simulator, SimulatorInfo, TicketHandler, TicketLedger } from "@its/simulator"
import { Context, Effect, Exit, Layer, Scope } from "effect"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, afterEach, beforeAll, expect } from "vitest"
import { Children, cleanEnv, type Result } from "./cliProcess.ts"

export const secret = "its-sim-secret"
export const wrongSecret = "not-the-secret-4711"
export const jwt = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/

export interface SimulatorCli {
  /** `its …` with the simulator's configuration; `env` adds or (with `undefined`) removes variables. */
  readonly its: (
    args: ReadonlyArray<string>,
    options?: { env?: Record<string, string | undefined>; stdin?: string; scan?: boolean }
  ) => Promise<Result>
  /** The simulator's base URL (set once `beforeAll` ran). */
  readonly baseUrl: () => string
  /** The scratch directory the commands run in. */
  readonly dir: string
}

export const useSimulatorCli = (): SimulatorCli => {
  const children = new Children()
  const dir = mkdtempSync(join(tmpdir(), "its-cli-e2e-"))
  let baseUrl = ""
  let scope: Scope.CloseableScope

  beforeAll(async () => {
    scope = Effect.runSync(Scope.make())
    const context = await Effect.runPromise(
      Layer.buildWithScope(
        Simulator.layerTest({}, { dataPlaneHandler: TicketHandler.layerWith() }).pipe(
          Layer.provideMerge(TicketLedger.layer)
        ),
        scope
      )
    )
    baseUrl = Context.get(context, SimulatorInfo).baseUrl
  })

  afterEach(() => {
    children.killAll()
    const captured = children.captured.splice(0)
    for (const text of captured) {
      expect(text).not.toContain(secret)
      expect(text).not.toContain(wrongSecret)
      expect(text).not.toMatch(jwt)
    }
  })

  afterAll(async () => {
    await Effect.runPromise(Scope.close(scope, Exit.void))
  })

  const env = (): Record<string, string> => {
    return {
      ...cleanEnv(),
      ITS_ENV: "local",
      ITS_API_URL: baseUrl,
      ITS_OPERATOR_ID: "9985",
      ITS_BOOKMAKER_ID: "1",
      ITS_TOKEN_RETRIES: "0",
      ITS_HTTP_RETRIES: "0",
      ITS_WS_CONNECT_TIMEOUT: "3 seconds"
    }
  }

  return {
    its: (args, options = {}) =>
      children.run(
        args,
        { ...env(), ...options.env },
        {
          cwd: dir,
          ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
          ...(options.scan === undefined ? {} : { scan: options.scan })
        }
      ),
    baseUrl: () => baseUrl,
    dir
  }
}
