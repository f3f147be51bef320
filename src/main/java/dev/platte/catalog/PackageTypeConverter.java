package dev.platte.catalog;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

@Converter(autoApply = true)
class PackageTypeConverter implements AttributeConverter<PackageType, String> {

    @Override
    public String convertToDatabaseColumn(PackageType type) {
        return type == null ? null : type.wireName();
    }

    @Override
    public PackageType convertToEntityAttribute(String value) {
        return value == null ? null : PackageType.fromWireName(value);
    }
}
