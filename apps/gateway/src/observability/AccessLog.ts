/**
 * The access log: one JSON line per request (`requestId`, `method`, `route`, `status`, `durationMs`), through the
 * process's own loggers and log level, written by a plain call: the router's middleware and the fast lookups log
 * without starting a fiber per line. `GATEWAY_ACCESS_LOG=false` turns it off (metrics and request ids stay).
 */
import {
  Cause,
  Config,
  type ConfigError,
  Context,
  Effect,
  FiberId,
  FiberRef,
  FiberRefs,
  HashMap,
  HashSet,
  Layer,
  List,
  LogLevel
} from "effect"

export interface AccessEntry {
  readonly requestId: string
  readonly method: string
  readonly route: string
  readonly status: number
  readonly durationMs: number
}

export class AccessLog extends Context.Tag("@its/gateway/AccessLog")<
  AccessLog,
  { readonly write: (entry: AccessEntry) => void }
>() {
  /** From `GATEWAY_ACCESS_LOG` (default true), with the loggers of the runtime the layer is built in. */
  static readonly layer: Layer.Layer<AccessLog, ConfigError.ConfigError> = Layer.effect(
    AccessLog,
    Effect.gen(function* () {
      const enabled = yield* Config.boolean("GATEWAY_ACCESS_LOG").pipe(Config.withDefault(true))
      const refs = (yield* Effect.runtime<never>()).fiberRefs
      const loggers = [...HashSet.values(FiberRefs.getOrDefault(refs, FiberRef.currentLoggers))]
      const level = FiberRefs.getOrDefault(refs, FiberRef.currentMinimumLogLevel)
      const clock = yield* Effect.clock
      if (!enabled || LogLevel.lessThan(LogLevel.Info, level)) return { write: () => {} }
      return {
        write: (entry) => {
          const options = {
            fiberId: FiberId.none,
            logLevel: LogLevel.Info,
            // As `Effect.logInfo("request")` passes it (loggers receive the message arguments as an array).
            message: ["request"],
            cause: Cause.empty,
            context: refs,
            spans: List.empty(),
            annotations: HashMap.fromIterable(Object.entries(entry)),
            date: new Date(clock.unsafeCurrentTimeMillis())
          }
          for (const logger of loggers) logger.log(options)
        }
      }
    })
  )

  /** Lines kept in memory (tests). */
  static layerTest(lines: Array<AccessEntry>): Layer.Layer<AccessLog> {
    return Layer.succeed(AccessLog, { write: (entry) => void lines.push(entry) })
  }
}
