/**
 * Request envelopes: operator id from the environment, a fresh correlation id, the current time from `Clock`
 * (so tests drive it with `TestClock`), `version: "3.0"`.
 */
import { randomUUID } from "node:crypto"
import { ItsEnvironment } from "@its/transport"
import { Clock, Context, Effect, Layer, Option } from "effect"
import type { Operation, RequestFor } from "./Messages.ts"
import { MissingOperatorId } from "./TicketsErrors.ts"

/** The operator id Sportradar assigned; mandatory in every request. */
export class OperatorId extends Context.Tag("@its/tickets/OperatorId")<OperatorId, number>() {
  /** From the environment's `ITS_OPERATOR_ID` (`ItsEnvironment`); `MissingOperatorId` when it is not set. */
  static readonly layer: Layer.Layer<OperatorId, MissingOperatorId, ItsEnvironment> = Layer.effect(
    OperatorId,
    Effect.flatMap(ItsEnvironment, (env) =>
      Option.match(env.operatorId, { onNone: () => new MissingOperatorId(), onSome: Effect.succeed })
    )
  )

  static layerWith(operatorId: number): Layer.Layer<OperatorId> {
    return Layer.succeed(OperatorId, operatorId)
  }
}

/** 32 lowercase hex characters, the format of the official Java SDK (a UUID without dashes). */
export const makeCorrelationId: Effect.Effect<string> = Effect.sync(() => randomUUID().replaceAll("-", ""))

/** Wraps request content in its envelope. A plain function (no span): it runs once per message. */
export const makeRequest = <Op extends Operation>(
  operation: Op,
  content: RequestFor<Op>["content"]
): Effect.Effect<RequestFor<Op>, never, OperatorId> =>
  Effect.map(
    Effect.all([OperatorId, makeCorrelationId, Clock.currentTimeMillis]),
    // TypeScript cannot relate `content` to `operation` for a generic `Op`; the parameter types already do.
    ([operatorId, correlationId, timestampUtc]) =>
      ({ operatorId, correlationId, timestampUtc, operation, version: "3.0", content }) as RequestFor<Op>
  )
