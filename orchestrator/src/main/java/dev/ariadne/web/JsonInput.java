package dev.ariadne.web;

import dev.ariadne.common.InvalidRequestException;
import dev.ariadne.common.Violations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Reads a JSON request body field by field, so that a wrong type is reported per field ("port: must be an
 * integer") and an unknown field is named instead of silently ignored. A field that is absent keeps the
 * fallback value (the stored one for PATCH); an explicit null clears it.
 */
public final class JsonInput {
    public static final String NUL_REASON = "must not contain the NUL character (U+0000)";
    private final JsonNode body;
    private final Violations violations = new Violations();

    private JsonInput(JsonNode body) {
        this.body = body;
    }

    /** Starts reading; a body that is not a JSON object is rejected, as is any field not in {@code known}. */
    public static JsonInput of(JsonNode body, Set<String> known) {
        if (body == null || !body.isObject()) {
            throw InvalidRequestException.of("body", "must be a JSON object");
        }
        JsonInput in = new JsonInput(body);
        for (String name : body.propertyNames()) {
            if (!known.contains(name)) {
                in.violations.add(name, "is not a known field");
            }
        }
        return in;
    }

    public Violations violations() {
        return violations;
    }

    public boolean has(String field) {
        return body.has(field);
    }

    public String string(String field, String fallback) {
        if (!body.has(field)) {
            return fallback;
        }
        JsonNode n = body.get(field);
        if (n.isNull()) {
            return null;
        }
        if (!n.isString()) {
            violations.add(field, "must be a string");
            return fallback;
        }
        return text(field, n.asString());
    }

    /**
     * PostgreSQL's text and jsonb cannot hold U+0000 (the insert fails); refused here, per field, instead. The value
     * goes on without it, so the field's other checks still run and report their own reasons.
     */
    private String text(String field, String value) {
        if (value.indexOf('\u0000') < 0) {
            return value;
        }
        violations.add(field, NUL_REASON);
        return value.replace("\u0000", "");
    }

    public Integer integer(String field, Integer fallback) {
        if (!body.has(field)) {
            return fallback;
        }
        JsonNode n = body.get(field);
        if (n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            violations.add(field, "must be an integer");
            return fallback;
        }
        return n.asInt();
    }

    public java.math.BigDecimal decimal(String field, java.math.BigDecimal fallback) {
        if (!body.has(field)) {
            return fallback;
        }
        JsonNode n = body.get(field);
        if (n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            violations.add(field, "must be a number");
            return fallback;
        }
        return n.decimalValue();
    }

    public Boolean bool(String field, Boolean fallback) {
        if (!body.has(field)) {
            return fallback;
        }
        JsonNode n = body.get(field);
        if (n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            violations.add(field, "must be true or false");
            return fallback;
        }
        return n.asBoolean();
    }

    public UUID uuid(String field, UUID fallback) {
        String s = string(field, fallback == null ? null : fallback.toString());
        if (s == null) {
            return null;
        }
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            violations.add(field, "must be a UUID");
            return fallback;
        }
    }

    public List<String> strings(String field, List<String> fallback) {
        if (!body.has(field)) {
            return fallback;
        }
        JsonNode n = body.get(field);
        if (n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            violations.add(field, "must be an array of strings");
            return fallback;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            if (!e.isString()) {
                violations.add(field + "[" + i + "]", "must be a string");
            } else {
                out.add(text(field + "[" + i + "]", e.asString()));
            }
        }
        return out;
    }

    /** A JSON object as a map of plain values (strings, numbers, booleans, nested maps and lists). */
    public Map<String, Object> object(String field, Map<String, Object> fallback) {
        if (!body.has(field)) {
            return fallback;
        }
        JsonNode n = body.get(field);
        if (n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            violations.add(field, "must be a JSON object");
            return fallback;
        }
        return plainObject(field, n);
    }

    private Map<String, Object> plainObject(String path, JsonNode n) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            m.put(text(path, e.getKey()), plain(path + "." + e.getKey().replace("\u0000", ""), e.getValue()));
        }
        return m;
    }

    private Object plain(String path, JsonNode n) {
        if (n.isObject()) {
            return plainObject(path, n);
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                l.add(plain(path + "[" + i + "]", n.get(i)));
            }
            return l;
        }
        if (n.isNull()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        return text(path, n.asString());
    }
}
