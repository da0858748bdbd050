package org.medledger.apps.notary.contract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.regex.Pattern;
import org.medledger.core.runtime.Arg;
import org.medledger.core.runtime.DeclaredContract;
import org.medledger.core.runtime.MethodTable;
import org.medledger.core.runtime.Roles;
import org.medledger.core.runtime.Weight;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Args;

/**
 * Anchors a document's fingerprint (Factom / HealthNautica): proof that a document with this
 * hash existed, of this type, owned by this organisation, no later than the block's time. The
 * document itself never touches the ledger. Each organisation anchors a fingerprint once, in its
 * own record (issue 22, finding 11: with one record per fingerprint, a member that saw an anchor
 * in the gossiped mempool anchored it first and took it over). A lookup shows the earliest anchor
 * and names every organisation that anchored the fingerprint; the earliest is what proves
 * existence, and another organisation's copy neither blocks nor replaces the owner's.
 */
public final class NotaryContract extends DeclaredContract {
  public static final String NAME = "notary";
  public static final String ANCHOR = "anchor";
  public static final String LOOKUP = "lookup";
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _./\\-]{0,63}");

  @Override
  public String name() {
    return NAME;
  }

  /** The shapes of its keys (docs/receipts.md, "State keys"); a proof of absence is given only for these. */
  @Override
  public java.util.List<org.medledger.core.runtime.StateKeyForm> stateKeyForms() {
    return org.medledger.core.runtime.StateKeyForm.of("doc/{hash}/{organisation}");
  }

  private static final Arg<String> HASH = Arg.of("hash", "fingerprint", NotaryContract::checkFingerprint);
  private static final Arg<String> DOCUMENT_TYPE = Arg.of("type", "document type", NotaryContract::checkType);
  private static final Arg<String> OWNER = Arg.text("owner");

  /** Every member role but a patient's: a patient proves her documents through the records she holds. */
  private final MethodTable methods = MethodTable.of(NAME)
      .tx(ANCHOR, Roles.of("admin", "clinician", "regulator", "insurer", "maker", "distributor", "pharmacy", "sponsor", "node"),
          Weight.ONE, this::anchor, HASH, DOCUMENT_TYPE)
      .query(LOOKUP, this::lookup, HASH, OWNER.optional())
      .build();

  @Override
  protected MethodTable methods() {
    return methods;
  }

  private void anchor(ContractContext ctx) throws ContractException {
    String fingerprint = HASH.in(ctx);
    String type = DOCUMENT_TYPE.in(ctx);
    String key = key(fingerprint, ctx.caller().organisation());
    byte[] existing = ctx.get(key);
    if (existing != null) {
      NotaryRecord first = NotaryRecord.decode(existing);
      throw new ContractException("already_anchored", "fingerprint " + fingerprint + " was anchored by " + first.ownerOrganisation()
          + " at height " + first.height());
    }
    NotaryRecord rec = new NotaryRecord(fingerprint, type, ctx.caller().organisation(),
        ctx.caller().certificateId(), ctx.transactionId(), ctx.blockHeight(), ctx.blockTimestamp());
    ctx.put(key, rec.encode());
    ctx.emit("Anchored", Args.of("hash", fingerprint, "type", type, "owner", rec.ownerOrganisation()));
  }

  private SortedMap<String, String> lookup(StateReader state, Args args) throws ContractException {
    String fingerprint = HASH.inQuery(args);
    List<NotaryRecord> anchors = anchors(state, fingerprint);
    if (anchors.isEmpty()) {
      throw new ContractException("not_found", "fingerprint " + fingerprint + " is not anchored");
    }
    Optional<String> owner = OWNER.ifGiven(args);
    NotaryRecord shown = owner.isEmpty() ? anchors.get(0) : anchors.stream().filter(a -> a.ownerOrganisation().equals(owner.get()))
        .findFirst().orElseThrow(() -> new ContractException("not_found", "fingerprint " + fingerprint + " is not anchored by " + owner.get()));
    SortedMap<String, String> m = shown.toMap();
    m.put("anchors", Integer.toString(anchors.size()));
    m.put("owners", String.join(",", anchors.stream().map(NotaryRecord::ownerOrganisation).toList()));
    m.put("earliestOwner", anchors.get(0).ownerOrganisation());
    return m;
  }

  /**
   * Every anchor of a fingerprint, earliest first: by height, then time; anchors in one block are
   * equally early and listed by organisation name.
   */
  public static List<NotaryRecord> anchors(StateReader state, String fingerprint) {
    List<NotaryRecord> out = new ArrayList<>();
    state.scan(StateKeys.of(NAME, "doc/" + fingerprint + "/"), (k, v) -> {
      out.add(NotaryRecord.decode(v));
      return true;
    });
    out.sort(Comparator.comparingLong(NotaryRecord::height).thenComparingLong(NotaryRecord::timestamp)
        .thenComparing(NotaryRecord::ownerOrganisation));
    return out;
  }

  /** One organisation's anchor of a fingerprint (organisation names hold no '/'). */
  public static String key(String fingerprint, String organisation) {
    return "doc/" + fingerprint + "/" + organisation;
  }

  private static String checkType(String type) throws ContractException {
    if (!TYPE.matcher(type).matches()) {
      throw new ContractException("invalid_argument", "type '" + type + "' must be 1-64 characters of letters, digits, space, _ . / -");
    }
    return type;
  }

  private static String checkFingerprint(String h) throws ContractException {
    if (!FINGERPRINT.matcher(h).matches()) {
      throw new ContractException("invalid_argument", "hash must be 64 lower-case hex characters (a SHA-256 or SM3 fingerprint)");
    }
    return h;
  }
}
