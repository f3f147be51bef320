package dev.platte.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import dev.platte.support.ActuatorPaths;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The Helm chart in {@code charts/platte}, rendered with the Helm library itself (no binary, no cluster) for
 * the default values and realistic value files, every object read with fabric8's Kubernetes model and
 * refused if it has a field the model does not know. No Spring context: seconds, not minutes.
 */
class HelmChartTests {

    private static final Path CHART = Path.of("charts/platte");
    private static final Path VALUES = Path.of("src/test/resources/helm");
    private static final String RELEASE = "platte";
    private static final String NAMESPACE = "fleet";
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    /** Secret values written in the value files: they may appear in the chart's Secret and nowhere else. */
    private static final List<String> SECRET_VALUES = List.of(
            "chart-made-admin-password-4711", "chart-made-oidc-client-secret-4711", "chart-made-prometheus-token-4711",
            "chart-made-admin-password-0815", "chart-made-path-secret-4711");

    static Stream<String> valueFiles() {
        return Stream.of("", "external-two-replicas.yaml", "cloudnativepg.yaml", "embedded-single-node.yaml",
                "ingress-split-tls.yaml", "gateway-routes.yaml");
    }

    @Test
    void lintsWithoutWarnings() {
        var result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));
    }

    @ParameterizedTest(name = "values: {0}")
    @MethodSource("valueFiles")
    void rendersOnlyObjectsTheKubernetesModelKnowsField(String valueFile) {
        var rendered = render(valueFile);

        assertThat(rendered.objects()).isNotEmpty();
        rendered.objects().forEach(object -> assertNoUnknownFields(object, object.getKind() + " " + object.getMetadata().getName()));
    }

    @ParameterizedTest(name = "values: {0}")
    @MethodSource("valueFiles")
    void probesAskTheActuatorHealthGroupsOnTheApplicationPort(String valueFile) {
        var container = platteContainer(render(valueFile).one(Deployment.class));

        assertThat(httpPath(container.getStartupProbe())).isEqualTo(ActuatorPaths.LIVENESS);
        assertThat(httpPath(container.getLivenessProbe())).isEqualTo(ActuatorPaths.LIVENESS);
        assertThat(httpPath(container.getReadinessProbe())).isEqualTo(ActuatorPaths.READINESS);
        Stream.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())
                .forEach(probe -> assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http"));
        assertThat(container.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(applicationPort());
        });
    }

    /** The probes' paths are proven by integration tests; here: nothing in the configuration moves them. */
    @Test
    void applicationServesTheActuatorOnItsOwnPortWithTheProbeGroups() {
        var yaml = applicationYaml();

        assertThat(at(yaml, "management.server.port")).as("a separate management port").isNull();
        assertThat(at(yaml, "management.endpoints.web.base-path")).as("a moved actuator").isNull();
        assertThat(at(yaml, "management.endpoint.health.probes.enabled")).isEqualTo(true);
        assertThat((String) at(yaml, "management.endpoints.web.exposure.include")).contains("health", "prometheus");
        assertThat(applicationPort()).isEqualTo(8080);
    }

    @ParameterizedTest(name = "values: {0}")
    @MethodSource("valueFiles")
    void disruptionBudgetAndServiceSelectThePods(String valueFile) {
        var rendered = render(valueFile);
        var deployment = rendered.one(Deployment.class);
        var podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();

        assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        var budget = rendered.one(PodDisruptionBudget.class);
        assertThat(budget.getSpec().getSelector().getMatchExpressions()).isEmpty();
        assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        var service = rendered.one(Service.class);
        assertThat(service.getSpec().getSelector()).isNotEmpty();
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
        for (var spread : deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()) {
            assertThat(podLabels).containsAllEntriesOf(spread.getLabelSelector().getMatchLabels());
        }
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(rendered.one(ServiceAccount.class).getMetadata().getName());
    }

    @ParameterizedTest(name = "values: {0}")
    @MethodSource("valueFiles")
    void runsAsNonRootOnAReadOnlyRootWithScratchSpaceInTmp(String valueFile) {
        var pod = render(valueFile).one(Deployment.class).getSpec().getTemplate().getSpec();
        var container = platteContainer(pod);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(dockerfileUid());
        assertThat(pod.getSecurityContext().getFsGroupChangePolicy()).isEqualTo("OnRootMismatch");
        assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(container.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/tmp");
            assertThat(volume(pod.getVolumes(), mount.getName()).getEmptyDir()).isNotNull();
        });
        assertThat(container.getVolumeMounts()).allSatisfy(mount -> assertThat(mount.getSubPath()).isNull());
    }

    @ParameterizedTest(name = "values: {0}")
    @MethodSource("valueFiles")
    void stopsWithinTheGracePeriodAfterTheLoadBalancerLetGo(String valueFile) {
        var pod = render(valueFile).one(Deployment.class).getSpec().getTemplate().getSpec();
        var container = platteContainer(pod);

        var preStop = container.getLifecycle().getPreStop().getSleep().getSeconds();
        var shutdown = Duration.parse("PT" + plainEnv(container, "SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE").toUpperCase());
        assertThat(shutdown).isEqualTo(Duration.parse("PT" + ((String) at(applicationYaml(), "spring.lifecycle.timeout-per-shutdown-phase")).toUpperCase()));
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(preStop + shutdown.toSeconds() + 10);
    }

    @ParameterizedTest(name = "values: {0}")
    @MethodSource("valueFiles")
    void takesEverySecretByReferenceAndKeepsSecretsOutOfConfigMaps(String valueFile) {
        var rendered = render(valueFile);
        var container = platteContainer(rendered.one(Deployment.class));
        var renderedSecrets = rendered.all(Secret.class);

        for (var env : container.getEnv()) {
            if (env.getName().matches(".*(PASSWORD|SECRET|TOKEN|CREDENTIAL).*")) {
                assertThat(env.getValue()).as(env.getName() + " in plain text").isNull();
                assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName()).isNotNull();
            }
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                var reference = env.getValueFrom().getSecretKeyRef();
                renderedSecrets.stream().filter(secret -> secret.getMetadata().getName().equals(reference.getName()))
                        .findFirst()
                        .ifPresent(secret -> assertThat(secret.getData()).as(env.getName()).containsKey(reference.getKey()));
            }
            if (env.getValue() != null) {
                assertThat(SECRET_VALUES).as(env.getName()).noneMatch(env.getValue()::contains);
            }
        }
        for (var configMap : rendered.all(ConfigMap.class)) {
            var text = KUBERNETES.asYaml(configMap);
            assertThat(SECRET_VALUES).as("ConfigMap " + configMap.getMetadata().getName()).noneMatch(text::contains);
        }
        for (var object : rendered.objects()) {
            if (!(object instanceof Secret)) {
                var text = KUBERNETES.asYaml(object);
                assertThat(SECRET_VALUES).as(object.getKind() + " " + object.getMetadata().getName()).noneMatch(text::contains);
            }
        }
    }

    @Test
    void byDefaultRunsTwoReplicasOnAnExternalDatabaseWithRollingUpdatesThatKeepEveryPod() {
        var rendered = render("");
        var deployment = rendered.one(Deployment.class);
        var container = platteContainer(deployment);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(plainEnv(container, "SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://");
        assertSecretRef(container, "SPRING_DATASOURCE_USERNAME", "platte-database", "username");
        assertSecretRef(container, "SPRING_DATASOURCE_PASSWORD", "platte-database", "password");
        assertThat(rendered.all(Secret.class)).as("every secret is an existing one").isEmpty();
        assertThat(rendered.all(ConfigMap.class)).isEmpty();
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/path", ActuatorPaths.PROMETHEUS)
                .containsEntry("prometheus.io/port", String.valueOf(applicationPort()));
        assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .extracting(spread -> spread.getTopologyKey())
                .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
    }

    @Test
    @SuppressWarnings("unchecked")
    void externalDatabaseTakesEveryCredentialFromSecretsManagedOutsideTheChart() {
        var rendered = render("external-two-replicas.yaml");
        var deployment = rendered.one(Deployment.class);
        var pod = deployment.getSpec().getTemplate().getSpec();
        var container = platteContainer(pod);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(plainEnv(container, "SPRING_DATASOURCE_URL"))
                .isEqualTo("jdbc:postgresql://db.internal.example.com:5432/platte?sslmode=verify-full");
        assertSecretRef(container, "SPRING_DATASOURCE_USERNAME", "platte-db-credentials", "user");
        assertSecretRef(container, "SPRING_DATASOURCE_PASSWORD", "platte-db-credentials", "pass");
        assertSecretRef(container, "PLATTE_ADMIN_PASSWORD", "platte-admin", "password");
        assertSecretRef(container, "SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_SSO_CLIENTSECRET", "platte-oidc", "client-secret");
        assertSecretRef(container, "PLATTE_OMAHA_PATHSECRET", "platte-path-secret", "path-secret");
        assertSecretRef(container, "PLATTE_WEBHOOKS_ALERTMANAGER_TOKEN", "platte-webhook-tokens", "alertmanager");
        assertThat(plainEnv(container, "PLATTE_OMAHA_TRUSTEDPROXIES")).isEqualTo("10.42.0.0/16");
        assertThat(plainEnv(container, "PLATTE_SEED_FLATCAR")).isEqualTo("false");
        assertThat(rendered.all(Secret.class)).isEmpty();

        var config = rendered.one(ConfigMap.class);
        assertThat(at(new Yaml().load(config.getData().get("application.yaml")), "platte.retention.instances")).isEqualTo("30d");
        assertThat(plainEnv(container, "SPRING_CONFIG_ADDITIONALLOCATION")).isEqualTo("optional:file:/etc/platte/config/");
        assertThat(container.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/etc/platte/config");
            assertThat(volume(pod.getVolumes(), mount.getName()).getConfigMap().getName()).isEqualTo(config.getMetadata().getName());
        });

        var payloads = rendered.one(PersistentVolumeClaim.class);
        assertThat(payloads.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        assertThat(plainEnv(container, "PLATTE_PAYLOADS_DIRECTORY")).isEqualTo("/var/lib/platte/payloads");
        assertThat(container.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/var/lib/platte/payloads");
            assertThat(volume(pod.getVolumes(), mount.getName()).getPersistentVolumeClaim().getClaimName())
                    .isEqualTo(payloads.getMetadata().getName());
        });

        var monitor = rendered.one(GenericKubernetesResource.class, "ServiceMonitor");
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        Map<String, Object> endpoint = ((List<Map<String, Object>>) monitor.get("spec", "endpoints")).getFirst();
        assertThat(endpoint).containsEntry("port", "http").containsEntry("path", ActuatorPaths.PROMETHEUS);
        assertThat(endpoint.keySet()).isSubsetOf("port", "path", "interval", "scrapeTimeout", "basicAuth");
        assertThat((Object) monitor.get("spec", "endpoints", 0, "basicAuth", "username"))
                .isEqualTo(Map.of("name", "platte-admin", "key", "username"));
        assertThat((Object) monitor.get("spec", "endpoints", 0, "basicAuth", "password"))
                .isEqualTo(Map.of("name", "platte-admin", "key", "password"));
        assertThat(rendered.one(Service.class).getMetadata().getLabels())
                .containsAllEntriesOf((Map<String, String>) monitor.get("spec", "selector", "matchLabels"));

        var alerts = rendered.one(GenericKubernetesResource.class, "PrometheusRule");
        assertThat(alerts.getMetadata().getName()).as("extraObjects are templates").isEqualTo("platte-alerts");

        var policy = rendered.one(NetworkPolicy.class);
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).singleElement()
                .satisfies(rule -> assertThat(rule.getPorts().getFirst().getPort().getStrVal()).isEqualTo("http"));
    }

    @Test
    void externalDatabasePasswordGivenAsAValueGoesIntoTheChartsSecret() {
        var rendered = render("", Map.of("database.external.existingSecret", "", "database.external.password", "db-password-4711"));
        var container = platteContainer(rendered.one(Deployment.class));
        var secret = rendered.one(Secret.class);

        assertThat(decoded(secret)).containsExactly(Map.entry("database-password", "db-password-4711"));
        assertSecretRef(container, "SPRING_DATASOURCE_PASSWORD", secret.getMetadata().getName(), "database-password");
        assertThat(plainEnv(container, "SPRING_DATASOURCE_USERNAME")).isEqualTo("platte");
        assertThat(rendered.objects()).filteredOn(object -> !(object instanceof Secret))
                .allSatisfy(object -> assertThat(KUBERNETES.asYaml(object)).doesNotContain("db-password-4711"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void cloudNativePgClusterIsCreatedAndPlatteConnectsWithItsAppSecretAndReadWriteService() {
        var rendered = render("cloudnativepg.yaml");
        var container = platteContainer(rendered.one(Deployment.class));

        var cluster = rendered.one(GenericKubernetesResource.class, "Cluster");
        assertThat(cluster.getApiVersion()).isEqualTo("postgresql.cnpg.io/v1");
        assertThat(cluster.getMetadata().getName()).isEqualTo("platte-db");
        assertThat(((Map<String, Object>) cluster.get("spec")).keySet()).as("fields of the Cluster's spec used here")
                .isSubsetOf("instances", "imageName", "bootstrap", "storage", "postgresql", "resources", "monitoring");
        assertThat((Object) cluster.get("spec", "instances")).isEqualTo(3);
        assertThat((Object) cluster.get("spec", "bootstrap", "initdb")).isEqualTo(Map.of("database", "platte", "owner", "platte"));
        assertThat((Object) cluster.get("spec", "storage")).isEqualTo(Map.of("size", "20Gi", "storageClass", "fast-ssd"));
        assertThat((Object) cluster.get("spec", "postgresql", "parameters")).isEqualTo(Map.of("max_connections", "200"));
        assertThat((Object) cluster.get("spec", "monitoring", "enablePodMonitor")).isEqualTo(true);

        assertThat(plainEnv(container, "SPRING_DATASOURCE_URL")).isEqualTo("jdbc:postgresql://platte-db-rw.fleet.svc:5432/platte");
        assertSecretRef(container, "SPRING_DATASOURCE_USERNAME", "platte-db-app", "username");
        assertSecretRef(container, "SPRING_DATASOURCE_PASSWORD", "platte-db-app", "password");

        var secret = rendered.one(Secret.class);
        assertThat(decoded(secret)).containsEntry("admin-username", "admin")
                .containsEntry("admin-password", "chart-made-admin-password-4711")
                .containsEntry("oidc-client-secret", "chart-made-oidc-client-secret-4711")
                .containsEntry("PLATTE_GATES_PROMETHEUS_TOKEN", "chart-made-prometheus-token-4711");
        assertSecretRef(container, "PLATTE_ADMIN_PASSWORD", secret.getMetadata().getName(), "admin-password");
        assertSecretRef(container, "SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_SSO_CLIENTSECRET",
                secret.getMetadata().getName(), "oidc-client-secret");
        assertSecretRef(container, "PLATTE_GATES_PROMETHEUS_TOKEN", secret.getMetadata().getName(), "PLATTE_GATES_PROMETHEUS_TOKEN");
        var monitor = rendered.one(GenericKubernetesResource.class, "ServiceMonitor");
        assertThat((Object) monitor.get("spec", "endpoints", 0, "basicAuth", "password"))
                .isEqualTo(Map.of("name", secret.getMetadata().getName(), "key", "admin-password"));
    }

    @Test
    void configurationDocumentIsMountedAsADirectorySoItsUpdatesReachThePods() {
        var rendered = render("cloudnativepg.yaml");
        var deployment = rendered.one(Deployment.class);
        var pod = deployment.getSpec().getTemplate().getSpec();
        var container = platteContainer(pod);

        var document = rendered.one(ConfigMap.class);
        assertThat(document.getData().get("platte-config.yaml")).contains("kind: Configuration");
        assertThat(plainEnv(container, "PLATTE_CONFIG_FILE")).isEqualTo("/etc/platte/document/platte-config.yaml");
        assertThat(container.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/etc/platte/document");
            assertThat(mount.getSubPath()).isNull();
            assertThat(volume(pod.getVolumes(), mount.getName()).getConfigMap().getName()).isEqualTo(document.getMetadata().getName());
        });

        var withOtherDocument = render("cloudnativepg.yaml", Map.of("configDocument.content", "applications: [changed]"))
                .one(Deployment.class);
        assertThat(withOtherDocument.getSpec().getTemplate().getMetadata().getAnnotations())
                .as("a new document is re-applied by the running pods, not rolled out")
                .isEqualTo(deployment.getSpec().getTemplate().getMetadata().getAnnotations());

        var existing = render("", Map.of("configDocument.enabled", true, "configDocument.existingConfigMap", "fleet-config"));
        assertThat(existing.all(ConfigMap.class)).isEmpty();
        assertThat(platteContainer(existing.one(Deployment.class)).getEnv())
                .anySatisfy(env -> assertThat(env.getName()).isEqualTo("PLATTE_CONFIG_FILE"));
    }

    @Test
    void embeddedDatabaseRunsOneReplicaThatStopsBeforeItsSuccessorStartsOnAPersistentVolume() {
        var rendered = render("embedded-single-node.yaml");
        var deployment = rendered.one(Deployment.class);
        var pod = deployment.getSpec().getTemplate().getSpec();
        var container = platteContainer(pod);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(container.getEnv()).extracting(EnvVar::getName).doesNotContain("SPRING_DATASOURCE_URL");
        var dataDirectory = plainEnv(container, "PLATTE_EMBEDDEDPOSTGRES_DATADIRECTORY");
        assertThat(dockerfile()).as("the image's own data directory").contains("PLATTE_EMBEDDEDPOSTGRES_DATADIRECTORY=" + dataDirectory);
        var claims = rendered.all(PersistentVolumeClaim.class);
        assertThat(container.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(dataDirectory).startsWith(mount.getMountPath() + "/");
            var claim = volume(pod.getVolumes(), mount.getName()).getPersistentVolumeClaim().getClaimName();
            assertThat(claims).anySatisfy(pvc -> {
                assertThat(pvc.getMetadata().getName()).isEqualTo(claim);
                assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
                assertThat(pvc.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
            });
        });
        assertThat(plainEnv(container, "JAVA_TOOL_OPTIONS")).isEqualTo("-XX:MaxRAMPercentage=50");
        assertThat(plainEnv(container, "PLATTE_METRICS_PUBLIC")).isEqualTo("true");
    }

    @Test
    void nodesAndPeopleGetTheirOwnIngressWithHostClassTlsAndAllowList() {
        var rendered = render("ingress-split-tls.yaml");
        var container = platteContainer(rendered.one(Deployment.class));
        var service = rendered.one(Service.class);

        var nodes = ingress(rendered, "platte-nodes");
        assertThat(nodes.getSpec().getIngressClassName()).isEqualTo("public-nginx");
        assertThat(nodes.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getSecretName()).isEqualTo("updates-example-com-tls");
            assertThat(tls.getHosts()).containsExactly("updates.example.com");
        });
        assertThat(nodes.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("updates.example.com");
            assertThat(rule.getHttp().getPaths()).extracting(HTTPIngressPath::getPath).containsExactly("/v1/update", "/payloads", "/fleetlock");
            assertThat(rule.getHttp().getPaths()).allSatisfy(path -> assertThat(path.getPathType()).isEqualTo("Prefix"));
        });

        var people = ingress(rendered, "platte-people");
        assertThat(people.getSpec().getIngressClassName()).isEqualTo("internal-nginx");
        assertThat(people.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/whitelist-source-range", "10.0.0.0/8,192.168.0.0/16");
        assertThat(nodes.getMetadata().getAnnotations()).doesNotContainKey("nginx.ingress.kubernetes.io/whitelist-source-range");
        assertThat(people.getSpec().getTls()).singleElement().satisfies(tls -> assertThat(tls.getSecretName()).isEqualTo("platte-corp-example-com-tls"));
        assertThat(people.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("platte.corp.example.com");
            assertThat(rule.getHttp().getPaths()).extracting(HTTPIngressPath::getPath).containsExactly("/");
        });

        for (var ingress : List.of(nodes, people)) {
            for (var path : ingress.getSpec().getRules().getFirst().getHttp().getPaths()) {
                assertThat(path.getBackend().getService().getName()).isEqualTo(service.getMetadata().getName());
                assertThat(path.getBackend().getService().getPort().getNumber()).isEqualTo(service.getSpec().getPorts().getFirst().getPort());
            }
        }
        assertThat(plainEnv(container, "PLATTE_PAYLOADS_PUBLICBASEURL")).isEqualTo("https://updates.example.com/payloads/");
        assertThat(plainEnv(container, "PLATTE_SECURE_COOKIES")).isEqualTo("true");
        assertSecretRef(container, "PLATTE_OMAHA_PATHSECRET", rendered.one(Secret.class).getMetadata().getName(), "path-secret");
    }

    @Test
    void nodePathsLeavePayloadsOutWhenHostingIsOff() {
        var nodes = ingress(render("ingress-split-tls.yaml", Map.of("payloads.enabled", false)), "platte-nodes");

        assertThat(nodes.getSpec().getRules().getFirst().getHttp().getPaths()).extracting(HTTPIngressPath::getPath)
                .containsExactly("/v1/update", "/fleetlock");
    }

    @Test
    void gatewayRoutesSplitNodesAndPeopleLikeTheIngresses() {
        var routes = render("gateway-routes.yaml").all(HTTPRoute.class);

        assertThat(routes).extracting(route -> route.getMetadata().getName()).containsExactly("platte-nodes", "platte-people");
        assertThat(routes.getFirst().getSpec().getHostnames()).containsExactly("updates.example.com");
        assertThat(routes.getFirst().getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getMatches()).extracting(HTTPRouteMatch::getPath).extracting(HTTPPathMatch::getValue)
                    .containsExactly("/v1/update", "/fleetlock");
            assertThat(rule.getBackendRefs()).singleElement().satisfies(backend -> assertThat(backend.getName()).isEqualTo("platte"));
        });
        assertThat(routes.getLast().getSpec().getParentRefs()).singleElement()
                .satisfies(parent -> assertThat(parent.getName()).isEqualTo("internal"));
        assertThat(routes.getLast().getSpec().getRules().getFirst().getMatches())
                .extracting(HTTPRouteMatch::getPath).extracting(HTTPPathMatch::getValue).containsExactly("/");
    }

    @Test
    void autoscalerOwnsTheReplicaCountWhenEnabled() {
        var rendered = render("external-two-replicas.yaml", Map.of("autoscaling.enabled", true, "autoscaling.maxReplicas", 8));

        assertThat(rendered.one(Deployment.class).getSpec().getReplicas()).isNull();
        var autoscaler = rendered.one(HorizontalPodAutoscaler.class);
        assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(rendered.one(Deployment.class).getMetadata().getName());
        assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(autoscaler.getSpec().getMaxReplicas()).isEqualTo(8);
    }

    @ParameterizedTest(name = "values: {0}")
    @MethodSource("valueFiles")
    void notesTellWhereToSignInAndWhatNodesUse(String valueFile) {
        var install = new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE).dryRun().clientOnly();
        if (!valueFile.isEmpty()) {
            install = install.withValuesFile(VALUES.resolve(valueFile));
        }
        var notes = install.call().getOutput();

        assertThat(notes).contains("NOTES:", "Sign in as \"admin\"");
        assertThat(SECRET_VALUES).noneMatch(notes::contains);
        switch (valueFile) {
            case "ingress-split-tls.yaml" -> assertThat(notes)
                    .contains("https://platte.corp.example.com/", "SERVER=https://updates.example.com/v1/update/<path secret>");
            case "gateway-routes.yaml" -> assertThat(notes).contains("SERVER=https://updates.example.com/v1/update/");
            case "" -> assertThat(notes).contains("create secret generic platte-database", "generated password", "port-forward");
            default -> assertThat(notes).contains("database: " + (valueFile.startsWith("embedded") ? "embedded"
                    : valueFile.startsWith("cloudnativepg") ? "cloudnativepg" : "external"));
        }
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("embedded database with two replicas", "embedded-single-node.yaml",
                        Map.of("replicaCount", 2), "at '/replicaCount': value must be 1"),
                Arguments.of("embedded database without a persistent volume", "embedded-single-node.yaml",
                        Map.of("database.embedded.persistence.enabled", false),
                        "at '/database/embedded/persistence/enabled': value must be true"),
                Arguments.of("embedded database with an autoscaler", "embedded-single-node.yaml",
                        Map.of("autoscaling.enabled", true), "at '/autoscaling/enabled': value must be false"),
                Arguments.of("external database without a URL", "", Map.of("database.external.url", ""),
                        "at '/database/external/url'"),
                Arguments.of("external database without credentials", "",
                        Map.of("database.external.existingSecret", ""), "at '/database/external/password'"),
                Arguments.of("payloads on a volume only one node can mount, with two replicas", "",
                        Map.of("payloads.enabled", true, "payloads.persistence.accessModes[0]", "ReadWriteOnce"),
                        "value must be 'ReadWriteMany'"),
                Arguments.of("single sign-on without a client secret", "",
                        Map.of("oidc.enabled", true, "oidc.issuerUri", "https://login.example.com", "oidc.clientId", "platte"),
                        "at '/oidc/existingSecret'"),
                Arguments.of("a secret in the ConfigMap", "", Map.of("config.spring.datasource.password", "hunter2"),
                        "config must not hold secrets"),
                Arguments.of("a secret in plain environment variables", "", Map.of("env.PLATTE_WEBHOOK_TOKEN", "hunter2"),
                        "env must not hold secrets"),
                Arguments.of("a ServiceMonitor without credentials for non-public metrics", "",
                        Map.of("metrics.serviceMonitor.enabled", true), "metrics.serviceMonitor needs credentials"),
                Arguments.of("a misspelt value", "", Map.of("replicas", 3), "additional properties 'replicas' not allowed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesValuesThatCannotWork(String what, String valueFile, Map<String, Object> values, String message) {
        assertThatThrownBy(() -> render(valueFile, values)).hasMessageContaining(message);
    }

    @Test
    void readmeDescribesEveryValue() throws IOException {
        Map<String, Object> values = new Yaml().load(Files.readString(CHART.resolve("values.yaml")));
        var readme = Files.readString(CHART.resolve("README.md"));

        var keys = new TreeSet<String>();
        collectKeys("", values, keys);
        assertThat(keys).isNotEmpty().allSatisfy(key -> assertThat(readme).as("README row for " + key).contains("`" + key + "`"));
    }

    // --- rendering and reading -----------------------------------------------------------------------------

    private record Rendered(List<HasMetadata> objects) {

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type) {
            var found = all(type);
            assertThat(found).as(type.getSimpleName()).hasSize(1);
            return found.getFirst();
        }

        GenericKubernetesResource one(Class<GenericKubernetesResource> type, String kind) {
            var found = all(type).stream().filter(object -> object.getKind().equals(kind)).toList();
            assertThat(found).as(kind).hasSize(1);
            return found.getFirst();
        }
    }

    private static Rendered render(String valueFile) {
        return render(valueFile, Map.of());
    }

    private static Rendered render(String valueFile, Map<String, Object> values) {
        var template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        if (!valueFile.isEmpty()) {
            template = template.withValuesFile(VALUES.resolve(valueFile));
        }
        for (var value : values.entrySet()) {
            template = template.set(value.getKey(), value.getValue());
        }
        var objects = new ArrayList<HasMetadata>();
        for (var document : template.call().split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            HasMetadata object = KUBERNETES.unmarshal(document);
            objects.add(object);
        }
        return new Rendered(objects);
    }

    /**
     * fabric8 keeps fields its model does not know in {@code additionalProperties} instead of failing; a
     * misspelt or misplaced field must fail here, as the API server would drop or refuse it. Custom
     * resources (no model) are checked field by field in the tests that render them.
     */
    private static void assertNoUnknownFields(Object value, String where) {
        switch (value) {
            case null -> {}
            case GenericKubernetesResource custom ->
                    assertThat(custom.getApiVersion()).as(where).isIn("postgresql.cnpg.io/v1", "monitoring.coreos.com/v1");
            case Collection<?> items -> {
                var index = 0;
                for (var item : items) {
                    assertNoUnknownFields(item, where + "[" + index++ + "]");
                }
            }
            case Map<?, ?> map -> map.forEach((key, item) -> assertNoUnknownFields(item, where + "." + key));
            default -> {
                if (value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
                    assertModelFieldsKnown(value, where);
                }
            }
        }
    }

    private static void assertModelFieldsKnown(Object value, String where) {
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                var field = getter.invoke(value);
                if (getter.getName().equals("getAdditionalProperties")) {
                    assertThat((Map<?, ?>) field).as("fields unknown to Kubernetes in " + where).isNullOrEmpty();
                } else {
                    assertNoUnknownFields(field, where + "." + getter.getName().substring(3));
                }
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new AssertionError("cannot read " + where + "." + getter.getName(), e);
            }
        }
    }

    // --- small readers ---------------------------------------------------------------------------------------

    private static Container platteContainer(Deployment deployment) {
        return platteContainer(deployment.getSpec().getTemplate().getSpec());
    }

    private static Container platteContainer(io.fabric8.kubernetes.api.model.PodSpec pod) {
        assertThat(pod.getContainers()).singleElement().satisfies(container -> assertThat(container.getName()).isEqualTo("platte"));
        return pod.getContainers().getFirst();
    }

    private static String httpPath(Probe probe) {
        assertThat(probe).isNotNull();
        return probe.getHttpGet().getPath();
    }

    private static String plainEnv(Container container, String name) {
        var env = env(container, name);
        assertThat(env.getValueFrom()).as(name).isNull();
        return env.getValue();
    }

    private static void assertSecretRef(Container container, String name, String secret, String key) {
        var env = env(container, name);
        assertThat(env.getValue()).as(name).isNull();
        assertThat(env.getValueFrom().getSecretKeyRef().getName()).as(name).isEqualTo(secret);
        assertThat(env.getValueFrom().getSecretKeyRef().getKey()).as(name).isEqualTo(key);
    }

    private static EnvVar env(Container container, String name) {
        var matching = container.getEnv().stream().filter(env -> env.getName().equals(name)).toList();
        assertThat(matching).as("environment variable " + name).hasSize(1);
        return matching.getFirst();
    }

    private static Volume volume(List<Volume> volumes, String name) {
        return volumes.stream().filter(volume -> volume.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static Ingress ingress(Rendered rendered, String name) {
        return rendered.all(Ingress.class).stream().filter(ingress -> ingress.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Ingress " + name));
    }

    private static Map<String, String> decoded(Secret secret) {
        var decoded = new LinkedHashMap<String, String>();
        secret.getData().forEach((key, value) -> decoded.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        return decoded;
    }

    private static Map<String, Object> applicationYaml() {
        try {
            return new Yaml().load(Files.readString(Path.of("src/main/resources/application.yml")));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code server.port} is {@code ${PORT:8080}}: the chart sets no PORT, so the default applies. */
    private static int applicationPort() {
        var port = String.valueOf(at(applicationYaml(), "server.port"));
        var matcher = java.util.regex.Pattern.compile("\\$\\{PORT:(\\d+)}").matcher(port);
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : Integer.parseInt(port);
    }

    /** The numeric user the image runs as ({@code USER uid:gid} in the Dockerfile's last stage). */
    private static long dockerfileUid() {
        var user = dockerfile().lines().filter(line -> line.startsWith("USER ")).reduce((first, last) -> last).orElseThrow();
        return Long.parseLong(user.substring("USER ".length()).split(":")[0].trim());
    }

    private static String dockerfile() {
        try {
            return Files.readString(Path.of("Dockerfile"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> yaml, String dottedPath) {
        Object current = yaml;
        for (var part : dottedPath.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = ((Map<String, Object>) map).get(part);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static void collectKeys(String prefix, Map<String, Object> values, Set<String> keys) {
        for (var entry : values.entrySet()) {
            var key = prefix + entry.getKey();
            if (entry.getValue() instanceof Map<?, ?> nested && !nested.isEmpty() && !isFreeForm(key)) {
                collectKeys(key + ".", (Map<String, Object>) nested, keys);
            } else {
                keys.add(key);
            }
        }
    }

    /** Maps whose keys are Kubernetes' own (resources, security contexts): described as a whole. */
    private static boolean isFreeForm(String key) {
        return Set.of("resources", "podSecurityContext", "securityContext").contains(key);
    }
}
