package dev.agentcron.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.service.ServiceException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a request body and its fields with errors that name the field, what was expected and what came.
 * Every face parses through it, so "malformed" means the same everywhere.
 */
public final class RequestBody {

    private RequestBody() {}

    /** The body as a JSON object; an empty body is {@code {}} only when {@code emptyIsObject}. */
    public static ObjectNode object(ObjectMapper json, byte[] body, boolean emptyIsObject) {
        if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            if (emptyIsObject) {
                return json.createObjectNode();
            }
            throw new ServiceException.InvalidInput((String) null, "request body is required (a JSON object)");
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ServiceException.InvalidInput((String) null, "request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ServiceException.InvalidInput((String) null, "request body cannot be read");
        }
        if (node == null || node.isNull()) {
            if (emptyIsObject) {
                return json.createObjectNode();
            }
            throw new ServiceException.InvalidInput((String) null, "request body must be a JSON object, got null");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ServiceException.InvalidInput((String) null, "request body must be a JSON object, got " + kind(node));
        }
        return object;
    }

    /** SHA-256 of the body, to tell a retry from a different request under one idempotency key. */
    public static String hash(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static JsonNode required(ObjectNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            throw new ServiceException.InvalidInput(path, "is required");
        }
        return value;
    }

    public static String text(JsonNode value, String path, int maxLength) {
        if (!value.isTextual()) {
            throw new ServiceException.InvalidInput(path, "must be a string, got " + kind(value));
        }
        String text = value.asText();
        if (text.length() > maxLength) {
            throw new ServiceException.InvalidInput(path, "must be at most " + maxLength + " characters, got " + text.length());
        }
        return text;
    }

    /** An optional string field: null when absent or null. */
    public static String optionalText(ObjectNode parent, String field, String path, int maxLength) {
        JsonNode value = parent.get(field);
        return value == null || value.isNull() ? null : text(value, path, maxLength);
    }

    public static boolean optionalBoolean(ObjectNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new ServiceException.InvalidInput(path, "must be true or false, got " + kind(value));
        }
        return value.booleanValue();
    }

    /** A whole number given as a JSON number; {@code 1.7e12} is accepted, {@code 1.5} is not. */
    public static long wholeNumber(JsonNode value, String path, long min, long max) {
        if (!value.isNumber()) {
            throw new ServiceException.InvalidInput(path, "must be a number, got " + kind(value));
        }
        BigDecimal number = value.decimalValue();
        // The range first: comparing reads the exponent, where converting 1e999999999 exactly takes seconds and megabytes.
        if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new ServiceException.InvalidInput(path, "must be " + min + ".." + max + ", got " + quote(number));
        }
        try {
            return number.longValueExact();
        } catch (ArithmeticException e) {
            throw new ServiceException.InvalidInput(path, "must be a whole number, got " + quote(number));
        }
    }

    /** A value for an error message: quoted, at most its first 64 characters. */
    public static String quote(String value) {
        return "\"" + (value.length() <= 64 ? value : value.substring(0, 64) + "…") + "\"";
    }

    /** A number as short text for an error message: scientific notation, at most 24 characters. */
    private static String quote(BigDecimal number) {
        String text = number.toString();
        return text.length() <= 24 ? text : text.substring(0, 24) + "…";
    }

    public static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
            case BINARY -> "binary data";
        };
    }
}
