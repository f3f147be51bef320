package dev.platte.database;

import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class DatabaseOutageConfiguration {

    @Bean
    FilterRegistrationBean<DatabaseOutageFilter> databaseOutageFilter(DatabaseAvailability availability,
            JsonMapper json, ObjectProvider<ThymeleafViewResolver> pages) {
        var registration = new FilterRegistrationBean<>(
                new DatabaseOutageFilter(availability, json, pages.getIfAvailable()));
        // Outside the session filter, whose lookup is the first thing a page request asks the database.
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 10);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
