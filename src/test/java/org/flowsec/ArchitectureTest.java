package org.flowsec;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package table of docs/architecture.md, executable: every arrow points down. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.flowsec");
    }

    private static void onlyDependsOn(String pkg, String... allowed) {
        String[] all = new String[allowed.length + 2];
        all[0] = "org.flowsec." + pkg + "..";
        all[1] = "java..";
        for (int i = 0; i < allowed.length; i++) {
            all[i + 2] = allowed[i].endsWith("..") ? allowed[i] : "org.flowsec." + allowed[i] + "..";
        }
        noClasses().that().resideInAPackage("org.flowsec." + pkg + "..")
                .should().dependOnClassesThat().resideOutsideOfPackages(all)
                .because(pkg + " may only import " + String.join(", ", allowed))
                .check(classes);
    }

    @Test
    void baseUsesOnlyTheJdk() {
        onlyDependsOn("base");
    }

    @Test
    void flowUsesOnlyBase() {
        onlyDependsOn("flow", "base");
    }

    @Test
    void decodeUsesOnlyFlowAndBase() {
        onlyDependsOn("decode", "flow", "base", "org.slf4j..");
    }

    @Test
    void storeDoesNotKnowAboutCollectionOrTheCommandLine() {
        onlyDependsOn("store", "flow", "base", "org.slf4j..", "com.github.luben..", "com.fasterxml..");
    }

    @Test
    void collectUsesDecodeButNotTheStore() {
        onlyDependsOn("collect", "decode", "flow", "base", "org.slf4j..", "com.fasterxml..");
    }

    @Test
    void generateUsesOnlyFlowAndBase() {
        onlyDependsOn("generate", "flow", "base");
    }

    @Test
    void queryFilterUsesOnlyFlowAndBase() {
        onlyDependsOn("query.filter", "flow", "base");
    }

    @Test
    void queryRunsOverBatchSourcesAndNeverOpensTheStore() {
        onlyDependsOn("query", "query.filter", "stats", "flow", "base");
    }

    @Test
    void renderUsesOnlyFlowDetectAndBase() {
        onlyDependsOn("render", "detect", "flow", "base");
    }

    @Test
    void detectRunsOnFlowsAndFiltersButNeverOpensTheStoreOrSockets() {
        // Alert sinks (syslog, webhook, files) use only the JDK; Jackson writes and reads alert JSON lines.
        onlyDependsOn("detect", "query.filter", "stats", "flow", "base", "org.slf4j..", "com.fasterxml..");
    }

    @Test
    void statsUsesOnlyBase() {
        onlyDependsOn("stats", "base");
    }

    @Test
    void nothingImportsTheCommandLineOrTheCompositionRoot() {
        noClasses().that().resideOutsideOfPackages("org.flowsec.cli..", "org.flowsec.app..")
                .should().dependOnClassesThat().resideInAnyPackage("org.flowsec.cli..", "org.flowsec.app..")
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.flowsec.(*)..").should().beFreeOfCycles().check(classes);
    }
}
