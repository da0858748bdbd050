package org.medledger.apps.trials.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.apps.trials.contract.TrialDocuments.canonical;
import static org.medledger.apps.trials.contract.TrialDocuments.registration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.Hash;

/** Issue 17, trials item 1: a sponsor registers its own trial as an RFC 8785 document that reproduces byte for byte. */
class TrialRegistrationTest {
  final TrialsLedger ledger = new TrialsLedger();
  final Caller sponsor = ledger.member("pharma-a-sponsor", "pharma-a", "sponsor");
  final Caller otherSponsor = ledger.member("pharma-b-sponsor", "pharma-b", "sponsor");
  final Caller clinician = ledger.member("dr-who", "hospital-a", "clinician");
  final Caller patient = ledger.member("alice", "hospital-a", "patient");

  @Test
  void theLedgerKeepsTheHashOfTheCanonicalDocumentAndItReproducesByteForByte() throws Exception {
    String text = canonical(registration("MLT-0001", "pharma-a"));
    assertThat(ledger.run(sponsor, "register", "document", text).success()).isTrue();

    SortedMap<String, String> trial = ledger.query("trial", "trialId", "MLT-0001");
    byte[] rehashed = TrialsLedger.SUITE.hash().hash(text.getBytes(StandardCharsets.UTF_8));
    assertThat(trial.get("documentHash")).isEqualTo(Hash.of(rehashed).hex());
    assertThat(trial).containsEntry("sponsor", "pharma-a").containsEntry("latestVersion", "1").containsEntry("resultsDue", "2026-01-15");
    // The contract's own writer and an independent RFC 8785 implementation agree on every byte.
    assertThat(CanonicalJson.write(CanonicalJson.parseCanonicalObject("doc", text))).isEqualTo(text);

    SortedMap<String, String> v1 = ledger.query("version", "trialId", "MLT-0001", "version", "1");
    assertThat(v1).containsEntry("outcomes", "3").containsEntry("outcome.01.id", "P1").containsEntry("outcome.01.kind", "primary")
        .containsEntry("outcome.03.timeFrame", "24 months")
        .containsEntry("outcome.02.measureHash",
            Hash.of(TrialsLedger.SUITE.hash().hash("Major bleeding (ISTH criteria)".getBytes(StandardCharsets.UTF_8))).hex());
  }

  @Test
  void aDocumentNotInCanonicalFormOrMissingAnItemIsRefusedByNameAndNothingIsWritten() throws Exception {
    ObjectNode doc = registration("MLT-0002", "pharma-a");
    String pretty = TrialDocuments.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
    TxOutcome notCanonical = ledger.run(sponsor, "register", "document", pretty);
    assertThat(notCanonical.code()).isEqualTo("not_canonical");

    doc.remove("primaryOutcomes");
    TxOutcome noOutcome = ledger.run(sponsor, "register", "document", canonical(doc));
    assertThat(noOutcome.code()).isEqualTo("invalid_document");
    assertThat(noOutcome.message()).contains("primaryOutcomes");

    ObjectNode numbered = registration("MLT-0002", "pharma-a");
    numbered.put("targetSize", 300);
    assertThat(ledger.run(sponsor, "register", "document", canonical(numbered)).message()).contains("strings");

    ObjectNode badDate = registration("MLT-0002", "pharma-a");
    badDate.put("primaryCompletionDate", "15/01/2025");
    assertThat(ledger.run(sponsor, "register", "document", canonical(badDate)).message()).contains("YYYY-MM-DD");

    assertThat(ledger.trialsKeys()).isZero();
  }

  @Test
  void onlyASponsorRegistersAndOnlyForItsOwnOrganisation() throws Exception {
    String text = canonical(registration("MLT-0003", "pharma-a"));
    assertThat(ledger.run(clinician, "register", "document", text).code()).isEqualTo("forbidden");
    assertThat(ledger.run(patient, "register", "document", text).code()).isEqualTo("forbidden");
    TxOutcome cheat = ledger.run(otherSponsor, "register", "document", text);
    assertThat(cheat.code()).isEqualTo("forbidden");
    assertThat(cheat.message()).contains("pharma-a").contains("pharma-b");
    assertThat(ledger.trialsKeys()).isZero();

    assertThat(ledger.run(sponsor, "register", "document", text).success()).isTrue();
    assertThat(ledger.run(sponsor, "register", "document", text).code()).isEqualTo("already_registered");
  }

  @Test
  void canonicalWriterEscapesAsRfc8785Requires() throws ContractException {
    String s = canonical(TrialDocuments.JSON.createObjectNode().put("b", "tab\there \u001f \"q\" \\ / é 😀").put("a", "x"));
    assertThat(CanonicalJson.write(CanonicalJson.parseCanonicalObject("doc", s))).isEqualTo(s);
    assertThat(s).startsWith("{\"a\"").contains("\\t").contains("\\u001f").contains("/");
    List<String> refused = List.of("{\"a\":\"x\",\"a\":\"y\"}", "{\"a\":\"x\"} ", "{\"a\":\"\\/\"}", "{\"a\":true}");
    for (String r : refused) {
      assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> CanonicalJson.parseCanonicalObject("doc", r),
          ContractException.class)).as(r).isNotNull();
    }
  }
}
