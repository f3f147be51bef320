package dev.platte.rollout;

import dev.platte.rollout.policy.RolloutProgress.CanaryState;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Locale;

/** {@code group_rollout.canary_outcome}: {@code pending}, {@code succeeded}, {@code failed}, or null for none (V10). */
@Converter
class CanaryStateConverter implements AttributeConverter<CanaryState, String> {

    @Override
    public String convertToDatabaseColumn(CanaryState state) {
        return state == null || state == CanaryState.NONE ? null : state.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public CanaryState convertToEntityAttribute(String stored) {
        return fromStored(stored);
    }

    static CanaryState fromStored(String stored) {
        return stored == null ? CanaryState.NONE : CanaryState.valueOf(stored.toUpperCase(Locale.ROOT));
    }
}
