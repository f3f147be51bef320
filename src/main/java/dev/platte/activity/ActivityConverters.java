package dev.platte.activity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

final class ActivityConverters {

    private ActivityConverters() {}

    @Converter(autoApply = true)
    static class KindConverter implements AttributeConverter<ActivityKind, String> {
        @Override
        public String convertToDatabaseColumn(ActivityKind kind) {
            return kind == null ? null : kind.wireName();
        }

        @Override
        public ActivityKind convertToEntityAttribute(String value) {
            return value == null ? null : ActivityKind.fromWireName(value);
        }
    }

    @Converter(autoApply = true)
    static class SeverityConverter implements AttributeConverter<Severity, String> {
        @Override
        public String convertToDatabaseColumn(Severity severity) {
            return severity == null ? null : severity.wireName();
        }

        @Override
        public Severity convertToEntityAttribute(String value) {
            return value == null ? null : Severity.fromWireName(value);
        }
    }
}
