package dev.platte.admin.web;

import dev.platte.catalog.Application;
import dev.platte.catalog.Arch;
import dev.platte.catalog.ExtraFile;
import dev.platte.catalog.PackageContent;
import dev.platte.catalog.PackageType;
import java.util.ArrayList;
import java.util.List;

/**
 * What the catalog forms send, kept as typed (strings) so a wrong value comes back to the admin
 * unchanged with a message next to it; {@link FormInput} turns them into domain values.
 */
final class CatalogForms {

    /** Extra-file rows a new package form offers; blank rows are ignored. */
    static final int EXTRA_FILE_ROWS = 5;

    private CatalogForms() {}

    static class ApplicationForm {

        private String id = "";
        private String name = "";
        private String description = "";
        private String productId = "";

        static ApplicationForm of(Application application) {
            var form = new ApplicationForm();
            form.id = application.id().toString();
            form.name = application.name();
            form.description = application.description();
            form.productId = application.productId() == null ? "" : application.productId();
            return form;
        }

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getDescription() {
            return description;
        }

        public void setDescription(String description) {
            this.description = description;
        }

        public String getProductId() {
            return productId;
        }

        public void setProductId(String productId) {
            this.productId = productId;
        }
    }

    static class PackageForm {

        private String version = "";
        private String arch = "amd64";
        private String type = "flatcar";
        private String codebaseUrl = "";
        private String fileName = "";
        private String size = "";
        private String sha1 = "";
        private String sha256 = "";
        private String description = "";
        private List<ExtraFileRow> extraFiles = new ArrayList<>();

        PackageForm() {
            padRows();
        }

        /** Enough blank rows to add extra files, after the ones already filled. */
        void padRows() {
            while (extraFiles.size() < EXTRA_FILE_ROWS) {
                extraFiles.add(new ExtraFileRow());
            }
        }

        /**
         * The package as the service checks it, or {@code null} when the form could not be read.
         * {@code rowOfFile} gets, for each extra file passed on, the form row it came from.
         */
        PackageContent toContent(FormInput in, List<Integer> rowOfFile) {
            var parsedArch = switch (arch == null ? "" : arch) {
                case "amd64", "arm64", "all" -> Arch.fromWireName(arch);
                default -> {
                    in.reject("arch", "must be one of amd64, arm64, all");
                    yield null;
                }
            };
            var parsedType = switch (type == null ? "" : type) {
                case "flatcar", "other" -> PackageType.fromWireName(type);
                default -> {
                    in.reject("type", "must be one of flatcar, other");
                    yield null;
                }
            };
            var cleanVersion = in.text("version", version, 255, true);
            var cleanUrl = in.text("codebaseUrl", codebaseUrl, 1024, true);
            var cleanFile = in.text("fileName", fileName, 255, true);
            var parsedSize = in.positiveLong("size", size);
            var cleanSha1 = in.text("sha1", sha1, 28, true);
            var cleanSha256 = in.text("sha256", sha256, 44, true);
            var cleanDescription = in.text("description", description, 10_000, false);
            var files = new ArrayList<ExtraFile>();
            for (int row = 0; row < extraFiles.size(); row++) {
                var file = extraFiles.get(row);
                if (file == null || file.isBlank()) {
                    continue;
                }
                var prefix = "extraFiles[" + row + "].";
                var name = in.text(prefix + "name", file.getName(), 255, true);
                var fileSize = in.positiveLong(prefix + "size", file.getSize());
                var fileSha1 = in.text(prefix + "sha1", file.getSha1(), 28, true);
                var fileSha256 = in.text(prefix + "sha256Hex", file.getSha256Hex(), 64, true);
                if (fileSize != null) {
                    files.add(new ExtraFile(name, fileSize, fileSha1, fileSha256));
                    rowOfFile.add(row);
                }
            }
            if (in.hasErrors()) {
                return null;
            }
            return new PackageContent(cleanVersion, parsedArch, parsedType, cleanUrl, cleanFile, parsedSize, cleanSha1,
                    cleanSha256, cleanDescription, files);
        }

        public String getVersion() {
            return version;
        }

        public void setVersion(String version) {
            this.version = version;
        }

        public String getArch() {
            return arch;
        }

        public void setArch(String arch) {
            this.arch = arch;
        }

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }

