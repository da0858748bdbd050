package org.medledger.apps.credentials.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.credentials.contract.PrimarySourceKind;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.fhirconformance.FhirConformance;

/**
 * The custodian's store of verification documents and the document itself: its hash ignores
 * spacing and key order but not a changed outcome, it is valid R4, and a kept file altered on
 * disk is never handed out.
 */
class VerificationStoreTest {
  private static final CryptoSuite SUITE = CryptoSuites.intl();
  @TempDir Path dir;

  private static VerificationDocument document(String outcome) {
    return VerificationDocument.of("medical-board", "MB-1001", Hash.of(SUITE.hash().hash("dr-wang".getBytes())),
        Hash.of(SUITE.hash().hash("registrar".getBytes())), List.of(
            new PrimarySourceCheck(PrimarySourceKind.DEGREE, "Peking University", outcome, LocalDate.of(2026, 11, 30)),
            new PrimarySourceCheck(PrimarySourceKind.BOARD_EXAM, "National Medical Examination Center", "successful",
                LocalDate.of(2026, 11, 30))));
  }

  @Test
  void theDocumentIsValidR4AndItsHashIsOfItsCanonicalForm() throws Exception {
    VerificationDocument d = document("successful");
    FhirConformance.assertValid(d.json().toString());
    assertThat(d.json().get("status").asText()).isEqualTo("validated");
    assertThat(d.json().get("validationType").get("coding").get(0).get("code").asText()).isEqualTo("multiple");
    assertThat(d.sources()).containsExactly(PrimarySourceKind.DEGREE, PrimarySourceKind.BOARD_EXAM);
    String spaced = new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
        .writeValueAsString(d.json());
    VerificationDocument reread = VerificationDocument.parse(new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(spaced));
    assertThat(reread.hash(SUITE.hash())).isEqualTo(d.hash(SUITE.hash()));
    VerificationDocument failed = document("failed");
    assertThat(failed.json().get("status").asText()).isEqualTo("val-fail");
    assertThat(failed.hash(SUITE.hash())).isNotEqualTo(d.hash(SUITE.hash()));
    assertThatThrownBy(() -> VerificationDocument.parse(new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree("{\"resourceType\": \"Patient\"}"))).hasMessageContaining("a FHIR R4 VerificationResult object is required");
    assertThatThrownBy(() -> PrimarySourceCheck.parse("degree", LocalDate.of(2026, 1, 1)))
        .hasMessageContaining("must be KIND=SOURCE or KIND=SOURCE=OUTCOME");
    assertThatThrownBy(() -> PrimarySourceCheck.parse("degree=X=maybe", LocalDate.of(2026, 1, 1)))
        .hasMessageContaining("successful, failed or unknown, not 'maybe'");
  }

  @Test
  void aKeptDocumentComesBackAsKeptAndAnAlteredOneIsRefused() throws Exception {
    VerificationStore store = new VerificationStore(dir, SUITE.hash());
    VerificationDocument d = document("successful");
    Hash id = d.hash(SUITE.hash());
    assertThat(store.get(id)).isEmpty();
    assertThatThrownBy(() -> store.put(document("failed").hash(SUITE.hash()), d.canonical()))
        .hasMessageContaining("do not hash to");
    store.put(id, d.canonical());
    assertThat(store.get(id)).hasValueSatisfying(b -> assertThat(b).isEqualTo(d.canonical()));
    Path file = dir.resolve(id.hex() + ".json");
    Files.writeString(file, Files.readString(file).replace("\"successful\"", "\"unknown\""));
    assertThatThrownBy(() -> store.get(id)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no longer matches its hash");
    store.delete(id);
    assertThat(store.get(id)).isEmpty();
  }
}
