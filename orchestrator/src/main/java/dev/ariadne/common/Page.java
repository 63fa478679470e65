package dev.ariadne.common;

import java.util.List;

/** One page of a tenant's list; {@code total} counts every item of the tenant. */
public record Page<T>(List<T> items, int page, int size, long total) {
    public Page {
        items = List.copyOf(items);
    }
}
