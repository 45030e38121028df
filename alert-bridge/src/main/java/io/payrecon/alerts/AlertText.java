package io.payrecon.alerts;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What every target shows of an exception, and the text rules they share (limits counted in
 * Unicode characters, ids hashed when a tool's limit is shorter than ours).
 *
 * @param source who raised it, for the tools that ask (PagerDuty {@code payload.source}, Opsgenie
 *     {@code source})
 * @param environment the job's environment (prod, staging), or null when not set
 * @param runbookUrl the on-call guide; each type's section is {@code #<type in lower case>}
 */
public record AlertText(String source, String environment, String runbookUrl) {

    /** The on-call guide's section of this type: docs/on-call.md has a heading per type. */
    public String runbookLink(String type) {
        return runbookUrl + "#" + type.toLowerCase(Locale.ROOT);
    }

    /** True when the link can be followed from a browser (the tools' link fields want a URL). */
    public boolean runbookIsUrl() {
        try {
            URI uri = URI.create(runbookUrl);
            return uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** One line for humans: {@code UNMATCHED_DEBIT for order o-1: <detail>}. */
    public static String summary(ExceptionEvent e) {
        String subject = e.orderId() == null ? e.type() : e.type() + " for order " + e.orderId();
        return e.detail() == null ? subject : subject + ": " + e.detail();
    }

    /** The first {@code max} characters (code points, never half a surrogate pair), with an ellipsis when cut. */
    public static String cut(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        int end = text.offsetByCodePoints(0, max - 1);
        return text.substring(0, end) + "\u2026";
    }

    /**
     * The id itself when it fits in {@code max} characters, else {@code sha256:<64 hex digits>} of
     * its UTF-8 bytes: still one key per exception_id, stable across restarts.
     */
    public static String key(String exceptionId, int max) {
        if (exceptionId.codePointCount(0, exceptionId.length()) <= max) {
            return exceptionId;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(exceptionId.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
