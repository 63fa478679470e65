package dev.ariadne.ari;

import static dev.ariadne.ari.AriCalls.call;

import ch.loway.oss.ari4java.ARI;
import ch.loway.oss.ari4java.generated.models.Channel;
import ch.loway.oss.ari4java.tools.http.NettyHttpClient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link AriClient} over ari4java's asynchronous API. */
final class Ari4jClient implements AriClient, AutoCloseable {

    private final AriProperties properties;
    private final NettyHttpClient http;
    private final ARI ari;
    private final AriEventStream events;
    private final CircuitBreaker breaker;

    Ari4jClient(AriProperties properties, CircuitBreaker breaker) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        this.http = new Ari4j.CommandClient(properties.commandConnections(), properties.commandTimeout());
        this.ari = Ari4j.ari(http, properties);
        this.events = new AriEventStream(properties);
    }

    Ari4jClient(AriProperties properties) {
        this(properties, defaultBreaker());
    }

    /**
     * Opens on transport failures and 5xx only: a 404 for a channel that hung up is the normal life
     * of calls, not a sign that Asterisk is sick.
     */
    static CircuitBreaker defaultBreaker() {
        return CircuitBreaker.of("ari", CircuitBreakerConfig.custom()
                .recordException(e -> e instanceof AriException ae && (ae.status() == 0 || ae.status() >= 500))
                // Resilience4j's default is 60 s: an Asterisk restart of a few seconds then kept every command
                // (the reconcile of lost calls among them) refused for a minute after Asterisk was back.
                .waitDurationInOpenState(Duration.ofSeconds(5))
                .build());
    }

    /**
     * The events WebSocket connecting again is proof that Asterisk answers: the breaker closes then, rather than
     * refusing the commands the reconnect is about to need (the reconcile) until its wait is over.
     */
    @Override
    public boolean eventsConnected() {
        return events.connected();
    }

    @Override
    public Flux<AriEvent> events() {
        return events.events().doOnNext(e -> {
            if (e instanceof AriEvent.Connected && breaker.getState() != CircuitBreaker.State.CLOSED) {
                breaker.transitionToClosedState();
            }
        });
    }

    @Override
    public Mono<Void> answer(String channelId) {
        Objects.requireNonNull(channelId, "channelId");
        return command("answer " + channelId, cb -> ari.channels().answer(channelId).execute(cb));
    }

    @Override
    public Mono<Void> hangup(String channelId, String reason) {
        Objects.requireNonNull(channelId, "channelId");
        return command("hangup " + channelId, cb -> {
            var request = ari.channels().hangup(channelId);
            if (reason != null) {
                request.setReason(reason);
            }
            request.execute(cb);
        });
    }

    @Override
    public Mono<String> createBridge(String type) {
        return createBridge(type, null);
    }

    @Override
    public Mono<String> createBridge(String type, String bridgeId) {
        Objects.requireNonNull(type, "type");
        return guarded(AriCalls.<ch.loway.oss.ari4java.generated.models.Bridge>call("create bridge", cb -> {
                    var request = ari.bridges().create().setType(type);
                    if (bridgeId != null) {
                        request.setBridgeId(bridgeId);
                    }
                    request.execute(cb);
                }))
                .map(bridge -> bridge.getId());
    }

    @Override
    public Mono<Void> addToBridge(String bridgeId, String... channelIds) {
        Objects.requireNonNull(bridgeId, "bridgeId");
        String channels = String.join(",", List.of(channelIds));
        return command("add " + channels + " to bridge " + bridgeId,
                cb -> ari.bridges().addChannel(bridgeId, channels).execute(cb));
    }

    @Override
    public Mono<Void> destroyBridge(String bridgeId) {
        Objects.requireNonNull(bridgeId, "bridgeId");
        return command("destroy bridge " + bridgeId, cb -> ari.bridges().destroy(bridgeId).execute(cb));
    }

    @Override
    public Mono<ExternalMediaChannel> externalMedia(String externalHost, String format, String channelIdHint) {
        Objects.requireNonNull(externalHost, "externalHost");
        Objects.requireNonNull(format, "format");
        Mono<Channel> created = call("external media to " + externalHost, cb -> {
            var request = ari.channels().externalMedia(properties.app(), externalHost, format)
                    .setEncapsulation("rtp")
                    .setTransport("udp")
                    .setDirection("both");
            if (channelIdHint != null) {
                request.setChannelId(channelIdHint);
            }
            request.execute(cb);
        });
        return guarded(created).flatMap(this::withRtpAddress);
    }

    /** Asterisk 22 returns the RTP address in the channel's variables; older ones need a lookup. */
    private Mono<ExternalMediaChannel> withRtpAddress(Channel channel) {
        Map<String, String> vars = AriModels.channelVars(channel);
        String address = vars.get("UNICASTRTP_LOCAL_ADDRESS");
        String port = vars.get("UNICASTRTP_LOCAL_PORT");
        if (address != null && port != null) {
            return Mono.just(new ExternalMediaChannel(channel.getId(), address, Integer.parseInt(port)));
        }
        return Mono.zip(getChannelVar(channel.getId(), "UNICASTRTP_LOCAL_ADDRESS"),
                        getChannelVar(channel.getId(), "UNICASTRTP_LOCAL_PORT"))
                .map(t -> new ExternalMediaChannel(channel.getId(), t.getT1(), Integer.parseInt(t.getT2())));
    }

    @Override
    public Mono<String> getChannelVar(String channelId, String name) {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(name, "name");
        return guarded(AriCalls.<ch.loway.oss.ari4java.generated.models.Variable>call("get " + name + " of " + channelId,
                        cb -> ari.channels().getChannelVar(channelId, name).execute(cb)))
                .mapNotNull(variable -> variable.getValue());
    }

    @Override
    public Mono<Void> sendDtmf(String channelId, String digits) {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(digits, "digits");
        return command("send DTMF to " + channelId, cb -> ari.channels().sendDTMF(channelId).setDtmf(digits).execute(cb));
    }

    @Override
    public Mono<String> play(String channelId, String mediaUri) {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(mediaUri, "mediaUri");
        return guarded(AriCalls.<ch.loway.oss.ari4java.generated.models.Playback>call("play " + mediaUri + " on " + channelId,
                        cb -> ari.channels().play(channelId, mediaUri).execute(cb)))
                .map(playback -> playback.getId());
    }

    @Override
    public Mono<Void> redirect(String channelId, String endpoint) {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(endpoint, "endpoint");
        return command("redirect " + channelId, cb -> ari.channels().redirect(channelId, endpoint).execute(cb));
    }

    @Override
    public Mono<Void> continueInDialplan(String channelId, String context, String extension, Integer priority) {
        Objects.requireNonNull(channelId, "channelId");
        return command("continue " + channelId + " in dialplan", cb -> {
            var request = ari.channels().continueInDialplan(channelId);
            if (context != null) {
                request.setContext(context);
            }
            if (extension != null) {
                request.setExtension(extension);
            }
            if (priority != null) {
                request.setPriority(priority);
            }
            request.execute(cb);
        });
    }

    @Override
    public Mono<ChannelInfo> originate(String endpoint, String callerId, String appArgs, int timeoutSec,
            Map<String, String> variables, String channelId) {
        Objects.requireNonNull(endpoint, "endpoint");
        return guarded(AriCalls.<Channel>call("originate " + endpoint, cb -> {
                    var request = ari.channels().originate(endpoint)
                            .setApp(properties.app())
                            .setTimeout(timeoutSec);
                    if (appArgs != null) {
                        request.setAppArgs(appArgs);
                    }
                    if (callerId != null) {
                        request.setCallerId(callerId);
                    }
                    if (variables != null && !variables.isEmpty()) {
                        request.setVariables(Map.copyOf(variables));
                    }
                    if (channelId != null) {
                        request.setChannelId(channelId);
                    }
                    request.execute(cb);
                }))
                .map(AriModels::channel);
    }

    @Override
    public Flux<ChannelInfo> channels() {
        return guarded(AriCalls.<List<Channel>>call("list channels", cb -> ari.channels().list().execute(cb)))
                .flatMapIterable(list -> list)
                .map(AriModels::channel);
    }

    @Override
    public Mono<EndpointInfo> endpoint(String technology, String resource) {
        Objects.requireNonNull(technology, "technology");
        Objects.requireNonNull(resource, "resource");
        return guarded(AriCalls.<ch.loway.oss.ari4java.generated.models.Endpoint>call("get endpoint " + technology + "/" + resource,
                        cb -> ari.endpoints().get().setTech(technology).setResource(resource).execute(cb)))
                .map(AriModels::endpoint);
    }

    @Override
    public Mono<AsteriskInfo> info() {
        return guarded(AriCalls.<ch.loway.oss.ari4java.generated.models.AsteriskInfo>call("get Asterisk info", cb -> ari.asterisk().getInfo().execute(cb)))
                .map(info -> info.getSystem() == null
                        ? new AsteriskInfo(null, null)
                        : new AsteriskInfo(info.getSystem().getVersion(), info.getSystem().getEntity_id()));
    }

    @Override
    public Mono<Void> reloadModule(String module) {
        Objects.requireNonNull(module, "module");
        return command("reload " + module, cb -> ari.asterisk().reloadModule(module).execute(cb));
    }

    @Override
    public Mono<Void> pushDynamicConfig(String configClass, String objectType, String id, Map<String, String> fields) {
        Objects.requireNonNull(fields, "fields");
        String what = "push " + configClass + "/" + objectType + "/" + id;
        return guarded(AriCalls.<List<ch.loway.oss.ari4java.generated.models.ConfigTuple>>call(what, cb -> ari.asterisk()
                        .updateObject(configClass, objectType, id)
                        .setFields(Map.copyOf(fields))
                        .execute(cb)))
                .then();
    }

    @Override
    public Mono<Void> deleteDynamicConfig(String configClass, String objectType, String id) {
        return command("delete " + configClass + "/" + objectType + "/" + id,
                cb -> ari.asterisk().deleteObject(configClass, objectType, id).execute(cb));
    }

    @Override
    public Mono<Boolean> hasDynamicConfig(String configClass, String objectType, String id) {
        String what = "get " + configClass + "/" + objectType + "/" + id;
        return guarded(AriCalls.<List<ch.loway.oss.ari4java.generated.models.ConfigTuple>>call(what, cb -> ari.asterisk()
                        .getObject(configClass, objectType, id)
                        .execute(cb)))
                .map(fields -> true)
                .defaultIfEmpty(true)
                .onErrorResume(e -> e instanceof AriException ae && ae.status() == 404, e -> Mono.just(false));
    }

    private Mono<Void> command(String what, AriCalls.Request<Void> request) {
        return guarded(call(what, request));
    }

    private <T> Mono<T> guarded(Mono<T> command) {
        return command.transformDeferred(CircuitBreakerOperator.of(breaker));
    }

    @Override
    public void close() {
        events.close();
        http.destroy();
    }
}
