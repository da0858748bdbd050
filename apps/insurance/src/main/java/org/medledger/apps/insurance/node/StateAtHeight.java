package org.medledger.apps.insurance.node;

import java.util.Arrays;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.medledger.apps.insurance.contract.InsuranceContract;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.smt.StateProof;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ledger.StatePrunedException;

/**
 * The committed state as it stood after one block, for lists read a page at a time (REST and
 * portal): a list answers the height it was read at, and the next page, asked at that height, is
 * read as the ledger stood then, whatever was committed since, so no item moves between pages or
 * shows two states. At the head it reads the live state, and reads again if a block was committed
 * meanwhile: at the new head when no height was asked for (up to three times), else pinned.
 * Pinned, a key's value is the one its state proof at the height shows ({@link
 * Ledger#stateProof}): written since, it shows its old value; created since, it is absent. Keys are scanned as they are now, which holds every key present then because the
 * insurance contract never deletes one.
 */
public final class StateAtHeight {
  private static final int LIVE_ATTEMPTS = 3;
  private final Ledger ledger;
  private final long height;
  private final boolean live;

  private StateAtHeight(Ledger ledger, long height, boolean live) {
    this.ledger = ledger;
    this.height = height;
    this.live = live;
  }

  /**
   * Runs {@code read} at {@code asked} (null: the head), so what it answers is one height's: a read that a commit
   * overtook is read again, at the new head or pinned.
   */
  public static <T> T read(Ledger ledger, Long asked, Function<StateAtHeight, T> read) {
    long head = ledger.height();
    if (asked != null && asked > head) {
      throw new IllegalArgumentException("height: " + asked + " is above the head (" + head + "): ask for a height the"
          + " ledger has reached, as a page's answer names it");
    }
    if (asked != null && asked < ledger.oldestProvableHeight()) {
      throw pruned(asked, ledger);
    }
    long at = asked == null ? head : asked;
    // At the head, live reads; a block committed meanwhile means reading again, at the new head when none was asked
    // for (a pinned read costs a state proof a key), else pinned to the height asked.
    for (int attempt = 0; attempt < (asked == null ? LIVE_ATTEMPTS : 1) && at == ledger.height(); attempt++) {
      T answer = read.apply(new StateAtHeight(ledger, at, true));
      if (ledger.height() == at) {
        return answer;
      }
      at = asked == null ? ledger.height() : at;
    }
    try {
      return read.apply(new StateAtHeight(ledger, at, false));
    } catch (StatePrunedException e) {
      throw pruned(at, ledger);
    }
  }

  /** A {@code height} query parameter: null when absent; else a block height, or a clear error naming it. */
  public static Long parseHeight(String text) {
    if (text == null) {
      return null;
    }
    try {
      long h = Long.parseLong(text.strip());
      if (h >= 0) {
        return h;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    throw new IllegalArgumentException("height: '" + (text.length() > 20 ? text.substring(0, 20) + "…" : text)
        + "' is not a block height (a whole number from 0)");
  }

  /** The height read at. */
  public long height() {
    return height;
  }

  /**
   * The state now, for deciding who may see an item (whose patient a member is): a right is the member's now,
   * whatever page of an older height she reads.
   */
  public StateReader access() {
    return ledger.state();
  }

  /**
   * Visits the insurance keys under {@code localPrefix} that sort after {@code afterLocal} (null: all), in key order,
   * with their values at this height, until {@code visitor} returns false. Keys before the cursor cost nothing pinned.
   */
  public void scan(String localPrefix, String afterLocal, BiPredicate<byte[], byte[]> visitor) {
    byte[] after = afterLocal == null ? null : StateKeys.of(InsuranceContract.NAME, afterLocal);
    ledger.state().scan(StateKeys.of(InsuranceContract.NAME, localPrefix), (k, v) -> {
      if (after != null && Arrays.compareUnsigned(k, after) <= 0) {
        return true;
      }
      byte[] then = live ? v : valueAt(k);
      return then == null || visitor.test(k, then);
    });
  }

  /** An insurance key's value at this height (its local key, as the contract writes it); null when absent then. */
  public byte[] get(String localKey) {
    byte[] key = StateKeys.of(InsuranceContract.NAME, localKey);
    return live ? ledger.state().get(key) : valueAt(key);
  }

  private static IllegalArgumentException pruned(long h, Ledger ledger) {
    return new IllegalArgumentException("height: the state of block " + h + " is no longer kept by this node (its oldest"
        + " is " + ledger.oldestProvableHeight() + "): start again from the first page");
  }

  /** The key's value as its proof at the height shows it; null when it was absent then. */
  private byte[] valueAt(byte[] key) {
    return ledger.stateProof(key, height).filter(StateProof::present).map(StateProof::value).orElse(null);
  }
}
