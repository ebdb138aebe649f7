/** OpenTelemetry traces over OTLP/HTTP (JSON) when `OTEL_EXPORTER_OTLP_ENDPOINT` is set; nothing otherwise. */
import { OtlpSerialization, OtlpTracer } from "@effect/opentelemetry"
import { FetchHttpClient } from "@effect/platform"
import { Config, Effect, Layer, Option } from "effect"

export const TracingLive = Layer.unwrapEffect(
  Effect.map(Config.option(Config.nonEmptyString("OTEL_EXPORTER_OTLP_ENDPOINT")), (endpoint) =>
    Option.match(endpoint, {
      onNone: () => Layer.empty,
      onSome: (url) =>
        OtlpTracer.layer({
          url: `${url.replace(/\/$/, "")}/v1/traces`,
          resource: { serviceName: "its-gateway" }
        }).pipe(Layer.provide([FetchHttpClient.layer, OtlpSerialization.layerJson]))
    })
  )
)
