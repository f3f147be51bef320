package dev.platte.admin;

import dev.platte.catalog.Application;
import dev.platte.catalog.ApplicationService;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Resolves the {@code {app}} of an admin path (the application's UUID or product id) once, at the edge: a
 * handler of the API or the pages takes an {@link Application} parameter, and the services take the entity.
 * An unknown application is a {@link dev.platte.common.NotFoundException}: a 404 ProblemDetail from the API,
 * the 404 page from the pages, as each surface maps it.
 */
@Configuration(proxyBeanMethods = false)
class ApplicationArgumentResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    /** The path variable that names the application. */
    static final String VARIABLE = "app";

    static {
        // The OpenAPI document shows the path variable, not the entity it resolves to (see documentedAsPath).
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Application.class);
    }

    private final ApplicationService applications;

    ApplicationArgumentResolver(ApplicationService applications) {
        this.applications = applications;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    /** Documents {@code {app}} as the path parameter it is for every operation that takes an {@link Application}. */
    @Bean
    static OperationCustomizer documentedAsPath() {
        return (operation, handler) -> {
            if (Arrays.stream(handler.getMethodParameters()).anyMatch(p -> p.getParameterType() == Application.class)
                    && (operation.getParameters() == null
                            || operation.getParameters().stream().noneMatch(p -> VARIABLE.equals(p.getName())))) {
                var parameters = new ArrayList<Parameter>();
                parameters.add(new PathParameter().name(VARIABLE).required(true).schema(new StringSchema())
                        .description("The application's UUID or product id"));
                if (operation.getParameters() != null) {
                    parameters.addAll(operation.getParameters());
                }
                operation.setParameters(parameters);
            }
            return operation;
        };
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Application.class;
    }

    @Override
    public Application resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
            NativeWebRequest request, WebDataBinderFactory binderFactory) {
        @SuppressWarnings("unchecked")
        var variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE,
                RequestAttributes.SCOPE_REQUEST);
        var reference = variables == null ? null : variables.get(VARIABLE);
        if (reference == null) {
            throw new IllegalStateException(parameter.getExecutable() + " takes an Application but its path has no {app}");
        }
        return applications.application(reference);
    }
}
