package org.medledger.apps.safety.contract.readings;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.regex.Pattern;
import org.medledger.core.runtime.Arg;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.DeclaredContract;
import org.medledger.core.runtime.MethodTable;
import org.medledger.core.runtime.Roles;
import org.medledger.core.runtime.StateKeyForm;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.runtime.Weight;
import org.medledger.core.tx.Args;
import org.medledger.crypto.Hash;

/**
 * Anchors batches of device readings (issue 17, item 7): a member organisation's gateway checks
 * each reading's device signature, batches them and anchors the batch's Merkle root here. The
 * ledger keeps the root, the count and the device set's digest under the gateway's organisation
 * and its batch id; never a reading, a value or a UDI. A batch id is the gateway's own name,
 * once per organisation: another organisation's batch of the same id is its own record, and
 * nobody writes over an anchored root.
 */
public final class DeviceReadingsContract extends DeclaredContract {
  public static final String NAME = "readings";
  public static final String ANCHOR = "anchor";
  public static final String BATCH = "batch";
  private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  static final Arg<String> BATCH_ARG = Arg.of("batch", "batch id", DeviceReadingsContract::checkBatchId);
  static final Arg<Hash> ROOT = Arg.hash("root", "the batch's Merkle root, 64 hex characters");
  static final Arg<Long> COUNT = Arg.of("count", "reading count", DeviceReadingsContract::checkCount);
  static final Arg<Hash> DEVICES = Arg.hash("devices", "the digest of the batch's device set, 64 hex characters");
  static final Arg<String> ORGANISATION = Arg.text("organisation");

  /** A gateway is node-side: the node signs its anchors; an organisation's admin may anchor a batch by hand. */
  private final MethodTable methods = MethodTable.of(NAME)
      .tx(ANCHOR, Roles.of("node", "admin"), Weight.ONE, this::anchor, BATCH_ARG, ROOT, COUNT, DEVICES)
      .query(BATCH, this::batch, ORGANISATION, BATCH_ARG)
      .build();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected MethodTable methods() {
    return methods;
  }

  @Override
  public List<StateKeyForm> stateKeyForms() {
    return StateKeyForm.of("batch/{organisation}/{batch}");
  }

  private void anchor(ContractContext ctx) throws ContractException {
    String organisation = ctx.caller().organisation();
    String batchId = BATCH_ARG.in(ctx);
    String key = key(organisation, batchId);
    byte[] existing = ctx.get(key);
    if (existing != null) {
      AnchoredBatch first = AnchoredBatch.decode(existing);
      throw new ContractException("already_anchored", "batch " + batchId + " of " + organisation + " was anchored at height "
          + first.height() + " with root " + first.root().hex());
    }
    AnchoredBatch batch = new AnchoredBatch(organisation, batchId, ROOT.in(ctx), COUNT.in(ctx), DEVICES.in(ctx),
        ctx.caller().certificateId(), ctx.transactionId(), ctx.blockHeight(), ctx.blockTimestamp());
    ctx.put(key, batch.encode());
    ctx.emit("ReadingsAnchored", Args.of("organisation", organisation, "batch", batchId, "root", batch.root().hex(),
        "count", Long.toString(batch.count())));
  }

  private SortedMap<String, String> batch(StateReader state, Args args) throws ContractException {
    String organisation = ORGANISATION.inQuery(args);
    String batchId = BATCH_ARG.inQuery(args);
    return find(state, organisation, batchId).map(AnchoredBatch::toMap).orElseThrow(() -> new ContractException("not_found",
        "no batch " + batchId + " anchored by " + organisation));
  }

  public static Optional<AnchoredBatch> find(StateReader state, String organisation, String batchId) {
    return Optional.ofNullable(state.get(StateKeys.of(NAME, key(organisation, batchId)))).map(AnchoredBatch::decode);
  }

  /** Organisation names hold no '/', nor do batch ids. */
  public static String key(String organisation, String batchId) {
    return "batch/" + organisation + "/" + batchId;
  }

  public static String checkBatchId(String id) throws ContractException {
    if (id == null || !BATCH_ID.matcher(id).matches()) {
      throw new ContractException("invalid_argument", "batch '" + id + "' must be 1-64 characters of letters, digits, . _ -,"
          + " starting with a letter or digit");
    }
    return id;
  }

  private static long checkCount(String text) throws ContractException {
    long n;
    try {
      n = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ContractException("invalid_argument", "count '" + text + "' is not a whole number");
    }
    if (n < 1 || n > ReadingBatch.MAX_READINGS) {
      throw new ContractException("invalid_argument", "count " + n + " must be 1-" + ReadingBatch.MAX_READINGS);
    }
    return n;
  }
}
