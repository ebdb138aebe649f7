/**
 * OpenTelemetry traces over OTLP/HTTP (JSON) when `OTEL_EXPORTER_OTLP_ENDPOINT` is set. Otherwise the tracer is
 * off: Effect would still build a span object for every `Effect.fn`, `withSpan`, server request and client call,
 * for nobody to read (allocation the profiles of `tools/bench/README.md` show on every hot path).
 */
import { OtlpSerialization, OtlpTracer } from "@effect/opentelemetry"
import { FetchHttpClient } from "@effect/platform"
import { Config, Effect, Layer, Option } from "effect"

export const TracingLive = Layer.unwrapEffect(
  Effect.map(Config.option(Config.nonEmptyString("OTEL_EXPORTER_OTLP_ENDPOINT")), (endpoint) =>
    Option.match(endpoint, {
      onNone: () => Layer.setTracerEnabled(false),
      onSome: (url) =>
        OtlpTracer.layer({
          url: `${url.replace(/\/$/, "")}/v1/traces`,
          resource: { serviceName: "its-gateway" }
        }).pipe(Layer.provide([FetchHttpClient.layer, OtlpSerialization.layerJson]))
    })
  )
)
