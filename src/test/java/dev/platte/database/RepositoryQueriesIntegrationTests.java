package dev.platte.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.platte.support.ServerTest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.data.repository.Repository;

/**
 * Repositories are built on first use (lazy bootstrap, so the first update check is not kept waiting for
 * every query of the dashboard to be parsed); building them all here keeps a bad query a failing build.
 */
class RepositoryQueriesIntegrationTests extends ServerTest {

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void buildsEveryRepositoryWithItsQueries() {
        var repositories = context.getBeansOfType(Repository.class);

        assertThat(repositories).hasSize(repositoryInterfaces()).allSatisfy((name, repository) ->
                assertThat(repository).isNotNull());
    }

    @Test
    void leavesRepositoriesToBeBuiltOnFirstUse() {
        var names = context.getBeanFactory().getBeanNamesForType(Repository.class, true, false);

        assertThat(names).hasSize(repositoryInterfaces());
        assertThat(Arrays.stream(names).map(context.getBeanFactory()::getBeanDefinition))
                .allSatisfy(definition -> assertThat(definition.isLazyInit()).isTrue());
    }

    /** Interfaces under dev.platte that are Spring Data repositories, found as Spring Data finds them. */
    private static int repositoryInterfaces() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent();
            }
        };
        scanner.addIncludeFilter(new AssignableTypeFilter(Repository.class));
        return scanner.findCandidateComponents("dev.platte").size();
    }
}
