/**
 * Typed failures of the model clients. Transport failures (`ItsHttpError` of @its/transport: 401/403/429/5xx,
 * timeouts, token errors) pass through unchanged; these are the failures the models themselves report.
 * Absence is not an error: `KEY_NOT_FOUND`, a missing account or an RG 404 are `Option.none()` / empty results.
 */
import type { ItsHttpError } from "@its/transport"
import { Schema } from "effect"

const common = {
  /** Which model API (`lbs`, `account`, …). */
  api: Schema.String
}

/** ITS refused the request: `VALIDATION_FAILED`, an Account API `errorMessage`, or a schema mismatch. */
export class ModelRequestRejected extends Schema.TaggedError<ModelRequestRejected>()("ModelRequestRejected", {
  ...common,
  /** ITS's `requestId`, when the response carried one. */
  requestId: Schema.optionalWith(Schema.String, { exact: true }),
  reason: Schema.String
}) {
  override get message() {
    return `ITS ${this.api} rejected the request${this.requestId === undefined ? "" : ` (requestId ${this.requestId})`}: ${this.reason}`
  }
}

/** ITS answered `responseStatus: ERROR`. */
export class ModelServiceFailed extends Schema.TaggedError<ModelServiceFailed>()("ModelServiceFailed", {
  ...common,
  requestId: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `ITS ${this.api} failed (requestId ${this.requestId}): ${this.reason}`
  }
}

/**
 * The response is not one the definitions allow: it did not decode, came with an undeclared status, or a value is
 * outside a configured range (the sCCF range, its-api.md §4.5).
 */
export class ModelResponseInvalid extends Schema.TaggedError<ModelResponseInvalid>()("ModelResponseInvalid", {
  ...common,
  problems: Schema.Array(Schema.String)
}) {
  override get message() {
    return `ITS ${this.api} sent a response we cannot use: ${this.problems.join("; ")}`
  }
}

/** The request could not be built from the given values (e.g. an account id a URL path cannot carry). */
export class ModelRequestInvalid extends Schema.TaggedError<ModelRequestInvalid>()("ModelRequestInvalid", {
  ...common,
  problems: Schema.Array(Schema.String)
}) {
  override get message() {
    return `cannot build the ITS ${this.api} request: ${this.problems.join("; ")}`
  }
}

/** Everything a model client call can fail with. */
export type ModelsError =
  | ModelRequestRejected
  | ModelServiceFailed
  | ModelResponseInvalid
  | ModelRequestInvalid
  | ItsHttpError
