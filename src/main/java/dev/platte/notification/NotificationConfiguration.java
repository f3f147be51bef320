package dev.platte.notification;

import dev.platte.common.net.OutboundAddressGuard;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

    /** Public addresses only, unless {@code platte.notifications.allow-private-addresses}. */
    @Bean
    AddressCheck webhookAddressCheck(NotificationProperties properties) {
        return new OutboundAddressGuard(List.of(), properties.allowPrivateAddresses())::resolve;
    }

    @Bean
    WebhookBodies webhookBodies(JsonMapper json, NotificationProperties properties) {
        return new WebhookBodies(json, properties.source());
    }
}
