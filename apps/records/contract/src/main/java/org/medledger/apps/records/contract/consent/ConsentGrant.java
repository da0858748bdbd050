package org.medledger.apps.records.contract.consent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * What a patient permits, in FHIR Consent's terms (one {@code permit} provision): the {@code
 * actor} (grantee), the {@code class} of data (record categories, or {@code all}) and/or listed
 * records ({@code data}), the {@code purpose}s, and the {@code period} [start, end) in
 * milliseconds. The patient signs {@link #encode()}; the consent id is the hash of those bytes.
 *
 * <pre>
 * string "medledger/consent/v1" ‖ string chainId ‖ fixed 32 patient ‖ string grantee
 * ‖ u32 n ‖ n × string category (ascending) ‖ u32 m ‖ m × fixed 32 record hash (ascending)
 * ‖ u32 p ‖ p × string purpose (ascending) ‖ u64 start ‖ u64 end ‖ bool delegable ‖ string reference
 * </pre>
 *
 * @param delegable whether the grantee organisation may pass a narrower consent on (a referral
 *     from a lower-tier to a higher-tier hospital)
 * @param reference the issuer's own label for this consent, which also keeps two otherwise equal
 *     grants apart
 */
public record ConsentGrant(
    String chainId,
    PatientId patient,
    Grantee grantee,
    SortedSet<String> categories,
    SortedSet<Hash> records,
    SortedSet<PurposeOfUse> purposes,
    long start,
    long end,
    boolean delegable,
    String reference) {
  public static final String ALL = "all";
  private static final String TAG = "medledger/consent/v1";
  private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9\\-]{0,31}");
  private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:\\-]{0,63}");
  static final int MAX_ITEMS = 256;

  public ConsentGrant {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(patient, "patient");
    Objects.requireNonNull(grantee, "grantee");
    categories = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(categories));
    records = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(records));
    purposes = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(purposes));
    for (String c : categories) {
      if (!CATEGORY.matcher(c).matches()) {
        throw new IllegalArgumentException("category '" + c + "' must be 1-32 characters of a-z 0-9 -");
      }
    }
    if (categories.isEmpty() && records.isEmpty()) {
      throw new IllegalArgumentException("a consent names at least one record category ('all' for every category) or one record");
    }
    if (categories.size() > MAX_ITEMS || records.size() > MAX_ITEMS) {
      throw new IllegalArgumentException("a consent names at most " + MAX_ITEMS + " categories and " + MAX_ITEMS + " records");
    }
    if (purposes.isEmpty()) {
      throw new IllegalArgumentException("a consent names at least one purpose of use");
    }
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("the consent period must end after it starts (start " + start + ", end " + end + ")");
    }
    if (reference == null || !REFERENCE.matcher(reference).matches()) {
      throw new IllegalArgumentException("reference must be 1-64 characters of A-Z a-z 0-9 _ . : -");
    }
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(256).string(TAG).string(chainId)
        .fixed(patient.value().unsafeBytes(), Hash.LENGTH).string(grantee.toString());
    w.u32(categories.size());
    categories.forEach(w::string);
    w.u32(records.size());
    records.forEach(r -> w.fixed(r.unsafeBytes(), Hash.LENGTH));
    w.u32(purposes.size());
    purposes.forEach(p -> w.string(p.name()));
    return w.u64(start).u64(end).bool(delegable).string(reference).toByteArray();
  }

  /** Decodes a grant, refusing any encoding but the canonical one (so one grant has one id). */
  public static ConsentGrant decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    String tag = r.string("consent.tag", 64);
    if (!TAG.equals(tag)) {
      throw new DecodeException("consent.tag: expected '" + TAG + "', got '" + tag + "'");
    }
    String chainId = r.string("consent.chainId", 64);
    PatientId patient = new PatientId(Hash.of(r.fixed(Hash.LENGTH, "consent.patient")));
    Grantee grantee;
    try {
      grantee = Grantee.parse(r.string("consent.grantee", 80));
    } catch (IllegalArgumentException e) {
      throw new DecodeException("consent.grantee: " + e.getMessage());
    }
    List<String> categories = new ArrayList<>();
    int n = r.count("consent.categories", MAX_ITEMS);
    for (int i = 0; i < n; i++) {
      categories.add(r.string("consent.category", 32));
    }
    List<Hash> records = new ArrayList<>();
    int m = r.count("consent.records", MAX_ITEMS);
    for (int i = 0; i < m; i++) {
      records.add(Hash.of(r.fixed(Hash.LENGTH, "consent.record")));
    }
    List<PurposeOfUse> purposes = new ArrayList<>();
    int p = r.count("consent.purposes", PurposeOfUse.values().length);
    for (int i = 0; i < p; i++) {
      String code = r.string("consent.purpose", 16);
      try {
        purposes.add(PurposeOfUse.valueOf(code));
      } catch (IllegalArgumentException e) {
        throw new DecodeException("consent.purpose: unknown code '" + code + "'");
      }
    }
    long start = r.u64("consent.start");
    long end = r.u64("consent.end");
    boolean delegable = r.bool("consent.delegable");
    String reference = r.string("consent.reference", 64);
    r.expectEnd("consent");
    ConsentGrant g;
    try {
      g = new ConsentGrant(chainId, patient, grantee, new TreeSet<>(categories), new TreeSet<>(records),
          new TreeSet<>(purposes), start, end, delegable, reference);
    } catch (IllegalArgumentException e) {
      throw new DecodeException("consent: " + e.getMessage());
    }
    if (!Arrays.equals(g.encode(), bytes)) {
      throw new DecodeException("consent: not in canonical form (lists must be ascending without repeats)");
    }
    return g;
  }

  public Hash id(HashFunction hash) {
    return Hash.of(hash.hash(encode()));
  }

  /** Whether this grant's data scope takes in a record of this category and hash. */
  public boolean covers(String category, Hash recordHash) {
    return categories.contains(ALL) || categories.contains(category) || records.contains(recordHash);
  }

  /** Whether {@code narrower} asks for no more data, purposes or time than this grant. */
  public boolean contains(ConsentGrant narrower) {
    boolean data = categories.contains(ALL) || categories.containsAll(narrower.categories);
    boolean listed = narrower.records.stream().allMatch(r -> records.contains(r) || categories.contains(ALL));
    return data && listed && purposes.containsAll(narrower.purposes)
        && narrower.start >= start && narrower.end <= end && narrower.patient.equals(patient);
  }
}
