package org.medledger.apps.safety.contract.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;

/** A case version reads back from its bytes, with or without a causality, and versions written before causality still read. */
class CaseVersionCodecTest {
  static CaseVersion version(Optional<Causality> causality) {
    return new CaseVersion(2, List.of("rash", "angioedema"), "swelling of the lips", Seriousness.SERIOUS, Outcome.RECOVERING,
        causality, "2027-01-10", "ab".repeat(32), "hospital-a", 41, 1_800_000_000_000L, "cd".repeat(32));
  }

  @Test
  void everyCausalityAndNoneReadBack() {
    assertThat(CaseVersion.decode(version(Optional.empty()).encode())).isEqualTo(version(Optional.empty()));
    for (Causality c : Causality.values()) {
      assertThat(CaseVersion.decode(version(Optional.of(c)).encode())).isEqualTo(version(Optional.of(c)));
    }
  }

  @Test
  void aFormatOneVersionReadsAsNoCausalityStated() {
    CaseVersion v = version(Optional.empty());
    byte[] formatOne = new CanonicalWriter(256).u8(1).u32(v.version()).u32(2).string("rash").string("angioedema")
        .string(v.description()).u8(v.seriousness().ordinal()).u8(v.outcome().ordinal()).string(v.onset()).string(v.reporter())
        .string(v.reporterOrganisation()).u64(v.height()).u64(v.time()).string(v.transactionId()).toByteArray();
    assertThat(CaseVersion.decode(formatOne)).isEqualTo(v);
  }

  @Test
  void aCausalityByteOutOfRangeIsRefusedByName() {
    byte[] bytes = version(Optional.of(Causality.CERTAIN)).encode();
    int at = indexOfCausality(bytes);
    bytes[at] = (byte) (Causality.values().length + 1);
    assertThatThrownBy(() -> CaseVersion.decode(bytes)).isInstanceOf(DecodeException.class).hasMessageContaining("causality");
  }

  /** The causality byte follows seriousness and outcome: found as the one byte that differs between two causalities. */
  static int indexOfCausality(byte[] certain) {
    byte[] possible = version(Optional.of(Causality.POSSIBLE)).encode();
    for (int i = 0; i < certain.length; i++) {
      if (certain[i] != possible[i]) {
        return i;
      }
    }
    throw new AssertionError("no causality byte");
  }
}
