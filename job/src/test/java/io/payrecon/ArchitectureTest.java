package io.payrecon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.elements.GivenClassesConjunction;
import io.payrecon.matching.OrderReconciler;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules core stays plain Java: the model, the matching rules and the statements' arithmetic know
 * nothing of Flink or Kafka, and no part of the core (model, matching, statements, codec) reaches
 * into the Flink job. That is what lets the rules run in a unit test, in the reference the
 * end-to-end tests compare with, and in any other engine; the Flink shell ({@code io.payrecon.job})
 * adapts them.
 */
class ArchitectureTest {
    /**
     * The one exception, by exact name: release 1.1 wrote this class name into savepoints as the
     * event serializer's snapshot, and Flink restores a snapshot by instantiating the class it names,
     * so it must stay at this name in the model package, where it is a Flink type delegating to the
     * serializer of the Flink shell. Nothing else may join it.
     */
    private static final String SAVEPOINT_ALIAS = "io.payrecon.model.PaymentEventSerializer$Snapshot";

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        // By the location of the job's classes, not by package: the tests' own classes stay out.
        production = new ClassFileImporter()
                .importUrl(OrderReconciler.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation());
    }

    private static ArchRule coreFreeOfFlinkAndKafka(boolean exemptAlias) {
        GivenClassesConjunction core = noClasses()
                .that()
                .resideInAnyPackage("io.payrecon.model..", "io.payrecon.matching..", "io.payrecon.statements..");
        if (exemptAlias) {
            core = core.and().doNotHaveFullyQualifiedName(SAVEPOINT_ALIAS);
        }
        return core.should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.flink..", "org.apache.kafka..")
                .because("the rules core is plain Java; Flink and Kafka belong to the job and the codec's adapters");
    }

    private static ArchRule coreIndependentOfTheJob(boolean exemptAlias) {
        GivenClassesConjunction core = noClasses()
                .that()
                .resideInAnyPackage(
                        "io.payrecon.model..",
                        "io.payrecon.matching..",
                        "io.payrecon.statements..",
                        "io.payrecon.codec..");
        if (exemptAlias) {
            core = core.and().doNotHaveFullyQualifiedName(SAVEPOINT_ALIAS);
        }
        return core.should()
                .dependOnClassesThat()
                .resideInAPackage("io.payrecon.job..")
                .because("the Flink job adapts the core, never the other way round");
    }

    @Test
    void modelAndRulesUseNeitherFlinkNorKafka() {
        coreFreeOfFlinkAndKafka(true).check(production);
    }

    @Test
    void theCoreNeverDependsOnTheFlinkJob() {
        coreIndependentOfTheJob(true).check(production);
    }

    /** The rules see the classes (they are not vacuous), and the alias is their one and only exception. */
    @Test
    void theSavepointAliasIsTheOnlyException() {
        for (ArchRule rule : List.of(coreFreeOfFlinkAndKafka(false), coreIndependentOfTheJob(false))) {
            List<String> violations =
                    rule.evaluate(production).getFailureReport().getDetails();
            assertThat(violations)
                    .as(rule.getDescription())
                    .isNotEmpty()
                    .allSatisfy(violation -> assertThat(violation).contains(SAVEPOINT_ALIAS));
        }
    }
}
