package org.flowsec.collect.pcap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class PcapDependenciesTest {
    @Test
    void captureReadingUsesOnlyFlowBaseAndTheJdk() {
        noClasses().that().resideInAPackage("org.flowsec.collect.pcap..")
                .should().dependOnClassesThat().resideOutsideOfPackages("org.flowsec.collect.pcap..",
                        "org.flowsec.flow..", "org.flowsec.base..", "java..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("org.flowsec.collect.pcap"));
    }
}
