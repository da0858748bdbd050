package org.medledger.apps.insurance.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;

/**
 * A claim (FHIR {@code Claim}) with its adjudication and where it stands. The id is the id of the
 * transaction that submitted it. {@code submitter} is the billing hospital, {@code
 * submitterCertificate} its clinician who submitted. {@code pendDeadline} is the block time (ms)
 * by which the assessor should decide a pended claim ({@code 0} when never pended); {@code
 * payment} the payment that paid it ({@link Hash#ZERO} until then).
 *
 * <pre>
 * u8 1 ‖ fixed 32 id ‖ fixed 32 policy ‖ string insurer ‖ fixed 32 patient ‖ string submitter
 * ‖ fixed 32 submitterCertificate ‖ string currency ‖ bytes lines ({@link ClaimLine#encode})
 * ‖ u32 n ‖ n × (u8 reason ‖ u64 billed ‖ u64 allowed ‖ u64 deductible ‖ u64 coinsurance
 * ‖ u64 otherPayer ‖ u64 insurerPays ‖ u64 patientOwes) ‖ u8 status ‖ u64 submittedAt
 * ‖ u64 pendDeadline ‖ string pendReason ‖ string decisionReason ‖ fixed 32 payment
 * </pre>
 */
public record Claim(
    Hash id,
    Hash policy,
    String insurer,
    Hash patient,
    String submitter,
    Hash submitterCertificate,
    String currency,
    List<ClaimLine> lines,
    Adjudication adjudication,
    ClaimStatus status,
    long submittedAt,
    long pendDeadline,
    String pendReason,
    String decisionReason,
    Hash payment) {
  public Claim {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    lines = List.copyOf(lines);
    if (adjudication.lines().size() != lines.size()) {
      throw new IllegalArgumentException("an adjudication has one result per claim line");
    }
  }

  /** What a reader is shown at block time {@code atMillis}: a pended claim past its deadline is escalated. */
  public String shownStatus(long atMillis) {
    return status == ClaimStatus.PENDED && atMillis > pendDeadline ? "escalated" : status.wireName();
  }

  Claim with(ClaimStatus next, Adjudication result, String decision, Hash paidBy) {
    return new Claim(id, policy, insurer, patient, submitter, submitterCertificate, currency, lines, result, next, submittedAt,
        pendDeadline, pendReason, decision, paidBy);
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(512).u8(1).fixed(id.unsafeBytes(), Hash.LENGTH)
        .fixed(policy.unsafeBytes(), Hash.LENGTH).string(insurer).fixed(patient.unsafeBytes(), Hash.LENGTH)
        .string(submitter).fixed(submitterCertificate.unsafeBytes(), Hash.LENGTH).string(currency)
        .bytes(ClaimLine.encode(lines)).u32(adjudication.lines().size());
    for (LineResult l : adjudication.lines()) {
      w.u8(l.reason().ordinal()).u64(l.billed()).u64(l.allowed()).u64(l.deductible()).u64(l.coinsurance())
          .u64(l.otherPayer()).u64(l.insurerPays()).u64(l.patientOwes());
    }
    return w.u8(status.ordinal()).u64(submittedAt).u64(pendDeadline).string(pendReason).string(decisionReason)
        .fixed(payment.unsafeBytes(), Hash.LENGTH).toByteArray();
  }

  public static Claim decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int v = r.u8("claim.version");
    if (v != 1) {
      throw new DecodeException("claim.version: unknown version " + v);
    }
    try {
      return decodeBody(r);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new DecodeException("claim: " + e.getMessage());
    }
  }

  private static Claim decodeBody(CanonicalReader r) {
    Hash id = Hash.of(r.fixed(Hash.LENGTH, "claim.id"));
    Hash policy = Hash.of(r.fixed(Hash.LENGTH, "claim.policy"));
    String insurer = r.string("claim.insurer", 256);
    Hash patient = Hash.of(r.fixed(Hash.LENGTH, "claim.patient"));
    String submitter = r.string("claim.submitter", 256);
    Hash certificate = Hash.of(r.fixed(Hash.LENGTH, "claim.submitterCertificate"));
    String currency = r.string("claim.currency", 8);
    List<ClaimLine> lines = ClaimLine.decode(r.bytes("claim.lines", 1 << 20));
    int n = r.count("claim.adjudication", ClaimLine.MAX_LINES);
    List<LineResult> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int reason = r.u8("claim.line.reason");
      if (reason >= LineReason.values().length) {
        throw new DecodeException("claim.line.reason: unknown reason " + reason);
      }
      results.add(new LineResult(LineReason.values()[reason], r.u64("claim.line.billed"), r.u64("claim.line.allowed"),
          r.u64("claim.line.deductible"), r.u64("claim.line.coinsurance"), r.u64("claim.line.otherPayer"),
          r.u64("claim.line.insurerPays"), r.u64("claim.line.patientOwes")));
    }
    int status = r.u8("claim.status");
    if (status >= ClaimStatus.values().length) {
      throw new DecodeException("claim.status: unknown status " + status);
    }
    long submittedAt = r.u64("claim.submittedAt");
    long deadline = r.u64("claim.pendDeadline");
    String pendReason = r.string("claim.pendReason", 512);
    String decision = r.string("claim.decisionReason", 1024);
    Hash payment = Hash.of(r.fixed(Hash.LENGTH, "claim.payment"));
    r.expectEnd("claim");
    return new Claim(id, policy, insurer, patient, submitter, certificate, currency, lines, new Adjudication(results),
        ClaimStatus.values()[status], submittedAt, deadline, pendReason, decision, payment);
  }
}
