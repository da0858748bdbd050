package org.medledger.apps.care.node;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.medledger.apps.care.contract.CareContract;
import org.medledger.apps.care.contract.Milestone;
import org.medledger.apps.care.contract.PlanVersion;
import org.medledger.apps.records.contract.access.HealthRoles;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.node.application.MetadataRule;
import org.medledger.node.application.PatientMetadataVisibility;

/**
 * Who may see care's metadata (pseudonymous patient ids, milestone types, who viewed whose
 * timeline) through the platform's routes: a care transaction or state key is shown to its sender,
 * a regulator, and whom records' rule lets see the patient it concerns ({@link
 * PatientMetadataVisibility}: the patient, a regulator, a caregiver of a hospital caring for her)
 * but a hospital's admin, whose work needs no care entry. A milestone the patient shared with an
 * organisation is shown to the members the share serves ({@link ShareReaders}: not its admins):
 * its transaction, its {@code milestone/} entry and the share itself, nothing else of hers. What
 * names no patient that can be found goes to regulators and the sender only; so does everything
 * until records' rule is found at start (a node without records shows care's metadata to no one
 * else). Other contracts' data is not care's to judge: {@code true}.
 */
final class CareMetadataVisibility implements MetadataRule {
  private static final PatientMetadataVisibility NOT_YET_FOUND = (state, who, patient) -> false;

  private final HashFunction hash;
  private final LongSupplier blockTime;
  private volatile PatientMetadataVisibility patients = NOT_YET_FOUND;

  /** {@code blockTime} the latest committed block's time: whether a share has ended is the ledger's time, not a clock's. */
  CareMetadataVisibility(HashFunction hash, LongSupplier blockTime) {
    this.hash = hash;
    this.blockTime = blockTime;
  }

  /** Records' rule, found once every application registered (records registers after care). */
  void askPatientsOf(PatientMetadataVisibility records) {
    this.patients = records;
  }

  @Override
  public boolean maySee(StateReader state, Caller who, Transaction tx) {
    if (!CareContract.NAME.equals(tx.contract()) || who.certificateId().equals(tx.sender())
        || HealthRoles.REGULATOR.equals(who.role())) {
      return true;
    }
    try {
      if (sharedEntry(state, who, tx)) {
        return true;
      }
      if (noCareEntryIsHerWork(who)) {
        return false;
      }
      return patientOf(state, tx).map(p -> patients.maySee(state, who, p)).orElse(false);
    } catch (RuntimeException e) {
      // Malformed arguments name no patient that can be checked: regulators and the sender only.
      return false;
    }
  }

  /** {@code fullKey} a state key (namespace, 0x00, the contract's key). */
  @Override
  public boolean maySee(StateReader state, Caller who, byte[] fullKey) {
    int sep = 0;
    while (sep < fullKey.length && fullKey[sep] != 0) {
      sep++;
    }
    String namespace = new String(fullKey, 0, sep, StandardCharsets.UTF_8);
    if (!CareContract.NAME.equals(namespace) || HealthRoles.REGULATOR.equals(who.role())) {
      return true;
    }
    String key = sep >= fullKey.length ? "" : new String(fullKey, sep + 1, fullKey.length - sep - 1, StandardCharsets.UTF_8);
    String[] parts = key.split("/");
    try {
      if (sharedKey(state, who, parts)) {
        return true;
      }
      if (noCareEntryIsHerWork(who)) {
        return false;
      }
      return patientOfKey(state, parts).map(p -> patients.maySee(state, who, p)).orElse(false);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * A hospital's admin, whom records' rule lets see the metadata of a patient her hospital cares
   * for: every care entry states a clinical fact (a milestone's type and date, a plan version's
   * reason, who looked at her care), and registering and managing patients needs none of them, as
   * the timeline and a milestone refuse her (docs/security.md, "Least privilege"). What she sent
   * herself she still sees.
   */
  private static boolean noCareEntryIsHerWork(Caller who) {
    return HealthRoles.ADMIN.equals(who.role());
  }

  /**
   * A milestone's transaction, or the share naming her organisation, when the patient shared it
   * with her organisation and the share serves her.
   */
  private boolean sharedEntry(StateReader state, Caller who, Transaction tx) {
    long now = blockTime.getAsLong();
    return switch (tx.method()) {
      case CareContract.MILESTONE -> ShareReaders.served(state, who, tx.id(hash), now);
      case CareContract.SHARE_MILESTONE -> who.organisation().equals(arg(tx, "organisation"))
          && ShareReaders.served(state, who, Hash.fromHex(arg(tx, "milestone")), now);
      default -> false;
    };
  }

  /** Once the share is revoked or ended, its organisation sees none of it again. */
  private boolean sharedKey(StateReader state, Caller who, String[] key) {
    long now = blockTime.getAsLong();
    return switch (key[0]) {
      case "milestone" -> key.length == 2 && ShareReaders.served(state, who, Hash.fromHex(key[1]), now);
      case "share" -> key.length == 3 && who.organisation().equals(key[2])
          && ShareReaders.served(state, who, Hash.fromHex(key[1]), now);
      default -> false;
    };
  }

  private static Optional<Hash> patientOf(StateReader state, Transaction tx) {
    if (CareContract.SHARE_MILESTONE.equals(tx.method()) || CareContract.REVOKE_SHARE.equals(tx.method())) {
      return CareContract.milestone(state, Hash.fromHex(arg(tx, "milestone"))).map(Milestone::patient);
    }
    // planVersion, milestone and timelineViewed each name the patient they concern.
    return Optional.of(Hash.fromHex(arg(tx, "patient")));
  }

  /** The patient a key concerns, by the forms of {@code CareContract#stateKeyForms}. */
  private static Optional<Hash> patientOfKey(StateReader state, String[] key) {
    return switch (key[0] + "/" + key.length) {
      case "version/2" -> CareContract.find(state, Hash.fromHex(key[1])).map(PlanVersion::patient);
      case "head/2" -> chainPatient(state, Hash.fromHex(key[1]));
      case "patient/3", "milestones/3", "view/3" -> Optional.of(Hash.fromHex(key[1]));
      case "milestone/2", "share/3" -> CareContract.milestone(state, Hash.fromHex(key[1])).map(Milestone::patient);
      default -> Optional.empty();
    };
  }

  private static Optional<Hash> chainPatient(StateReader state, Hash chain) {
    List<PlanVersion> versions = CareContract.chain(state, chain);
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(0).patient());
  }

  private static String arg(Transaction tx, String name) {
    return tx.args().get(name).orElseThrow(() -> new IllegalArgumentException("no " + name));
  }
}
