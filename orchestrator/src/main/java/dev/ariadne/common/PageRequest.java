package dev.ariadne.common;

/** Zero-based page and page size, validated: size 1..200 (default 50). */
public record PageRequest(int page, int size) {
    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;

    public static PageRequest of(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        new Violations()
                .check(p >= 0, "page", "must be 0 or more")
                .check(s >= 1 && s <= MAX_SIZE, "size", "must be between 1 and " + MAX_SIZE)
                .throwIfAny();
        return new PageRequest(p, s);
    }

    public long offset() {
        return (long) page * size;
    }
}
