package dev.ariadne.tenant;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A tenant's plan; limits per tier come from {@link TenancyProperties}. */
public enum Tier {
    FREE,
    PRO,
    ENTERPRISE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Tier> parse(String s) {
        return s == null
                ? Optional.empty()
                : Arrays.stream(values()).filter(t -> t.wire().equals(s)).findFirst();
    }
}
