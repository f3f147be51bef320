package dev.platte.catalog;

import java.util.List;

/** Everything that describes a package apart from its identity; checked by {@link PackageRules}. */
public record PackageContent(
        String version,
        Arch arch,
        PackageType type,
        String codebaseUrl,
        String fileName,
        long size,
        String sha1,
        String sha256,
        String description,
        List<ExtraFile> extraFiles) {

    public PackageContent {
        extraFiles = extraFiles == null ? List.of() : List.copyOf(extraFiles);
    }
}
