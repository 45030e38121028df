package io.payrecon;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.conditions.ArchConditions.be;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.payrecon.job.ReconciliationJob;
import io.payrecon.matching.OrderReconciler;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout the compiler cannot keep by itself. The rules core (module {@code core}: model,
 * matching, statements, the JSON codec) has no Flink or Kafka on its classpath, so its purity is the
 * compiler's job; what is left to check here is the Flink shell's side: that it adds nothing to the
 * core's packages but the savepoint aliases, that its packages by role form no cycle, and that the
 * leaves stay leaves.
 */
class ArchitectureTest {
    /**
     * Classes that savepoints of earlier releases name, kept at those names as small delegates (Flink
     * restores a serializer snapshot by instantiating the class the savepoint names). They are the only
     * job classes allowed in a core package or pointing back at a package that depends on them.
     */
    private static final Class<?>[] SAVEPOINT_ALIASES = {
        io.payrecon.model.PaymentEventSerializer.class, io.payrecon.job.StatementTotalsSerializer.class
    };

    private static JavaClasses job;
    private static JavaClasses all;

    @BeforeAll
    static void importProductionClasses() {
        // By the location of the classes, not by package: the tests' own classes stay out.
        URL jobClasses = location(ReconciliationJob.class);
        URL coreClasses = location(OrderReconciler.class);
        assertThat(jobClasses).isNotEqualTo(coreClasses);
        job = new ClassFileImporter().importUrl(jobClasses);
        all = new ClassFileImporter().importUrls(List.of(jobClasses, coreClasses));
    }

    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    @Test
    void theJobAddsNothingToTheCorePackagesButTheSavepointAliases() {
        classes()
                .that()
                .resideInAnyPackage(
                        "io.payrecon.model..",
                        "io.payrecon.matching..",
                        "io.payrecon.statements..",
                        "io.payrecon.codec..")
                .should(be(belongToAnyOf(SAVEPOINT_ALIASES)))
                .because("the core's packages belong to the core module; the job holds only savepoint aliases there")
                .check(job);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.payrecon.(**)")
                .should()
                .beFreeOfCycles()
                .ignoreDependency(belongToAnyOf(SAVEPOINT_ALIASES), alwaysTrue())
                .check(all);
    }

    /** Flink types, serializers and type information: everything else stands on them, they on nothing. */
    @Test
    void stateIsALeafOfTheJob() {
        noClasses()
                .that()
                .resideInAPackage("io.payrecon.job.state..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.payrecon.job",
                        "io.payrecon.job.config..",
                        "io.payrecon.job.io..",
                        "io.payrecon.job.reconcile..",
                        "io.payrecon.job.statements..")
                .check(all);
    }

    /** The roles never reach back into the wiring: only {@code io.payrecon.job} puts them together. */
    @Test
    void onlyTheWiringKnowsEveryRole() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.payrecon.job.config..",
                        "io.payrecon.job.io..",
                        "io.payrecon.job.reconcile..",
                        "io.payrecon.job.statements..",
                        "io.payrecon.job.state..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.payrecon.job")
                .check(all);
    }

    /** The rules that decide what is reconciled never see how records reach them. */
    @Test
    void reconcilingKnowsNoSourceOrSink() {
        noClasses()
                .that()
                .resideInAnyPackage("io.payrecon.job.reconcile..", "io.payrecon.job.statements..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.payrecon.job.io..", "org.apache.kafka..", "org.apache.flink.connector..")
                .check(all);
    }

    /** The aliases are what they claim: each holds one nested snapshot class and nothing else. */
    @Test
    void aliasesHoldOnlyTheirSnapshot() {
        ArchRule rule = classes()
                .that(belongToAnyOf(SAVEPOINT_ALIASES))
                .and()
                .areNestedClasses()
                .should()
                .haveSimpleName("Snapshot");
        rule.check(job);
        for (Class<?> alias : SAVEPOINT_ALIASES) {
            assertThat(alias.getDeclaredClasses())
                    .extracting(Class::getSimpleName)
                    .containsExactly("Snapshot");
        }
    }
}
