package dev.ariadne.provisioning;

import dev.ariadne.provisioning.data.PjsipRowWriter;
import dev.ariadne.provisioning.data.ProvisioningOutbox;
import dev.ariadne.trunk.Trunk;
import dev.ariadne.trunk.TrunkProvisioning;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Writes trunks as PJSIP realtime rows in the caller's transaction and queues the change for Asterisk. */
@Component
class PjsipProvisioning implements TrunkProvisioning {
    private final PjsipMapper mapper;
    private final PjsipRowWriter writer;
    private final ProvisioningOutbox outbox;
    private final ProvisioningReconciler reconciler;

    PjsipProvisioning(
            ProvisioningProperties props,
            PjsipRowWriter writer,
            ProvisioningOutbox outbox,
            ProvisioningReconciler reconciler) {
        this.mapper = new PjsipMapper(props);
        this.writer = writer;
        this.outbox = outbox;
        this.reconciler = reconciler;
    }

    @Override
    public Mono<Void> write(Trunk trunk, String password) {
        var rows = mapper.rows(trunk, password);
        return writer.deleteEndpoint(trunk.endpointId(), rows.isEmpty())
                .then(insert(rows))
                .then(outbox.enqueue(trunk.id(), trunk.endpointId(), rows.isEmpty() ? "remove" : "apply"));
    }

    @Override
    public Mono<Void> writeNew(Trunk trunk, String password) {
        // Six statements fewer than write(): five deletes and the supersede update would touch no row.
        var rows = mapper.rows(trunk, password);
        return insert(rows).then(outbox.add(trunk.id(), trunk.endpointId(), rows.isEmpty() ? "remove" : "apply"));
    }

    private Mono<Void> insert(List<PjsipRow> rows) {
        return Flux.fromIterable(rows).concatMap(r -> writer.insert(r.table(), r.columns())).then();
    }

    @Override
    public Mono<Void> remove(Trunk trunk) {
        return writer.deleteEndpoint(trunk.endpointId(), true).then(outbox.enqueue(trunk.id(), trunk.endpointId(), "remove"));
    }

    @Override
    public void committed() {
        reconciler.kick();
    }
}
