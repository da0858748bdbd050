package org.medledger.apps.care.contract;

import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * One look at a patient's care timeline, logged on the ledger by the node that answered it before
 * it answered: who looked (certificate, organisation, role), whether anything was shown, from
 * which hospitals, how many entries. Refused looks are logged too, so the patient sees every
 * attempt. {@code id} is the logging transaction.
 */
public record TimelineView(Hash id, Hash patient, Optional<Hash> milestone, Hash viewer, String viewerOrganisation,
    String viewerRole, boolean served, String organisationsShown, long entries, String loggedBy, long height, long timestamp) {

  public TimelineView {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(patient, "patient");
    Objects.requireNonNull(milestone, "milestone");
    Objects.requireNonNull(viewer, "viewer");
    Objects.requireNonNull(viewerOrganisation, "viewerOrganisation");
    Objects.requireNonNull(viewerRole, "viewerRole");
    Objects.requireNonNull(organisationsShown, "organisationsShown");
    Objects.requireNonNull(loggedBy, "loggedBy");
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(256).u8(1)
        .fixed(id.unsafeBytes(), Hash.LENGTH)
        .fixed(patient.unsafeBytes(), Hash.LENGTH)
        .bool(milestone.isPresent());
    milestone.ifPresent(m -> w.fixed(m.unsafeBytes(), Hash.LENGTH));
    return w.fixed(viewer.unsafeBytes(), Hash.LENGTH)
        .string(viewerOrganisation)
        .string(viewerRole)
        .bool(served)
        .string(organisationsShown)
        .u64(entries)
        .string(loggedBy)
        .u64(height)
        .u64(timestamp)
        .toByteArray();
  }

  public static TimelineView decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    r.u8("care.view.format");
    TimelineView v = new TimelineView(
        Hash.of(r.fixed(Hash.LENGTH, "care.view.id")),
        Hash.of(r.fixed(Hash.LENGTH, "care.view.patient")),
        r.bool("care.view.hasMilestone") ? Optional.of(Hash.of(r.fixed(Hash.LENGTH, "care.view.milestone"))) : Optional.empty(),
        Hash.of(r.fixed(Hash.LENGTH, "care.view.viewer")),
        r.string("care.view.viewerOrganisation", 256),
        r.string("care.view.viewerRole", 32),
        r.bool("care.view.served"),
        r.string("care.view.organisationsShown", 4096),
        r.u64("care.view.entries"),
        r.string("care.view.loggedBy", 256),
        r.u64("care.view.height"),
        r.u64("care.view.timestamp"));
    r.expectEnd("care timeline view");
    return v;
  }

  public SortedMap<String, String> toMap() {
    TreeMap<String, String> m = new TreeMap<>();
    m.put("id", id.hex());
    m.put("patient", patient.hex());
    milestone.ifPresent(x -> m.put("milestone", x.hex()));
    m.put("viewer", viewer.hex());
    m.put("viewerOrganisation", viewerOrganisation);
    m.put("viewerRole", viewerRole);
    m.put("served", Boolean.toString(served));
    m.put("organisationsShown", organisationsShown);
    m.put("entries", Long.toString(entries));
    m.put("loggedBy", loggedBy);
    m.put("height", Long.toString(height));
    m.put("timestamp", Long.toString(timestamp));
    return m;
  }
}
