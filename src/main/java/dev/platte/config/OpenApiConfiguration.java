package dev.platte.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Objects;
import java.util.stream.Stream;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at /v3/api-docs (Swagger UI at /swagger-ui.html). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI platteOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Platte admin API").version("v1").description("""
                        Applications, packages, channels, groups and their rollout policy, instances, activity
                        and audit of an Omaha update server. Errors are RFC 9457 problem documents. Viewers may
                        GET; admins may do everything. Authenticate with HTTP Basic or an API token."""))
                .components(new Components()
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSecuritySchemes("token", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("An API token from POST /api/v1/tokens")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("token"));
    }

    /**
     * Every state-changing operation documents the header {@link ApiRequestMarkFilter} asks for; Swagger UI
     * fills in its default, so "Try it out" works for bodyless calls too.
     */
    @Bean
    OpenApiCustomizer requestMarkHeader() {
        return openApi -> openApi.getPaths().values().forEach(path -> Stream
                .of(path.getPost(), path.getPut(), path.getPatch(), path.getDelete())
                .filter(Objects::nonNull)
                .forEach(operation -> operation.addParametersItem(new HeaderParameter()
                        .name(ApiRequestMarkFilter.HEADER)
                        .required(false)
                        .description("Any value. Needed unless the body is JSON: a form on another site cannot send it.")
                        .schema(new StringSchema()._default("swagger-ui")))));
    }
}
