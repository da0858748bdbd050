package org.medledger.core.notary;

import java.util.SortedMap;
import java.util.regex.Pattern;
import org.medledger.core.runtime.Contract;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Args;

/**
 * Anchors a document's fingerprint (Factom / HealthNautica): proof that a document with this
 * hash existed, of this type, owned by this organisation, no later than the block's time. The
 * document itself never touches the ledger. The first anchor of a fingerprint wins.
 */
public final class NotaryContract implements Contract {
  public static final String NAME = "notary";
  public static final String ANCHOR = "anchor";
  public static final String LOOKUP = "lookup";
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _./\\-]{0,63}");

  @Override
  public String name() {
    return NAME;
  }

  /** Every member role but a patient's: a patient proves her documents through the records she holds. */
  @Override
  public java.util.Map<String, java.util.Set<String>> methodRoles() {
    return java.util.Map.of(ANCHOR, java.util.Set.of("admin", "clinician", "regulator", "insurer", "maker", "distributor",
        "pharmacy", "sponsor", "node"));
  }

  @Override
  public void execute(ContractContext ctx) throws ContractException {
    if (!ANCHOR.equals(ctx.method())) {
      throw new ContractException("unknown_method", "notary has no method '" + ctx.method() + "' (expected anchor)");
    }
    String fingerprint = checkFingerprint(ctx.requireArg("hash"));
    String type = ctx.requireArg("type");
    if (!TYPE.matcher(type).matches()) {
      throw new ContractException("invalid_argument", "type '" + type + "' must be 1-64 characters of letters, digits, space, _ . / -");
    }
    String key = key(fingerprint);
    byte[] existing = ctx.get(key);
    if (existing != null) {
      NotaryRecord first = NotaryRecord.decode(existing);
      throw new ContractException("already_anchored", "fingerprint " + fingerprint + " was anchored at height " + first.height());
    }
    NotaryRecord rec = new NotaryRecord(fingerprint, type, ctx.caller().organisation(),
        ctx.caller().certificateId(), ctx.transactionId(), ctx.blockHeight(), ctx.blockTimestamp());
    ctx.put(key, rec.encode());
    ctx.emit("Anchored", Args.of("hash", fingerprint, "type", type, "owner", rec.ownerOrganisation()));
  }

  @Override
  public SortedMap<String, String> query(StateReader state, String method, Args args) throws ContractException {
    if (!LOOKUP.equals(method)) {
      throw new ContractException("unknown_method", "notary has no query '" + method + "' (expected lookup)");
    }
    String fingerprint = checkFingerprint(args.get("hash").orElseThrow(
        () -> new ContractException("missing_argument", "argument 'hash' is required")));
    byte[] v = state.get(StateKeys.of(NAME, key(fingerprint)));
    if (v == null) {
      throw new ContractException("not_found", "fingerprint " + fingerprint + " is not anchored");
    }
    return NotaryRecord.decode(v).toMap();
  }

  public static String key(String fingerprint) {
    return "doc/" + fingerprint;
  }

  private static String checkFingerprint(String h) throws ContractException {
    if (!FINGERPRINT.matcher(h).matches()) {
      throw new ContractException("invalid_argument", "hash must be 64 lower-case hex characters (a SHA-256 or SM3 fingerprint)");
    }
    return h;
  }
}
