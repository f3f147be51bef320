package dev.platte.payload;

/** A verified file in the payload store, with the digests Omaha answers carry. */
public record StoredPayload(String fileName, long size, String sha1Base64, String sha256Base64, String sha256Hex) {}
