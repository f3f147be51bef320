package dev.platte.omaha;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the quick path's reads of concurrent update checks share statements ({@link QuickLook}).
 *
 * @param readers how many of those reads run at once, each one statement; checks arriving while all are
 *     running wait and are read together by the next. Nothing waits while one is free, so a check alone is
 *     read at once, alone
 * @param maxBatch the most checks one statement reads. 1 reads each alone
 */
@ConfigurationProperties("platte.omaha.quick-look")
public record QuickLookProperties(
        @DefaultValue("4") int readers,
        @DefaultValue("32") int maxBatch) {

    public QuickLookProperties {
        if (readers < 1 || readers > 1000) {
            throw new IllegalArgumentException("platte.omaha.quick-look.readers must be between 1 and 1000, got " + readers);
        }
        if (maxBatch < 1 || maxBatch > 1000) {
            throw new IllegalArgumentException("platte.omaha.quick-look.max-batch must be between 1 and 1000, got " + maxBatch);
        }
    }
}
