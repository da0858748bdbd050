package org.medledger.apps.insurance.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;

/**
 * A policy (FHIR {@code Coverage}): issued by {@code insurer} under its product {@code
 * productCode}, covering the care of the {@code insured} patient, owned by exactly one {@code
 * holder} patient at any height (the insured at issue; a transfer signed by the holder and the
 * insurer moves it, with the optional {@code group} it belongs to, e.g. an employer's), over its
 * terms. {@code version} counts its changes: the holder's transfer signature names it, so a
 * signature moves the policy once. {@code coveredSinceDay} is the first term's start, from which
 * the waiting period runs.
 *
 * <pre>
 * u8 1 ‖ fixed 32 id ‖ string insurer ‖ string productCode ‖ fixed 32 insured ‖ fixed 32 holder
 * ‖ string group ‖ u32 n ‖ n × (u64 startDay ‖ u64 endDay ‖ u32 productVersion) ‖ u8 status
 * ‖ u64 cancelledFromDay ‖ u32 version
 * </pre>
 */
public record Policy(
    Hash id,
    String insurer,
    String productCode,
    Hash insured,
    Hash holder,
    String group,
    List<PolicyTerm> terms,
    PolicyStatus status,
    long cancelledFromDay,
    int version) {
  static final int MAX_TERMS = 100;

  public Policy {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(insurer, "insurer");
    Objects.requireNonNull(productCode, "productCode");
    Objects.requireNonNull(insured, "insured");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(status, "status");
    terms = List.copyOf(terms);
    if (terms.isEmpty()) {
      throw new IllegalArgumentException("a policy has at least one term");
    }
  }

  public PolicyTerm lastTerm() {
    return terms.get(terms.size() - 1);
  }

  public long coveredSinceDay() {
    return terms.get(0).startDay();
  }

  /** The term in force on {@code day}: within a term, and before the cancellation when cancelled. */
  public Optional<PolicyTerm> termOn(long day) {
    if (status == PolicyStatus.CANCELLED && day >= cancelledFromDay) {
      return Optional.empty();
    }
    return terms.stream().filter(t -> t.contains(day)).findFirst();
  }

  Policy withHolder(Hash newHolder, String newGroup) {
    return new Policy(id, insurer, productCode, insured, newHolder, newGroup, terms, status, cancelledFromDay, version + 1);
  }

  Policy withTerm(PolicyTerm term) {
    List<PolicyTerm> t = new ArrayList<>(terms);
    t.add(term);
    return new Policy(id, insurer, productCode, insured, holder, group, t, status, cancelledFromDay, version + 1);
  }

  Policy cancelledFrom(long day) {
    return new Policy(id, insurer, productCode, insured, holder, group, terms, PolicyStatus.CANCELLED, day, version + 1);
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(256).u8(1).fixed(id.unsafeBytes(), Hash.LENGTH).string(insurer)
        .string(productCode).fixed(insured.unsafeBytes(), Hash.LENGTH).fixed(holder.unsafeBytes(), Hash.LENGTH)
        .string(group).u32(terms.size());
    terms.forEach(t -> w.u64(t.startDay()).u64(t.endDay()).u32(t.productVersion()));
    return w.u8(status.ordinal()).u64(cancelledFromDay).u32(version).toByteArray();
  }

  public static Policy decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int v = r.u8("policy.version");
    if (v != 1) {
      throw new DecodeException("policy.version: unknown version " + v);
    }
    try {
      return decodeBody(r);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new DecodeException("policy: " + e.getMessage());
    }
  }

  private static Policy decodeBody(CanonicalReader r) {
    Hash id = Hash.of(r.fixed(Hash.LENGTH, "policy.id"));
    String insurer = r.string("policy.insurer", 256);
    String product = r.string("policy.productCode", 32);
    Hash insured = Hash.of(r.fixed(Hash.LENGTH, "policy.insured"));
    Hash holder = Hash.of(r.fixed(Hash.LENGTH, "policy.holder"));
    String group = r.string("policy.group", 64);
    int n = r.count("policy.terms", MAX_TERMS);
    List<PolicyTerm> terms = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      terms.add(new PolicyTerm(r.u64("policy.term.start"), r.u64("policy.term.end"), r.u32("policy.term.productVersion")));
    }
    int status = r.u8("policy.status");
    if (status >= PolicyStatus.values().length) {
      throw new DecodeException("policy.status: unknown status " + status);
    }
    long cancelled = r.u64("policy.cancelledFromDay");
    int version = r.u32("policy.changes");
    r.expectEnd("policy");
    return new Policy(id, insurer, product, insured, holder, group, terms, PolicyStatus.values()[status], cancelled, version);
  }
}
