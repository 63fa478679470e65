package dev.ariadne.provisioning;

import dev.ariadne.cluster.PjsipBroadcast;
import dev.ariadne.edge.EdgeProperties;
import dev.ariadne.number.NumberDirectory;
import dev.ariadne.provisioning.data.PjsipRowWriter;
import dev.ariadne.provisioning.data.ProvisioningOutbox;
import dev.ariadne.trunk.Trunk;
import dev.ariadne.trunk.TrunkProvisioning;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes trunks, with the identification of their numbers, as PJSIP realtime rows in the caller's transaction
 * and queues the change for this node's Asterisk; the other nodes hear of it when the transaction commits
 * ({@link PjsipBroadcast}).
 */
@Component
class PjsipProvisioning implements TrunkProvisioning {
    /**
     * The row layout written now. 1: endpoint, aor, auth, address identifies, registration. 2: adds number
     * identifies and the registration's line endpoint. 3: endpoints send P-Asserted-Identity (outbound calls). 4:
     * numbers identify the inbound endpoint {@code -in}, whose ACL admits only the trunk's allowedIps. 5: encrypted
     * media is required (media_encryption_optimistic=no), DTLS verifies the SDP fingerprint, and tcp/tls URIs store
     * their ";transport=" as "^3Btransport=" (Asterisk read them as "transport=tls" before). 6: no connected-line
     * updates (send_connected_line=no), which re-INVITEd carriers mid-call.
     */
    static final int LAYOUT = 6;
    private final PjsipMapper mapper;
    private final PjsipRowWriter writer;
    private final ProvisioningOutbox outbox;
    private final ProvisioningReconciler reconciler;
    private final NumberDirectory numbers;
    private final TlsTransportCheck tls;
    private final String settings;
    private final PjsipBroadcast broadcast;

    PjsipProvisioning(
            ProvisioningProperties props,
            PjsipRowWriter writer,
            ProvisioningOutbox outbox,
            ProvisioningReconciler reconciler,
            NumberDirectory numbers,
            TlsTransportCheck tls,
            EdgeProperties edge,
            PjsipBroadcast broadcast) {
        this.tls = tls;
        this.broadcast = broadcast;
        this.mapper = new PjsipMapper(props, edge);
        this.settings = edge.addresses().isEmpty() ? "" : "edge=" + String.join(",", edge.addresses().stream().sorted().toList());
        this.writer = writer;
        this.outbox = outbox;
        this.reconciler = reconciler;
        this.numbers = numbers;
    }

    @Override
    public int layout() {
        return LAYOUT;
    }

    @Override
    public String layoutSettings() {
        return settings;
    }

    @Override
    public Mono<Void> requireTransport(String transport) {
        // UDP and TCP transports are in Ariadne's pjsip.conf unconditionally; TLS only with a certificate.
        return transport.equals("tls") ? tls.requireTls() : Mono.empty();
    }

    @Override
    public Mono<Void> write(Trunk trunk, String password) {
        return numbers.e164sOnTrunk(trunk.id()).collectList().flatMap(e164s -> {
            var rows = mapper.rows(trunk, password, e164s);
            return writer.deleteEndpoint(trunk.endpointId(), rows.isEmpty())
                    .then(insert(rows))
                    .then(outbox.enqueue(trunk.id(), trunk.endpointId(), rows.isEmpty() ? "remove" : "apply"))
                    .then(broadcast.announce());
        });
    }

    @Override
    public Mono<Void> writeNew(Trunk trunk, String password) {
        // Six statements fewer than write(): five deletes and the supersede update would touch no row; a new
        // trunk has no numbers yet.
        var rows = mapper.rows(trunk, password, List.of());
        return insert(rows).then(outbox.add(trunk.id(), trunk.endpointId(), rows.isEmpty() ? "remove" : "apply"))
                .then(broadcast.announce());
    }

    @Override
    public Mono<Void> writeNumbers(Trunk trunk) {
        if (!trunk.enabled()) {
            return Mono.empty(); // a disabled trunk has no rows, and its numbers none either
        }
        return numbers.e164sOnTrunk(trunk.id()).collectList()
                .flatMap(e164s -> writer.deleteNumberIdentifies(trunk.endpointId())
                        .then(insert(NumberIdentifies.rows(trunk.endpointId(), e164s))))
                .then(outbox.enqueue(trunk.id(), trunk.endpointId(), "apply"))
                .then(broadcast.announce());
    }

    /** Runs of rows of one table with the same columns go in one statement each, in order. */
    private Mono<Void> insert(List<PjsipRow> rows) {
        List<List<PjsipRow>> runs = new ArrayList<>();
        for (PjsipRow r : rows) {
            List<PjsipRow> last = runs.isEmpty() ? null : runs.getLast();
            if (last != null && last.size() < PjsipRowWriter.MAX_ROWS_PER_INSERT && last.getFirst().table().equals(r.table())
                    && last.getFirst().columns().keySet().equals(r.columns().keySet())) {
                last.add(r);
            } else {
                runs.add(new ArrayList<>(List.of(r)));
            }
        }
        return Flux.fromIterable(runs)
                .concatMap(run -> writer.insertAll(run.getFirst().table(), run.stream().map(PjsipRow::columns).toList()))
                .then();
    }

    @Override
    public Mono<Void> remove(Trunk trunk) {
        return writer.deleteEndpoint(trunk.endpointId(), true).then(outbox.enqueue(trunk.id(), trunk.endpointId(), "remove"))
                .then(broadcast.announce());
    }

    @Override
    public void committed() {
        reconciler.kick();
    }
}
