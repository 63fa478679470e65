package dev.ariadne.telemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Starts one trace per call: a root span for the call, children for ARI commands and the agent session. */
@Component
public class CallTracing {
    private final Tracer tracer;

    CallTracing(ObjectProvider<OpenTelemetry> otel) {
        OpenTelemetry o = otel.getIfAvailable(GlobalOpenTelemetry::get);
        this.tracer = o.getTracer("dev.ariadne.call");
    }

    public CallSpan startCall(String callId, String direction) {
        var span = tracer.spanBuilder("call " + direction)
                .setNoParent()
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("ariadne.call.id", callId)
                .setAttribute("ariadne.call.direction", direction)
                .startSpan();
        return new CallSpan(tracer, span, Context.root().with(span), callId);
    }
}
