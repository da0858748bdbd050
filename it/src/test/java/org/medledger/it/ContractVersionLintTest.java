package org.medledger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.medledger.node.application.Application;
import org.medledger.node.application.Applications;

/**
 * An application's {@code version()} names the rules its chain was written under: a genesis names
 * it, and a node runs only the version its genesis names (docs/applications.md, "Contract
 * versions"). So a change to a contract package without a version bump is a chain that replays
 * differently under the same name. This fails loudly on one: {@code contract-fingerprints.txt}
 * records, per shipped application, the version and the fingerprint of its contract package
 * ({@link ContractFingerprints}) it was taken at.
 */
class ContractVersionLintTest {
  static final String RECORD_NAME = "it/src/test/resources/org/medledger/it/contract-fingerprints.txt";
  static final Path RECORD = Path.of("src/test/resources/org/medledger/it/contract-fingerprints.txt");
  static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyShippedContractIsAtTheVersionItsFingerprintWasRecordedAt() throws Exception {
    Map<String, Integer> versions = new TreeMap<>();
    Map<String, String> fingerprints = new TreeMap<>();
    for (Application a : Applications.onClassPath().all()) {
      Map<String, String> sources = ContractFingerprints.sources(REPOSITORY, a.name());
      assertThat(sources).as("the contract package of application '" + a.name() + "' under " + REPOSITORY.resolve("apps"))
          .isNotEmpty();
      versions.put(a.name(), a.version());
      fingerprints.put(a.name(), ContractFingerprints.fingerprint(sources));
    }
    var recorded = ContractFingerprints.read(Files.readAllLines(RECORD, StandardCharsets.UTF_8));
    assertThat(ContractFingerprints.problems(recorded, versions, fingerprints, RECORD_NAME)).isEmpty();
  }

  @Test
  void aCommentOrAReformatKeepsTheFingerprintAndAMessageOrARuleChangesIt() {
    String rule = """
        /** Who may anchor. */
        final class Rule {
          // a clinician only
          String refuse() { return "only a clinician // anchors"; }
          int weight() { return 1; }
        }
        """;
    String commented = rule.replace("// a clinician only", "/* a clinician only, as issue 16 says */")
        .replace("  int weight()", "\n\n      int   weight()");
    String message = rule.replace("only a clinician // anchors", "only a clinician  // anchors");
    String weight = rule.replace("return 1;", "return 2;");
    String fingerprint = fingerprint(rule);
    assertThat(fingerprint(commented)).isEqualTo(fingerprint);
    assertThat(fingerprint(message)).as("white space inside a committed message counts").isNotEqualTo(fingerprint);
    assertThat(fingerprint(weight)).isNotEqualTo(fingerprint);
    assertThat(ContractFingerprints.normalise("char c = '\"'; // \"not a string\nint x;")).isEqualTo("char c = '\"'; int x;");
  }

  @Test
  void aChangedContractAtTheSameVersionIsRefusedSayingToBumpIt() {
    var recorded = ContractFingerprints.read(List.of("# application version fingerprint", "care 1 " + "a".repeat(64),
        "trials unpinned"));
    Map<String, Integer> versions = Map.of("care", 1, "trials", 1);
    Map<String, String> changed = Map.of("care", "b".repeat(64), "trials", "c".repeat(64));
    assertThat(ContractFingerprints.problems(recorded, versions, changed, "record.txt")).singleElement().asString()
        .contains("application 'care': its contract package changed but version() is still 1")
        .contains("bump version() to 2 and record 'care 2 " + "b".repeat(64) + "' in record.txt");
    assertThat(ContractFingerprints.problems(recorded, Map.of("care", 2, "trials", 1), changed, "record.txt")).singleElement()
        .asString().contains("'care' is at version 2 but record.txt records version 1");
    assertThat(ContractFingerprints.problems(recorded, Map.of("care", 1, "trials", 1, "dental", 1),
        Map.of("care", "a".repeat(64), "trials", "c".repeat(64), "dental", "d".repeat(64)), "record.txt")).singleElement()
        .asString().contains("'dental' is not in record.txt");
    var held = ContractFingerprints.read(List.of("records 1 " + "a".repeat(64) + " held"));
    assertThat(ContractFingerprints.problems(held, Map.of("records", 1), Map.of("records", "e".repeat(64)), "record.txt"))
        .singleElement().asString().contains("changed at version 1, which is held").contains("GoldenReplayTest")
        .contains("record 'records 1 " + "e".repeat(64) + " held'");
    assertThat(ContractFingerprints.problems(recorded, Map.of("trials", 1), Map.of("trials", "c".repeat(64)), "record.txt"))
        .singleElement().asString().contains("names application 'care', which this release does not ship");
    assertThatThrownBy(() -> ContractFingerprints.read(List.of("care one " + "a".repeat(64))))
        .hasMessageContaining("'care one");
  }

  private static String fingerprint(String source) {
    return ContractFingerprints.fingerprint(Map.of("org/medledger/apps/x/contract/Rule.java", source));
  }
}
