package dev.platte.fleet;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

@Converter(autoApply = true)
class InstanceStatusConverter implements AttributeConverter<InstanceStatus, String> {

    @Override
    public String convertToDatabaseColumn(InstanceStatus status) {
        return status == null ? null : status.wireName();
    }

    @Override
    public InstanceStatus convertToEntityAttribute(String value) {
        return value == null ? null : InstanceStatus.fromWireName(value);
    }
}
