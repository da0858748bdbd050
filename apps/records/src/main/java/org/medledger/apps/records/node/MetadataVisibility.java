package org.medledger.apps.records.node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.medledger.apps.records.contract.access.HealthRoles;
import org.medledger.apps.records.contract.audit.AccessEvent;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.apps.records.contract.consent.ConsentContract;
import org.medledger.apps.records.contract.consent.ConsentGrant;
import org.medledger.apps.records.contract.consent.ConsentRecord;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.HealthRecordEntry;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.Hex;
import org.medledger.node.application.MetadataRule;

/**
 * The one visibility rule for health metadata, whichever route returns it (a transaction, its
 * receipt or inclusion proof, a state receipt): a transaction or state key of the health
 * contracts ({@code patients}, {@code consent}, {@code records}, {@code audit}) is shown only to
 * whom may see every patient it concerns ({@link HealthService#maySee}: the patient, a regulator,
 * a caregiver of a hospital caring for her), or to its own sender. What names no patient that
 * can be found (a malformed transaction, an unknown key) is shown to regulators and the sender
 * only. Other contracts' data is not health metadata and stays visible to members.
 */
public final class MetadataVisibility implements MetadataRule {
  private static final Set<String> HEALTH = Set.of(PatientContract.NAME, ConsentContract.NAME, RecordContract.NAME,
      AuditContract.NAME);

  private final HealthService health;
  private final HashFunction hash;

  public MetadataVisibility(HealthService health, HashFunction hash) {
    this.health = health;
    this.hash = hash;
  }

  @Override
  public boolean maySee(StateReader state, Caller who, Transaction tx) {
    if (!HEALTH.contains(tx.contract()) || who.certificateId().equals(tx.sender())
        || HealthRoles.REGULATOR.equals(who.role())) {
      return true;
    }
    return allVisible(state, who, patientsOf(state, tx));
  }

  /** {@code fullKey} a state key (namespace, 0x00, the contract's key). */
  @Override
  public boolean maySee(StateReader state, Caller who, byte[] fullKey) {
    int sep = 0;
    while (sep < fullKey.length && fullKey[sep] != 0) {
      sep++;
    }
    String namespace = new String(fullKey, 0, sep, StandardCharsets.UTF_8);
    if (!HEALTH.contains(namespace) || HealthRoles.REGULATOR.equals(who.role())) {
      return true;
    }
    String key = sep >= fullKey.length ? "" : new String(fullKey, sep + 1, fullKey.length - sep - 1, StandardCharsets.UTF_8);
    return allVisible(state, who, patientsOfKey(state, namespace, key.split("/")));
  }

  private boolean allVisible(StateReader state, Caller who, Optional<List<PatientId>> patients) {
    if (patients.isEmpty() || patients.get().isEmpty()) {
      return false;
    }
    for (PatientId p : patients.get()) {
      if (!health.maySee(state, who, p)) {
        return false;
      }
    }
    return true;
  }

  private Optional<List<PatientId>> patientsOf(StateReader state, Transaction tx) {
    try {
      return switch (tx.contract() + "." + tx.method()) {
        case "patients.register" -> one(PatientId.of(hash, Hex.decode(arg(tx, "publicKey"))));
        case "patients.link" -> Optional.of(List.of(PatientId.of(hash, Hex.decode(arg(tx, "firstKey"))),
            PatientId.of(hash, Hex.decode(arg(tx, "secondKey")))));
        case "consent.grant" -> one(ConsentGrant.decode(Hex.decode(arg(tx, "grant"))).patient());
        case "consent.revoke" -> consentPatient(state, Hash.fromHex(arg(tx, "consent")));
        case "consent.delegate" -> consentPatient(state, Hash.fromHex(arg(tx, "parent")));
        case "records.register", "records.erase" -> one(PatientId.parse(arg(tx, "patient")));
        case "records.shareKey" -> recordPatient(state, Hash.fromHex(arg(tx, "record")));
        case "audit.log" -> {
          List<PatientId> out = new ArrayList<>();
          for (AccessEvent e : AccessEvent.decodeBatch(Hex.decode(arg(tx, "events")), AuditContract.MAX_EVENTS_PER_TRANSACTION)) {
            out.add(e.patient());
          }
          yield Optional.of(out);
        }
        default -> Optional.empty();
      };
    } catch (RuntimeException e) {
      // Malformed arguments name no patient that can be checked: regulators and the sender only.
      return Optional.empty();
    }
  }

  private Optional<List<PatientId>> patientsOfKey(StateReader state, String namespace, String[] key) {
    try {
      String kind = key[0];
      return switch (namespace + "." + kind) {
        case "patients.patient", "patients.care", "consent.patient", "audit.patient" -> one(PatientId.parse(key[1]));
        case "patients.link" -> Optional.of(List.of(PatientId.parse(key[1]), PatientId.parse(key[2])));
        case "consent.consent" -> consentPatient(state, Hash.fromHex(key[1]));
        case "consent.grantee" -> consentPatient(state, Hash.fromHex(key[2]));
        case "records.record", "records.key", "audit.record" -> recordPatient(state, Hash.fromHex(key[1]));
        default -> Optional.empty();
      };
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String arg(Transaction tx, String name) {
    return tx.args().get(name).orElseThrow(() -> new IllegalArgumentException("no " + name));
  }

  private static Optional<List<PatientId>> one(PatientId p) {
    return Optional.of(List.of(p));
  }

  private static Optional<List<PatientId>> consentPatient(StateReader state, Hash consent) {
    return ConsentContract.find(state, consent).map(ConsentRecord::grant).map(g -> List.of(g.patient()));
  }

  private static Optional<List<PatientId>> recordPatient(StateReader state, Hash record) {
    return RecordContract.find(state, record).map(HealthRecordEntry::patient).map(List::of);
  }
}