        public String getCodebaseUrl() {
            return codebaseUrl;
        }

        public void setCodebaseUrl(String codebaseUrl) {
            this.codebaseUrl = codebaseUrl;
        }

        public String getFileName() {
            return fileName;
        }

        public void setFileName(String fileName) {
            this.fileName = fileName;
        }

        public String getSize() {
            return size;
        }

        public void setSize(String size) {
            this.size = size;
        }

        public String getSha1() {
            return sha1;
        }

        public void setSha1(String sha1) {
            this.sha1 = sha1;
        }

        public String getSha256() {
            return sha256;
        }

        public void setSha256(String sha256) {
            this.sha256 = sha256;
        }

        public String getDescription() {
            return description;
        }

        public void setDescription(String description) {
            this.description = description;
        }

        public List<ExtraFileRow> getExtraFiles() {
            return extraFiles;
        }

        public void setExtraFiles(List<ExtraFileRow> extraFiles) {
            this.extraFiles = extraFiles;
        }
    }

    /** One extra file (an OEM extension, say); a row left blank is no file. */
    static class ExtraFileRow {

        private String name = "";
        private String size = "";
        private String sha1 = "";
        private String sha256Hex = "";

        boolean isBlank() {
            return FormInput.isBlank(name) && FormInput.isBlank(size) && FormInput.isBlank(sha1)
                    && FormInput.isBlank(sha256Hex);
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getSize() {
            return size;
        }

        public void setSize(String size) {
            this.size = size;
        }

        public String getSha1() {
            return sha1;
        }

        public void setSha1(String sha1) {
            this.sha1 = sha1;
        }

        public String getSha256Hex() {
            return sha256Hex;
        }

        public void setSha256Hex(String sha256Hex) {
            this.sha256Hex = sha256Hex;
        }
    }

    static class ChannelForm {

        private String name = "";
        private String arch = "amd64";
        private String packageId = "";

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getArch() {
            return arch;
        }

        public void setArch(String arch) {
            this.arch = arch;
        }

        public String getPackageId() {
            return packageId;
        }

        public void setPackageId(String packageId) {
            this.packageId = packageId;
        }
    }

    /** Withdrawing a version: where from, why, and a ticked box that the admin means it. */
    /** Rolling a channel back: asked once, then confirmed ({@code confirmed}) after the page says what it does. */
    static class RollbackForm {

        private String packageId = "";
        private String reason = "";
        /** The channel's version as the admin saw it. */
        private String version = "";
        private boolean confirmed;

        public String getPackageId() {
            return packageId;
        }

        public void setPackageId(String packageId) {
            this.packageId = packageId;
        }

        public String getReason() {
            return reason;
        }

        public void setReason(String reason) {
            this.reason = reason;
        }

        public String getVersion() {
            return version;
        }

        public void setVersion(String version) {
            this.version = version;
        }

        public boolean isConfirmed() {
            return confirmed;
        }

        public void setConfirmed(boolean confirmed) {
            this.confirmed = confirmed;
        }
    }

    static class RevokeForm {

        static final String ONE_CHANNEL = "channel";
        static final String EVERY_CHANNEL = "all";

        private String channelId = "";
        private String scope = ONE_CHANNEL;
        private String reason = "";
        private boolean confirm;
        /** Also roll back the channels that serve it ("revoke and roll back"). */
        private boolean rollBack;
        /** The package to roll back to; empty: each channel's newest older non-revoked package. */
        private String toPackageId = "";

        public boolean isRollBack() {
            return rollBack;
        }

        public void setRollBack(boolean rollBack) {
            this.rollBack = rollBack;
        }

        public String getToPackageId() {
            return toPackageId;
        }

        public void setToPackageId(String toPackageId) {
            this.toPackageId = toPackageId;
        }

        public String getChannelId() {
            return channelId;
        }

        public void setChannelId(String channelId) {
            this.channelId = channelId;
        }

        public String getScope() {
            return scope;
        }

        public void setScope(String scope) {
            this.scope = scope;
        }

        public String getReason() {
            return reason;
        }

        public void setReason(String reason) {
            this.reason = reason;
        }

        public boolean isConfirm() {
            return confirm;
        }

        public void setConfirm(boolean confirm) {
            this.confirm = confirm;
        }
    }
}
