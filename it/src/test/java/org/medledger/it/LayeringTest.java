package org.medledger.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point downward (ARCHITECTURE.md §Modules): the deterministic core and the crypto
 * below it never reach storage, network, the node or any I/O library, so consensus-critical code
 * can be run and tested without a disk, a network or a clock.
 */
class LayeringTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importAll() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        // it/ depends on core's and node's test-jars (their test helpers): those are tests too.
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("org.medledger");
  }

  @Test
  void cryptoDependsOnNothingElseOfOurs() {
    ArchRule rule = noClasses().that().resideInAPackage("org.medledger.crypto..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.medledger.core..", "org.medledger.storage..", "org.medledger.consensus..",
            "org.medledger.network..", "org.medledger.vault..", "org.medledger.apps..",
            "org.medledger.node..", "org.medledger.client..", "org.medledger.cli..");
    rule.check(classes);
  }

  @Test
  void coreAndCryptoDoNoIo() {
    ArchRule rule = noClasses().that().resideInAnyPackage("org.medledger.core..", "org.medledger.crypto..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.medledger.storage..", "org.medledger.network..", "org.medledger.node..",
            "org.medledger.vault..", "org.medledger.client..", "org.medledger.cli..", "org.medledger.fhir..",
            "io.javalin..", "org.rocksdb..", "io.netty..", "java.net..", "java.nio.file..", "ca.uhn..", "org.hl7..")
        .orShould().dependOnClassesThat().belongToAnyOf(
            java.io.File.class, java.io.FileInputStream.class, java.io.FileOutputStream.class,
            java.io.RandomAccessFile.class);
    rule.check(classes);
  }

  @Test
  void coreAndCryptoNeverReadTheWallClockOrMakeThreads() {
    ArchRule rule = noClasses().that().resideInAnyPackage("org.medledger.core..", "org.medledger.crypto..")
        .should().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().callMethod(java.time.Instant.class, "now")
        .orShould().callConstructor(Thread.class)
        .orShould().callConstructor(java.util.Random.class)
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.HashMap");
    rule.check(classes);
  }

  @Test
  void theVaultCodesAndSealsWithoutConsensusOrTheNode() {
    // ARCHITECTURE.md: vault must not depend on consensus; its coding and sealing are pure, so
    // every node computes the same shards and shard hashes from the same document and key.
    noClasses().that().resideInAPackage("org.medledger.vault..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.medledger.consensus..", "org.medledger.node..", "org.medledger.storage..", "org.medledger.network..",
            "org.medledger.core..", "org.medledger.client..", "org.medledger.cli..")
        .check(classes);
  }

  @Test
  void fhirOnlyTranslatesTheLedgersRecords() {
    // FHIR is a view of the ledger's health records: it reads and writes no storage, network or node state.
    noClasses().that().resideInAPackage("org.medledger.apps.records.node.fhir..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.medledger.consensus..", "org.medledger.node..", "org.medledger.storage..", "org.medledger.network..",
            "org.medledger.vault..", "org.medledger.client..", "org.medledger.cli..", "io.javalin..", "org.rocksdb..")
        .check(classes);
  }

  @Test
  void networkCarriesBytesAndKnowsNoLedger() {
    // ARCHITECTURE.md: network must not depend on core internals; it moves framed bytes between
    // authenticated peers, and the node decides what they mean.
    noClasses().that().resideInAPackage("org.medledger.network..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.medledger.core..", "org.medledger.storage..", "org.medledger.consensus..", "org.medledger.node..",
            "org.medledger.client..", "org.medledger.cli..", "org.rocksdb..", "io.javalin..")
        .check(classes);
  }

  @Test
  void consensusIsAPureStateMachine() {
    // STYLE.md: one consensus instance is driven by one event queue; time, randomness and
    // transport are injected, so the simulator runs the engine unchanged.
    noClasses().that().resideInAPackage("org.medledger.consensus..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.medledger.storage..", "org.medledger.node..", "org.medledger.network..", "org.medledger.apps..",
            "io.javalin..", "org.rocksdb..", "io.netty..", "java.net..", "java.nio.file..")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().callConstructor(Thread.class)
        .orShould().callConstructor(java.util.Random.class)
        .check(classes);
  }

  @Test
  void storageKnowsNothingOfTheNodeOrNetwork() {
    noClasses().that().resideInAPackage("org.medledger.storage..")
        .should().dependOnClassesThat().resideInAnyPackage("org.medledger.node..", "org.medledger.network..", "org.medledger.cli..", "io.javalin..")
        .check(classes);
  }

  @Test
  void clientDoesNotDependOnTheNode() {
    noClasses().that().resideInAPackage("org.medledger.client..")
        .should().dependOnClassesThat().resideInAnyPackage("org.medledger.node..", "org.medledger.storage..", "org.medledger.cli..")
        .check(classes);
  }

  @Test
  void nodeDoesNotDependOnTheCli() {
    noClasses().that().resideInAPackage("org.medledger.node..")
        .should().dependOnClassesThat().resideInAPackage("org.medledger.cli..")
        .check(classes);
  }
}
