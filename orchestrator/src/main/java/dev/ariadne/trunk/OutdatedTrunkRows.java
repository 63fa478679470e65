package dev.ariadne.trunk;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * At startup, rewrites the PJSIP rows of trunks stored with an older row layout (e.g. before inbound calls were
 * identified by their number), so that an upgrade applies to the trunks already there.
 */
@Component
class OutdatedTrunkRows implements ApplicationListener<ApplicationReadyEvent> {
    private static final Logger log = LoggerFactory.getLogger(OutdatedTrunkRows.class);
    private final TrunkService trunks;

    OutdatedTrunkRows(TrunkService trunks) {
        this.trunks = trunks;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        trunks.reprovisionOutdated()
                .subscribe(n -> {}, e -> log.error("rewriting trunks of an older PJSIP row layout failed: {}", e.toString()));
    }
}
