package dev.platte.catalog;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

@Converter(autoApply = true)
class ArchConverter implements AttributeConverter<Arch, String> {

    @Override
    public String convertToDatabaseColumn(Arch arch) {
        return arch == null ? null : arch.wireName();
    }

    @Override
    public Arch convertToEntityAttribute(String value) {
        return value == null ? null : Arch.fromWireName(value);
    }
}
