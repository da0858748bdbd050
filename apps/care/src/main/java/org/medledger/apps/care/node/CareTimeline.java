package org.medledger.apps.care.node;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.medledger.apps.care.contract.CareContract;
import org.medledger.apps.care.contract.CareKind;
import org.medledger.apps.care.contract.Milestone;
import org.medledger.apps.care.contract.PlanVersion;
import org.medledger.apps.records.contract.access.AccessPolicy;
import org.medledger.apps.records.contract.access.HealthRoles;
import org.medledger.apps.records.contract.access.Requester;
import org.medledger.apps.records.contract.consent.ConsentContract;
import org.medledger.apps.records.contract.consent.ConsentRecord;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.HealthRecordEntry;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * A patient's care timeline as one viewer may see it, read from one ledger state: her episodes
 * of care ({@code EpisodeOfCare} records), plans and goals with every version, and milestones,
 * from every hospital. Who sees what is records' rule, never a second one: an entry backed by a
 * health record is shown when records' policy point ({@link AccessPolicy}, purpose {@code TREAT},
 * no break-glass) would serve that record to the viewer; a milestone citing no record when the
 * viewer is the patient, a clinician of the hospital that recorded it, or covered by a consent of
 * hers in force for {@code TREAT} whose scope takes the {@value #CARE_CATEGORY} category. Every
 * entry is clinical (what was planned, what happened to her), so a hospital's admin has no ground
 * to look on her hospital's behalf, as records' rule gives her none to read content
 * ({@link HealthRoles#readsClinicalContent}, docs/security.md "Least privilege"): she registers
 * patients and manages their care list, and sees the timeline only under a consent naming her.
 */
public final class CareTimeline {
  /** The records category care documents are filed under: a consent for it covers the whole timeline. */
  static final String CARE_CATEGORY = "care";

  private final Membership membership;
  private final HashFunction hash;

  public CareTimeline(Membership membership, HashFunction hash) {
    this.membership = membership;
    this.hash = hash;
  }

  /** What the viewer may see; refused (nothing shown) when she has no ground at all to look. */
  public Result build(StateReader state, Caller viewer, Hash patient, long now) {
    PatientId pid = new PatientId(patient);
    if (PatientContract.find(state, pid).isEmpty()) {
      throw new IllegalArgumentException("patient " + patient.hex() + " is not registered");
    }
    Requester requester = new Requester(viewer, patientIdOf(state, viewer));
    boolean herself = requester.patient().isPresent() && PatientContract.samePerson(state, requester.patient().get(), pid);
    boolean caring = HealthRoles.readsClinicalContent(viewer) && PatientContract.caredForBy(state, pid, viewer.organisation());
    boolean consented = careConsent(state, viewer, pid, now);
    if (!herself && !caring && !consented) {
      if (HealthRoles.ADMIN.equals(viewer.role())) {
        return Result.refused("no ground to see patient " + patient.hex() + "'s care: an admin of " + viewer.organisation()
            + " reads no clinical content on her organisation's ground (least privilege): its clinicians do, or a consent"
            + " of the patient's naming her own certificate");
      }
      return Result.refused("no ground to see patient " + patient.hex() + "'s care: " + viewer.organisation()
          + " is not in her care list and no consent of hers in force covers it for TREAT");
    }
    TreeSet<String> shown = new TreeSet<>();
    List<Map<String, Object>> episodes = new ArrayList<>();
    for (HealthRecordEntry e : RecordContract.ofPatient(state, pid)) {
      if ("EpisodeOfCare".equals(e.resourceType()) && !e.erased() && readable(state, requester, e.recordHash(), now)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("record", e.recordHash().hex());
        m.put("organisation", e.custodian());
        m.put("height", e.height());
        m.put("timestamp", e.timestamp());
        episodes.add(m);
        shown.add(e.custodian());
      }
    }
    List<Map<String, Object>> plans = new ArrayList<>();
    List<Map<String, Object>> goals = new ArrayList<>();
    for (Hash chain : CareContract.chainsOf(state, patient)) {
      List<Map<String, Object>> versions = new ArrayList<>();
      List<PlanVersion> all = CareContract.chain(state, chain);
      for (PlanVersion v : all) {
        if (readable(state, requester, v.record(), now)) {
          versions.add(version(v));
        }
      }
      if (versions.isEmpty()) {
        continue;
      }
      PlanVersion first = all.get(0);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("chain", chain.hex());
      m.put("organisation", first.organisation());
      m.put("latestVersion", all.get(all.size() - 1).number());
      m.put("versions", versions);
      (first.kind() == CareKind.GOAL ? goals : plans).add(m);
      shown.add(first.organisation());
    }
    List<Map<String, Object>> milestones = new ArrayList<>();
    for (Milestone ms : CareContract.milestonesOf(state, patient)) {
      boolean visible = ms.record().isPresent() ? readable(state, requester, ms.record().get(), now)
          : herself || consented || (HealthRoles.readsClinicalContent(viewer) && ms.organisation().equals(viewer.organisation()));
      if (visible) {
        milestones.add(milestone(ms));
        shown.add(ms.organisation());
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("patient", patient.hex());
    body.put("episodes", episodes);
    body.put("plans", plans);
    body.put("goals", goals);
    body.put("milestones", milestones);
    body.put("organisations", List.copyOf(shown));
    long entries = episodes.size() + plans.size() + goals.size() + milestones.size();
    return new Result(true, "", body, List.copyOf(shown), entries);
  }

  /**
   * One milestone as the viewer may see it: whole when her timeline shows it; its bare entry (what,
   * by which hospital, when, its receipt; never the record it cites or the plan it belongs to) when
   * the patient shared it with the viewer's organisation, the share is in force at {@code
   * blockTime} (the latest committed block's: the ledger's time decides when a share ends, not the
   * node's clock) and it serves her role ({@link ShareReaders}: not the organisation's admin);
   * empty otherwise.
   */
  Optional<Map<String, Object>> milestone(StateReader state, Caller viewer, Milestone m, long now, long blockTime) {
    Result r = build(state, viewer, m.patient(), now);
    if (r.served()) {
      for (Object shown : (List<?>) r.body().get("milestones")) {
        if (m.id().hex().equals(((Map<?, ?>) shown).get("id"))) {
          @SuppressWarnings("unchecked")
          Map<String, Object> whole = (Map<String, Object>) shown;
          return Optional.of(whole);
        }
      }
    }
    if (!ShareReaders.served(state, viewer, m.id(), blockTime)) {
      return Optional.empty();
    }
    Map<String, Object> bare = new LinkedHashMap<>();
    bare.put("id", m.id().hex());
    bare.put("patient", m.patient().hex());
    bare.put("type", m.type().wireName());
    bare.put("signerRole", m.signerRole());
    bare.put("organisation", m.organisation());
    bare.put("height", m.height());
    bare.put("timestamp", m.timestamp());
    bare.put("receipt", "/v1/receipts/tx/" + m.id().hex());
    bare.put("basis", "shared");
    return Optional.of(bare);
  }

  private static Map<String, Object> version(PlanVersion v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", v.number());
    m.put("record", v.record().hex());
    v.previous().ifPresent(p -> m.put("previous", p.hex()));
    m.put("reason", v.reason());
    m.put("author", v.author().hex());
    m.put("organisation", v.organisation());
    m.put("txId", v.transactionId().hex());
    m.put("height", v.height());
    m.put("timestamp", v.timestamp());
    return m;
  }

  private static Map<String, Object> milestone(Milestone ms) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", ms.id().hex());
    m.put("type", ms.type().wireName());
    ms.chain().ifPresent(c -> m.put("chain", c.hex()));
    ms.record().ifPresent(r -> m.put("record", r.hex()));
    m.put("signedBy", ms.signedBy().hex());
    m.put("signerRole", ms.signerRole());
    m.put("organisation", ms.organisation());
    m.put("height", ms.height());
    m.put("timestamp", ms.timestamp());
    // Its id is the transaction that recorded it: the platform's receipt proves it offline.
    m.put("receipt", "/v1/receipts/tx/" + ms.id().hex());
    return m;
  }

  private static boolean readable(StateReader state, Requester requester, Hash record, long now) {
    return AccessPolicy.decide(state, requester, record, PurposeOfUse.TREAT, null, now).served();
  }

  /**
   * A consent of hers in force naming the viewer (her certificate, or her organisation unless she
   * is its admin) for TREAT over the care category.
   */
  private static boolean careConsent(StateReader state, Caller viewer, PatientId patient, long now) {
    for (ConsentRecord c : ConsentContract.ofPatient(state, patient)) {
      if (c.grant().grantee().servesContentTo(viewer) && c.grant().purposes().contains(PurposeOfUse.TREAT)
          && c.grant().covers(CARE_CATEGORY, Hash.ZERO) && ConsentContract.inForce(state, c, now)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the viewer is this patient herself (her certificate's key is the one she registered, or linked to it). */
  public boolean isThePatient(StateReader state, Caller viewer, Hash patient) {
    Optional<PatientId> own = patientIdOf(state, viewer);
    return own.isPresent() && PatientContract.samePerson(state, own.get(), new PatientId(patient));
  }

  /** A patient member's own patient id: her certificate's key, when registered as a patient. */
  private Optional<PatientId> patientIdOf(StateReader state, Caller who) {
    if (!"patient".equals(who.role())) {
      return Optional.empty();
    }
    return membership.certificate(state, who.certificateId()).map(X509Certificate::getPublicKey)
        .map(k -> PatientId.of(hash, k.getEncoded())).filter(id -> PatientContract.find(state, id).isPresent());
  }

  /** The timeline a viewer gets, with what its audit entry records. */
  public record Result(boolean served, String refusal, Map<String, Object> body, List<String> organisations, long entries) {
    static Result refused(String why) {
      return new Result(false, why, Map.of(), List.of(), 0);
    }
  }
}
