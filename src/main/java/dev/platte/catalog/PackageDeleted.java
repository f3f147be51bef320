package dev.platte.catalog;

import java.util.UUID;

/**
 * Published in the transaction that deletes a package, on its own or with its application. Whatever is
 * kept for the package outside the database (hosted files) goes once that transaction commits.
 */
public record PackageDeleted(UUID applicationId, UUID packageId) {}
