package dev.platte.notification;

import java.net.InetAddress;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

    /** Public addresses only, unless {@code platte.notifications.allow-private-addresses}. */
    @Bean
    AddressCheck webhookAddressCheck(NotificationProperties properties) {
        return properties.allowPrivateAddresses() ? InetAddress::getAllByName : new PublicAddressCheck();
    }

    @Bean
    WebhookBodies webhookBodies(JsonMapper json, NotificationProperties properties) {
        return new WebhookBodies(json, properties.source());
    }
}
