package org.medledger.apps.records.contract.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.core.Gens.hashes;
import static org.medledger.core.Gens.text;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.medledger.apps.records.contract.access.AccessDecision;
import org.medledger.apps.records.contract.audit.AccessEvent;
import org.medledger.core.codec.DecodeException;
import org.medledger.apps.records.contract.patient.PatientId;
import org.quicktheories.core.Gen;

/** Consent grants and access events decode only from their one canonical encoding. */
class HealthCodecProperties {
  /** A grant names at least one category or one record; anything else a grant may hold varies. */
  static final Gen<ConsentGrant> GRANTS = in -> {
    var patient = new PatientId(hashes().generate(in));
    String grantee = arbitrary().pick("org:hospital-a", "org:Health Authority").mix(hashes().map(h -> "cert:" + h.hex())).generate(in);
    TreeSet<String> categories = new TreeSet<>(
        lists().of(arbitrary().pick("all", "laboratory", "imaging", "medication", "vital-signs")).ofSizeBetween(0, 4).generate(in));
    TreeSet<org.medledger.crypto.Hash> records = new TreeSet<>(lists().of(hashes()).ofSizeBetween(0, 3).generate(in));
    TreeSet<PurposeOfUse> purposes = new TreeSet<>(lists().of(arbitrary().enumValues(PurposeOfUse.class)).ofSizeBetween(1, 3).generate(in));
    long start = longs().between(0, Long.MAX_VALUE / 2).generate(in);
    long length = longs().between(1, Long.MAX_VALUE / 2).generate(in);
    boolean delegable = booleans().all().generate(in);
    return categories.isEmpty() && records.isEmpty() ? null
        : new ConsentGrant("chain", patient, Grantee.parse(grantee), categories, records, purposes, start, start + length, delegable, "ref-1");
  };

  static Gen<ConsentGrant> grants() {
    return GRANTS.assuming(g -> g != null);
  }

  @Test
  void aGrantDecodesToItself() {
    qt().withExamples(300).forAll(grants()).checkAssert(HealthCodecProperties::aGrantDecodesToItself);
  }

  static void aGrantDecodesToItself(ConsentGrant g) {
    assertThat(ConsentGrant.decode(g.encode())).isEqualTo(g);
  }

  @Test
  void anyAlteredByteEitherFailsToDecodeOrMakesAnotherGrantWithAnotherId() {
    qt().withExamples(300).forAll(grants(), integers().between(0, 10_000), integers().between(1, 255))
        .checkAssert(HealthCodecProperties::anyAlteredByteEitherFailsToDecodeOrMakesAnotherGrantWithAnotherId);
  }

  static void anyAlteredByteEitherFailsToDecodeOrMakesAnotherGrantWithAnotherId(ConsentGrant g, int at, int flip) {
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

  @Test
  void aTruncatedGrantIsRefused() {
    qt().withExamples(200).forAll(grants(), integers().between(0, 10_000)).checkAssert(HealthCodecProperties::aTruncatedGrantIsRefused);
  }

  static void aTruncatedGrantIsRefused(ConsentGrant g, int cut) {
    byte[] b = g.encode();
    byte[] shorter = Arrays.copyOf(b, cut % b.length);
    try {
      ConsentGrant.decode(shorter);
      throw new AssertionError("a truncated grant decoded");
    } catch (DecodeException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  static final Gen<AccessDecision> DECISIONS = arbitrary().enumValues(AccessDecision.Basis.class).zip(hashes(), text(40),
      (basis, consent, reason) -> new AccessDecision(basis != AccessDecision.Basis.NONE, basis, consent, reason));

  static final Gen<AccessEvent> EVENTS = in -> {
    var record = hashes().generate(in);
    var patient = new PatientId(hashes().generate(in));
    var requester = hashes().generate(in);
    PurposeOfUse purpose = arbitrary().enumValues(PurposeOfUse.class).generate(in);
    AccessDecision decision = DECISIONS.generate(in);
    long time = longs().between(0, Long.MAX_VALUE).generate(in);
    var witness = hashes().generate(in);
    long height = longs().between(0, Long.MAX_VALUE).generate(in);
    AccessEvent e = AccessEvent.reported(record, patient, requester, "hospital-b", "clinician", purpose, decision, time)
        .witnessed(witness, "hospital-a", height);
    if (org.quicktheories.generators.SourceDSL.integers().between(0, 1).generate(in) == 0) {
      return e;
    }
    // half with the requester's signed request (version 2), whose signature bytes are any bytes
    var request = new org.medledger.apps.records.contract.audit.ReadRequest("test/" + "ab".repeat(32), requester, record, purpose,
        text(40).generate(in), time, hashes().generate(in));
    byte[] signature = new byte[org.quicktheories.generators.SourceDSL.integers().between(0, 100).generate(in)];
    java.util.Arrays.fill(signature, (byte) time);
    return e.requestedBy(new org.medledger.apps.records.contract.audit.SignedReadRequest(request, signature));
  };

  @Test
  void accessEventsAndBatchesDecodeToThemselves() {
    qt().withExamples(200).forAll(EVENTS, EVENTS).checkAssert(HealthCodecProperties::accessEventsAndBatchesDecodeToThemselves);
  }

  static void accessEventsAndBatchesDecodeToThemselves(AccessEvent e, AccessEvent f) {
    assertThat(AccessEvent.decode(e.encode())).isEqualTo(e);
    assertThat(AccessEvent.decodeBatch(AccessEvent.encodeBatch(List.of(e, f)), 10)).containsExactly(e, f);
  }
}
