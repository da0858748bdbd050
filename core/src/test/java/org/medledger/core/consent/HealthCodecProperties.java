package org.medledger.core.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.medledger.core.access.AccessDecision;
import org.medledger.core.audit.AccessEvent;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.patient.PatientId;
import org.medledger.crypto.Hash;

/** Consent grants and access events decode only from their one canonical encoding. */
class HealthCodecProperties {
  Arbitrary<Hash> hashes() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32).map(Hash::of);
  }

  @Provide
  Arbitrary<ConsentGrant> grants() {
    Arbitrary<TreeSet<String>> categories = Arbitraries.of("all", "laboratory", "imaging", "medication", "vital-signs")
        .set().ofMaxSize(4).map(TreeSet::new);
    Arbitrary<TreeSet<Hash>> records = hashes().set().ofMaxSize(3).map(TreeSet::new);
    Arbitrary<TreeSet<PurposeOfUse>> purposes = Arbitraries.of(PurposeOfUse.class).set().ofMinSize(1).ofMaxSize(3).map(TreeSet::new);
    Arbitrary<String> grantees = Arbitraries.oneOf(Arbitraries.of("org:hospital-a", "org:Health Authority"),
        hashes().map(h -> "cert:" + h.hex()));
    return Combinators.combine(hashes(), grantees, categories, records, purposes,
        Arbitraries.longs().between(0, Long.MAX_VALUE / 2), Arbitraries.longs().between(1, Long.MAX_VALUE / 2),
        Arbitraries.of(true, false))
        .as((p, g, c, r, pu, start, length, delegable) -> c.isEmpty() && r.isEmpty() ? null
            : new ConsentGrant("chain", new PatientId(p), Grantee.parse(g), c, r, pu, start, start + length, delegable, "ref-1"))
        .filter(g -> g != null);
  }

  @Property(tries = 300)
  void aGrantDecodesToItself(@ForAll("grants") ConsentGrant g) {
    assertThat(ConsentGrant.decode(g.encode())).isEqualTo(g);
  }

  @Property(tries = 300)
  void anyAlteredByteEitherFailsToDecodeOrMakesAnotherGrantWithAnotherId(
      @ForAll("grants") ConsentGrant g, @ForAll @IntRange(min = 0, max = 10_000) int at, @ForAll @IntRange(min = 1, max = 255) int flip) {
    byte[] b = g.encode();
    b[at % b.length] ^= (byte) flip;
    try {
      ConsentGrant other = ConsentGrant.decode(b);
      assertThat(other.encode()).isEqualTo(b);
      assertThat(other).isNotEqualTo(g);
    } catch (DecodeException expected) {
      // refused, naming the field
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 200)
  void aTruncatedGrantIsRefused(@ForAll("grants") ConsentGrant g, @ForAll @IntRange(min = 0, max = 10_000) int cut) {
    byte[] b = g.encode();
    byte[] shorter = Arrays.copyOf(b, cut % b.length);
    try {
      ConsentGrant.decode(shorter);
      throw new AssertionError("a truncated grant decoded");
    } catch (DecodeException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<AccessEvent> events() {
    Arbitrary<AccessDecision> decisions = Combinators.combine(Arbitraries.of(AccessDecision.Basis.class), hashes(),
        Arbitraries.strings().ofMaxLength(40))
        .as((basis, consent, reason) -> new AccessDecision(basis != AccessDecision.Basis.NONE, basis, consent, reason));
    return Combinators.combine(hashes(), hashes(), hashes(), Arbitraries.of(PurposeOfUse.class), decisions,
        Arbitraries.longs().between(0, Long.MAX_VALUE), hashes(), Arbitraries.longs().between(0, Long.MAX_VALUE))
        .as((record, patient, requester, purpose, d, time, witness, height) ->
            AccessEvent.reported(record, new PatientId(patient), requester, "hospital-b", "clinician", purpose, d, time)
                .witnessed(witness, "hospital-a", height));
  }

  @Property(tries = 200)
  void accessEventsAndBatchesDecodeToThemselves(@ForAll("events") AccessEvent e, @ForAll("events") AccessEvent f) {
    assertThat(AccessEvent.decode(e.encode())).isEqualTo(e);
    assertThat(AccessEvent.decodeBatch(AccessEvent.encodeBatch(List.of(e, f)), 10)).containsExactly(e, f);
  }
}
