package dev.agentcron.callback;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs callbacks the Standard Webhooks way (standardwebhooks.com): the headers {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature} ({@code v1,} + base64 of
 * HMAC-SHA256 over {@code id.timestamp.body}). A secret written {@code whsec_<base64>} is decoded as the
 * standard says; any other secret is used as its UTF-8 bytes. During a rotation two secrets are in force and
 * the header carries both signatures, space-separated as the standard allows, so a receiver that knows either
 * secret verifies the message.
 */
public final class WebhookSignature {

    private final List<byte[]> keys;

    public WebhookSignature(String secret) {
        this(secret, null);
    }

    /** @param previous the secret being rotated out, signed with too until it is unset; null when none */
    public WebhookSignature(String secret, String previous) {
        this.keys = previous == null ? List.of(key(secret)) : List.of(key(secret), key(previous));
    }

    private static byte[] key(String secret) {
        byte[] key = secret.startsWith("whsec_")
                ? Base64.getDecoder().decode(secret.substring("whsec_".length()))
                : secret.getBytes(StandardCharsets.UTF_8);
        if (key.length == 0) {
            throw new IllegalArgumentException("callback secret must not be empty");
        }
        return key;
    }

    /** The value of {@code webhook-signature} for one message: one {@code v1,<base64>} per secret in force. */
    public String sign(String messageId, Instant timestamp, String body) {
        byte[] signed = (messageId + "." + timestamp.getEpochSecond() + "." + body).getBytes(StandardCharsets.UTF_8);
        StringJoiner header = new StringJoiner(" ");
        for (byte[] key : keys) {
            header.add("v1," + Base64.getEncoder().encodeToString(hmac(key, signed)));
        }
        return header.toString();
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
