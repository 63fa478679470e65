package dev.ariadne.common;

import java.util.ArrayList;
import java.util.List;

/** Collects every invalid field of a request, so that one response names them all. */
public final class Violations {
    private final List<FieldViolation> list = new ArrayList<>();

    public Violations add(String field, String reason) {
        list.add(new FieldViolation(field, reason));
        return this;
    }

    public Violations check(boolean ok, String field, String reason) {
        if (!ok) {
            add(field, reason);
        }
        return this;
    }

    public boolean has(String field) {
        return list.stream().anyMatch(v -> v.field().equals(field));
    }

    public void throwIfAny() {
        if (!list.isEmpty()) {
            throw new InvalidRequestException(list);
        }
    }
}
