package org.medledger.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's rules for applications as modules (APPLICATIONS-MODEL.md, "Rules"): each is checked
 * on the release's classes and shown to catch a violation in the deliberately bad fixtures of
 * this test tree ({@code org.medledger.apps.layeringfixture}, {@code apps.otherfixture}, {@code
 * node.layeringfixture}, {@code core.layeringfixture}), so a rule that cannot fail fails here.
 */
class ApplicationLayeringTest {
  private static final Pattern APPLICATION = Pattern.compile("org\\.medledger\\.apps\\.([a-z0-9_]+)(\\.(.*))?");
  private static JavaClasses release;
  private static JavaClasses fixtures;

  @BeforeAll
  static void importClasses() {
    release = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).withImportOption(location -> !location.contains("-tests.jar")).importPackages("org.medledger");
    fixtures = new ClassFileImporter().importPackages("org.medledger.apps.layeringfixture", "org.medledger.apps.otherfixture",
        "org.medledger.node.layeringfixture", "org.medledger.core.layeringfixture");
  }

  /** An application's contract package is consensus code: same bytes on every node, so no I/O, clock, randomness, threads or hash order. */
  static final ArchRule CONTRACTS_ARE_DETERMINISTIC = noClasses().that().resideInAPackage("org.medledger.apps.*.contract..")
      .should().dependOnClassesThat().resideInAnyPackage("org.medledger.node..", "org.medledger.storage..",
          "org.medledger.network..", "org.medledger.consensus..", "org.medledger.vault..", "org.medledger.client..",
          "org.medledger.cli..", "org.medledger.fhir..", "io.javalin..", "org.rocksdb..", "io.netty..", "java.net..",
          "java.nio.file..", "java.util.concurrent..")
      .orShould().dependOnClassesThat().belongToAnyOf(java.util.HashMap.class, java.util.HashSet.class, java.io.File.class,
          java.io.FileInputStream.class, java.io.FileOutputStream.class, java.io.RandomAccessFile.class,
          java.security.SecureRandom.class, java.util.Random.class, Thread.class)
      .orShould().callMethod(System.class, "currentTimeMillis")
      .orShould().callMethod(System.class, "nanoTime")
      .orShould().callMethod(java.time.Instant.class, "now")
      .orShould().callMethod(java.util.stream.Collectors.class, "toSet")
      .because("an application's contract runs in consensus: every validator must compute the same bytes");

  /** Only the JDK, core, crypto, the application's own contract package and another's contract.view. */
  static final ArchRule CONTRACTS_USE_ONLY_CORE_CRYPTO_AND_THEMSELVES = classes().that().resideInAPackage("org.medledger.apps.*.contract..")
      .should(dependOnlyOnCoreCryptoAndOwnContract())
      .because("a contract package is tested and replayed without the node (APPLICATIONS-MODEL.md, Rules)");

  /** No application reaches into another's node-facing part; reading another's state goes through the contract context. */
  static final ArchRule NO_APPLICATION_USES_ANOTHERS_NODE_PART = classes().that().resideInAPackage("org.medledger.apps..")
      .should(notDependOnAnotherApplicationsNodePart())
      .because("applications are independent modules; apps/all is the only place that lists them");

  /** The platform names no application: it mounts what the class path and the genesis give it. */
  static final ArchRule PLATFORM_NAMES_NO_APPLICATION = noClasses().that().resideInAnyPackage("org.medledger.node..",
          "org.medledger.network..", "org.medledger.storage..", "org.medledger.consensus..", "org.medledger.vault..")
      .or().haveFullyQualifiedName("org.medledger.cli.Main").or().haveFullyQualifiedName("org.medledger.cli.Demo")
      .should().dependOnClassesThat().resideInAPackage("org.medledger.apps..")
      .because("the node mounts applications through node/application and never names one");

  /** Core and crypto import nothing above them. */
  static final ArchRule CORE_AND_CRYPTO_IMPORT_NOTHING_ABOVE = noClasses().that().resideInAnyPackage("org.medledger.core..",
          "org.medledger.crypto..")
      .should().dependOnClassesThat().resideInAnyPackage("org.medledger.apps..", "org.medledger.node..",
          "org.medledger.storage..", "org.medledger.network..", "org.medledger.consensus..", "org.medledger.vault..",
          "org.medledger.client..", "org.medledger.cli..", "org.medledger.fhir..")
      .because("dependencies point downward (ARCHITECTURE.md)");

  @Test
  void applicationContractsAreDeterministic() {
    assertThat(CONTRACTS_ARE_DETERMINISTIC.evaluate(release).getFailureReport().getDetails())
        .as("application contract code that could differ between validators (no known exception is left: drugs finds a pack"
            + " named twice with a TreeSet, PackTargets)")
        .isEmpty();
    assertThat(CONTRACTS_ARE_DETERMINISTIC.evaluate(fixtures).getFailureReport().getDetails())
        .anySatisfy(d -> assertThat(d).contains("currentTimeMillis"))
        .anySatisfy(d -> assertThat(d).contains("java.util.Random"))
        .anySatisfy(d -> assertThat(d).contains("java.nio.file.Files"))
        .anySatisfy(d -> assertThat(d).contains("java.util.HashMap"))
        .anySatisfy(d -> assertThat(d).contains("java.lang.Thread.<init>"));
  }

  @Test
  void applicationContractsUseOnlyCoreCryptoAndThemselves() {
    assertThat(release.containPackage("org.medledger.apps.records.contract.audit"))
        .as("the records contracts (their own artifact) are among the classes checked").isTrue();
    CONTRACTS_USE_ONLY_CORE_CRYPTO_AND_THEMSELVES.check(release);
    assertThat(CONTRACTS_USE_ONLY_CORE_CRYPTO_AND_THEMSELVES.evaluate(fixtures).getFailureReport().getDetails())
        .anySatisfy(d -> assertThat(d).contains("org.medledger.node.api.Requests"));
  }

  @Test
  void noApplicationUsesAnothersNodePart() {
    NO_APPLICATION_USES_ANOTHERS_NODE_PART.check(release);
    assertThat(NO_APPLICATION_USES_ANOTHERS_NODE_PART.evaluate(fixtures).getFailureReport().getDetails())
        .anySatisfy(d -> assertThat(d).contains("ReachesIntoAnother").contains("otherfixture.node.OtherService"));
  }

  @Test
  void thePlatformNamesNoApplication() {
    PLATFORM_NAMES_NO_APPLICATION.check(release);
    assertThat(PLATFORM_NAMES_NO_APPLICATION.evaluate(fixtures).getFailureReport().getDetails())
        .anySatisfy(d -> assertThat(d).contains("NamesAnApplication"));
  }

  @Test
  void coreAndCryptoImportNothingAboveThem() {
    CORE_AND_CRYPTO_IMPORT_NOTHING_ABOVE.check(release);
    assertThat(CORE_AND_CRYPTO_IMPORT_NOTHING_ABOVE.evaluate(fixtures).getFailureReport().getDetails())
        .anySatisfy(d -> assertThat(d).contains("ReachesUp"));
  }

  private static Optional<String[]> application(String packageName) {
    Matcher m = APPLICATION.matcher(packageName);
    return m.matches() ? Optional.of(new String[] {m.group(1), m.group(3) == null ? "" : m.group(3)}) : Optional.empty();
  }

  private static ArchCondition<JavaClass> dependOnlyOnCoreCryptoAndOwnContract() {
    return new ArchCondition<>("depend only on the JDK, core, crypto, its own contract package and others' contract.view") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String own = application(origin.getPackageName()).orElseThrow()[0];
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          JavaClass target = d.getTargetClass();
          String p = target.getPackageName();
          if (target.isPrimitive() || target.isArray() || p.startsWith("java.") || p.startsWith("org.medledger.core")
              || p.startsWith("org.medledger.crypto")) {
            continue;
          }
          Optional<String[]> app = application(p);
          // Besides contract.view, drugs' contract.gs1 (GTINs, element strings: pure, and held to the determinism rule as
          // drugs' contract code) is shared, so that safety's UDI codec reads GS1 with the one GS1 parser (docs/safety.md).
          boolean allowed = app.isPresent() && (app.get()[0].equals(own) ? app.get()[1].startsWith("contract")
              : app.get()[1].startsWith("contract.view") || app.get()[0].equals("drugs") && app.get()[1].startsWith("contract.gs1"));
          if (!allowed) {
            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
          }
        }
      }
    };
  }

  private static ArchCondition<JavaClass> notDependOnAnotherApplicationsNodePart() {
    return new ArchCondition<>("not depend on another application's node package") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        Optional<String[]> self = application(origin.getPackageName());
        if (self.isEmpty()) {
          return;
        }
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          Optional<String[]> target = application(d.getTargetClass().getPackageName());
          if (target.isPresent() && !target.get()[0].equals(self.get()[0])
              && (target.get()[1].equals("node") || target.get()[1].startsWith("node."))) {
            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
          }
        }
      }
    };
  }
}
