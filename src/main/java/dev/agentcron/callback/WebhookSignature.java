package dev.agentcron.callback;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs callbacks the Standard Webhooks way (standardwebhooks.com): the headers {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature} ({@code v1,} + base64 of
 * HMAC-SHA256 over {@code id.timestamp.body}). A secret written {@code whsec_<base64>} is decoded as the
 * standard says; any other secret is used as its UTF-8 bytes.
 */
public final class WebhookSignature {

    private final byte[] key;

    public WebhookSignature(String secret) {
        this.key = secret.startsWith("whsec_")
                ? Base64.getDecoder().decode(secret.substring("whsec_".length()))
                : secret.getBytes(StandardCharsets.UTF_8);
        if (key.length == 0) {
            throw new IllegalArgumentException("callback secret must not be empty");
        }
    }

    /** The value of {@code webhook-signature} for one message. */
    public String sign(String messageId, Instant timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String signed = messageId + "." + timestamp.getEpochSecond() + "." + body;
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
