/**
 * The account / balance / casino inform examples (`@its/tickets` `informExample`) as encoded content JSON, so that
 * `its ticket example` covers every message kind (`its account-inform example` prints them as full envelopes).
 */
import {
  encodeRequest,
  informExample,
  informExampleKinds,
  informOperation,
  makeRequest,
  OperatorId
} from "@its/tickets"
import { Effect } from "effect"

export { informExampleKinds }

export const isInformExampleKind = (shape: string): shape is (typeof informExampleKinds)[number] =>
  (informExampleKinds as ReadonlyArray<string>).includes(shape)

/** The encoded content of the `kind` example (decimals as strings). */
export const informExampleJson = (kind: (typeof informExampleKinds)[number]) =>
  makeRequest(informOperation[kind], informExample(kind) as never).pipe(
    Effect.flatMap(encodeRequest),
    Effect.map((request) => request.content),
    Effect.provideService(OperatorId, 1)
  )
