package dev.platte.config;

import dev.platte.admin.account.AccountService;
import dev.platte.admin.account.ApiTokenAuthenticationFilter;
import dev.platte.admin.account.Role;
import dev.platte.database.DatabaseAvailability;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Nodes reach {@code /v1/update} without credentials, as update_engine has none. The API takes HTTP
 * Basic or an API token and answers 401/403 as problems; pages use a login form or OIDC, with CSRF
 * protection and sessions kept in PostgreSQL, started by a successful sign-in only. Viewers read; admins
 * also change.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** A group's enrollment carries the Omaha path secret. */
    static final String ENROLLMENT_API = "/api/v1/apps/*/groups/*/enrollment";

    /** API paths only admins may even read: they expose people and credentials (a webhook URL may be one). */
    static final String[] ADMIN_ONLY_API = {"/api/v1/users/**", "/api/v1/tokens/**", "/api/v1/audit/**",
            ENROLLMENT_API,
            "/api/v1/webhooks/**"};

    /**
     * Nodes' update checks pass no security filter at all: they carry no credentials, no session and no
     * cookie, and the answer is XML for update_engine, not a page a browser renders. Every filter would be
     * pure cost on the path every node takes every few minutes. They do not even reach Spring Security
     * (OmahaEndpointConfiguration hands them to the servlet first, so Tomcat's URI checks are the firewall);
     * this chain keeps it so should that order ever change.
     */
    @Bean
    @Order(0)
    SecurityFilterChain omahaChain() {
        var paths = PathPatternRequestMatcher.withDefaults();
        return new DefaultSecurityFilterChain(
                new OrRequestMatcher(paths.matcher("/v1/update"), paths.matcher("/v1/update/**")), List.of());
    }

    /**
     * FleetLock clients (Zincati, flatcar/fleetlock) carry no credentials either, and post JSON without a
     * session or a CSRF token: like update checks, they pass no security filter. The path secret, when set,
     * is checked by the endpoint itself.
     */
    @Bean
    @Order(0)
    SecurityFilterChain fleetLockChain() {
        return new DefaultSecurityFilterChain(PathPatternRequestMatcher.withDefaults().matcher("/fleetlock/**"), List.of());
    }

    /** Nodes download payloads without a Platte account; payload credentials, where required, are PayloadController's. */
    @Bean
    @Order(1)
    SecurityFilterChain payloadChain(HttpSecurity http) throws Exception {
        return http.securityMatcher("/payloads/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable())
                .build();
    }

    /**
     * No observation around every security filter of every request: on the update-check path they cost
     * more CPU than the check itself. Requests are still timed as a whole ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http, AccountService accounts, JsonMapper json,
            DatabaseAvailability database) throws Exception {
        var problems = new ProblemSecurityHandlers(json, database);
        return http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(ADMIN_ONLY_API).hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole(Role.VIEWER.name())
                        .anyRequest().hasRole(Role.ADMIN.name()))
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                // Where the CSRF filter of the pages runs: before any credentials are checked.
                .addFilterAt(new ApiRequestMarkFilter(problems), CsrfFilter.class)
                .addFilterBefore(new ApiTokenAuthenticationFilter(accounts, problems), BasicAuthenticationFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                // Credentials come with every call, so no session and no CSRF token to steal; the request mark
                // above keeps other sites' forms out instead.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain pageChain(HttpSecurity http, ObjectProvider<ClientRegistrationRepository> oidcClients,
            OidcProperties oidc, JsonMapper json, @Value("${platte.metrics.public:false}") boolean publicMetrics)
            throws Exception {
        var signIn = new PageSignInHandlers();
        http.authorizeHttpRequests(auth -> {
                    auth.requestMatchers("/actuator/health", "/actuator/health/**", "/login", "/css/**", "/js/**",
                                    "/error", "/favicon.ico")
                            .permitAll();
                    if (publicMetrics) {
                        auth.requestMatchers("/actuator/prometheus", "/actuator/metrics/**").permitAll();
                    }
                    auth.requestMatchers("/actuator/**", "/audit", "/audit/**", "/apps/*/groups/*/enrollment",
                                    "/webhooks", "/webhooks/**")
                            .hasRole(Role.ADMIN.name())
                            .requestMatchers(HttpMethod.GET, "/**").hasRole(Role.VIEWER.name())
                            .requestMatchers(HttpMethod.POST, "/logout").authenticated()
                            .anyRequest().hasRole(Role.ADMIN.name());
                })
                // Nothing an anonymous visitor does keeps a session: the CSRF token waits in a cookie, the page
                // asked for before sign-in in another, and a failed sign-in's message travels in the query.
                .csrf(csrf -> csrf.csrfTokenRepository(new PageCsrfTokenRepository()))
                .requestCache(cache -> cache.requestCache(savedPageRequests()))
                .formLogin(form -> form.loginPage("/login").failureHandler(signIn).permitAll())
                .httpBasic(basic -> basic.authenticationEntryPoint(signIn))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"));
        var clients = oidcClients.getIfAvailable();
        if (clients != null) {
            var resolver = new DefaultOAuth2AuthorizationRequestResolver(clients, "/oauth2/authorization");
            // PKCE for confidential clients too, so an intercepted code is worthless.
            resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
            http.oauth2Login(login -> login
                    .loginPage("/login")
                    .failureHandler(signIn)
                    .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(resolver)
                            // Started by anyone, as often as they like: no session until signed in.
                            .authorizationRequestRepository(new CookieAuthorizationRequestRepository(json)))
                    .userInfoEndpoint(userInfo -> userInfo.oidcUserService(oidcUserService(oidc))));
        }
        return http.build();
    }

    /**
     * The page asked for before sign-in, to return to after it, waits in a cookie rather than a session.
     * Only whole pages asked for with GET are worth returning to, not a fragment a script fetched.
     */
    private static RequestCache savedPageRequests() {
        var cache = new CookieRequestCache();
        cache.setRequestMatcher(new AndRequestMatcher(
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/**"),
                new NegatedRequestMatcher(new RequestHeaderRequestMatcher("HX-Request")),
                new NegatedRequestMatcher(new RequestHeaderRequestMatcher("X-Requested-With", "XMLHttpRequest"))));
        return cache;
    }

    /** Maps the configured claim to Platte roles; a user with neither role signs in but sees nothing. */
    static OAuth2UserService<OidcUserRequest, OidcUser> oidcUserService(OidcProperties oidc) {
        var delegate = new OidcUserService();
        return request -> {
            var user = delegate.loadUser(request);
            var authorities = new HashSet<GrantedAuthority>(user.getAuthorities());
            var values = claimValues(user.getClaims().get(oidc.rolesClaim()));
            if (values.contains(oidc.adminValue())) {
                authorities.add(new SimpleGrantedAuthority(Role.ADMIN.authority()));
            } else if (values.contains(oidc.viewerValue())) {
                authorities.add(new SimpleGrantedAuthority(Role.VIEWER.authority()));
            }
            var nameAttribute = request.getClientRegistration().getProviderDetails().getUserInfoEndpoint()
                    .getUserNameAttributeName();
            return nameAttribute == null || nameAttribute.isBlank()
                    ? new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo())
                    : new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo(), nameAttribute);
        };
    }

    private static List<String> claimValues(Object claim) {
        var values = new ArrayList<String>();
        if (claim instanceof Collection<?> collection) {
            collection.forEach(value -> values.add(String.valueOf(value)));
        } else if (claim instanceof String text) {
            for (var part : text.split("[,\\s]+")) {
                values.add(part);
            }
        }
        return values;
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy(Role.ADMIN.authority() + " > " + Role.VIEWER.authority());
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
