package dev.ariadne.db;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Small helpers the hand-written row mappers share. */
public final class Rows {
    private Rows() {}

    /** A {@code timestamptz} column as an instant; null stays null. */
    public static Instant instant(Readable row, String column) {
        OffsetDateTime t = row.get(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
