package dev.ariadne.common;

/** Unknown id, or one that belongs to another tenant: the two are deliberately indistinguishable. */
public final class NotFoundException extends RuntimeException {
    public NotFoundException(String kind, Object id) {
        super(kind + " " + id + " not found");
    }
}
