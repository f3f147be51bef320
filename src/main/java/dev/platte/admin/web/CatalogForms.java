package dev.platte.admin.web;

import dev.platte.catalog.Application;
import dev.platte.catalog.Arch;
import dev.platte.catalog.Architecture;
import dev.platte.catalog.ExtraFile;
import dev.platte.catalog.PackageContent;
import dev.platte.catalog.PackageType;
import dev.platte.common.SemanticVersion;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.validation.BindingResult;

/** The catalog's page forms, typed; {@link PageBinding} binds them and Bean Validation checks them. */
final class CatalogForms {

    private CatalogForms() {}

    static class ApplicationForm {

        public UUID id;
        @NotBlank @Size(max = 100) public String name;
        @Size(max = 10_000) public String description;
        @Size(max = 155) public String productId;

        static ApplicationForm of(Application application) {
            var form = new ApplicationForm();
            form.id = application.id();
            form.name = application.name();
            form.description = application.description();
            form.productId = application.productId();
            return form;
        }
    }

    static class PackageForm {

        /** Extra-file rows the form offers; blank rows are ignored. */
        static final int EXTRA_FILE_ROWS = 5;

        @NotBlank @Size(max = 255) @SemanticVersion public String version;
        @NotNull @Architecture public Arch arch = Arch.AMD64;
        @NotNull public PackageType type = PackageType.FLATCAR;
        @NotBlank @Size(max = 1024) public String codebaseUrl;
        @NotBlank @Size(max = 255) public String fileName;
        @NotNull @Positive public Long size;
        @NotBlank @Size(max = 28) public String sha1;
        @NotBlank @Size(max = 44) public String sha256;
        @Size(max = 10_000) public String description;
        public List<ExtraFileRow> extraFiles = new ArrayList<>();
        /** The form row of each extra file passed on, for the service's refusals. */
        private final List<Integer> rowOfFile = new ArrayList<>();

        PackageForm() {
            padRows();
        }

        /** Enough blank rows to add extra files, after the ones already filled. */
        void padRows() {
            while (extraFiles.size() < EXTRA_FILE_ROWS) {
                extraFiles.add(new ExtraFileRow());
            }
        }

        /** The package as the service checks it; a filled-in row must be complete. */
        PackageContent toContent(BindingResult errors) {
            var files = new ArrayList<ExtraFile>();
            rowOfFile.clear();
            for (int row = 0; row < extraFiles.size(); row++) {
                var file = extraFiles.get(row);
                if (file == null || file.isBlank()) {
                    continue;
                }
                var prefix = "extraFiles[" + row + "].";
                requireFilled(errors, prefix + "name", file.name);
                requireFilled(errors, prefix + "size", file.size);
                requireFilled(errors, prefix + "sha1", file.sha1);
                requireFilled(errors, prefix + "sha256Hex", file.sha256Hex);
                if (file.size != null) {
                    files.add(new ExtraFile(file.name, file.size, file.sha1, file.sha256Hex));
                    rowOfFile.add(row);
                }
            }
            return new PackageContent(version, arch, type, codebaseUrl, fileName, size == null ? 0 : size, sha1,
                    sha256, description == null ? "" : description, files);
        }

        /** The service numbers extra files as sent; the form skips blank rows, so a refusal goes to its row. */
        String formRow(String field) {
            if (field != null && field.startsWith("extraFiles[")) {
                var index = Integer.parseInt(field.substring("extraFiles[".length(), field.indexOf(']')));
                return index < rowOfFile.size() ? "extraFiles[" + rowOfFile.get(index) + field.substring(field.indexOf(']'))
                        : field;
            }
            return field;
        }

        private static void requireFilled(BindingResult errors, String field, Object value) {
            if (value == null) {
                FormErrors.reject(errors, field, "must not be blank");
            }
        }
    }

    /** One extra file (an OEM extension, say); a row left blank is no file. */
    static class ExtraFileRow {

        @Size(max = 255) public String name;
        @Positive public Long size;
        public String sha1;
        public String sha256Hex;

        boolean isBlank() {
            return name == null && size == null && sha1 == null && sha256Hex == null;
        }
    }

    static class ChannelForm {

        @NotBlank @Size(max = 50) public String name;
        @NotNull @Architecture(servable = true) public Arch arch = Arch.AMD64;
        public UUID packageId;
    }

    /** Pointing a channel at a package, from the version of the channel the admin saw; confirmed past warnings. */
    static class PromoteForm {

        @NotNull(message = "choose the package to serve") public UUID packageId;
        @NotNull(message = "the form is damaged: reload the page and try again") public Long version;
        public boolean confirmed;
    }

    static class FloorForm {

        @NotNull(message = "choose the package every node must pass through") public UUID packageId;
        @Size(max = 1000) public String reason;
    }

    /** Rolling a channel back: asked once, then confirmed ({@code confirmed}) after the page says what it does. */
    static class RollbackForm {

        @NotNull(message = "choose the package to roll back to") public UUID packageId;
        @NotBlank @Size(max = 1000) public String reason;
        /** The channel's version as the admin saw it. */
        @NotNull(message = "the form is damaged: reload the page and try again") public Long version;
        public boolean confirmed;
    }

    /** Withdrawing a version: where from, why, and a ticked box that the admin means it. */
    static class RevokeForm {

        enum Scope { CHANNEL, ALL }

        public UUID channelId;
        @NotNull(message = "choose this channel or every channel") public Scope scope = Scope.CHANNEL;
        @NotBlank @Size(max = 1000) public String reason;
        @AssertTrue(message = "Tick the box to confirm: nodes will no longer get this version, and Platte cannot "
                + "undo a revocation.")
        public boolean confirm;
        /** Also roll back the channels that serve it ("revoke and roll back"). */
        public boolean rollBack;
        /** The package to roll back to; empty: each channel's newest older non-revoked package. */
        public UUID toPackageId;

        boolean everyChannel() {
            return scope == Scope.ALL;
        }
    }
}
