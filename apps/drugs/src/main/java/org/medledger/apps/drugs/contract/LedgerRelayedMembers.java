package org.medledger.apps.drugs.contract;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiPredicate;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.CertificateCheck;

/** The member a relaying node names, resolved from the membership records as this block sees them. */
public final class LedgerRelayedMembers implements RelayedMembers {
  private final Membership membership;

  public LedgerRelayedMembers(Membership membership) {
    this.membership = membership;
  }

  @Override
  public Caller resolve(ContractContext ctx, Hash certificateId) throws ContractException {
    CertificateCheck check = membership.member(new ContextState(ctx), certificateId, ctx.blockTimestamp());
    if (check instanceof CertificateCheck.Invalid bad) {
      throw new ContractException("unknown_member", "member: " + bad.reason());
    }
    return Membership.caller(((CertificateCheck.Valid) check).member());
  }

  /** Full-key reads through the contract's cross-namespace view, so the block's earlier writes count. */
  private record ContextState(ContractContext ctx) implements StateReader {
    @Override
    public byte[] get(byte[] key) {
      int sep = indexOfZero(key);
      return ctx.read(new String(key, 0, sep, StandardCharsets.UTF_8), new String(key, sep + 1, key.length - sep - 1, StandardCharsets.UTF_8));
    }

    @Override
    public void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
      int sep = indexOfZero(prefix);
      String ns = new String(prefix, 0, sep, StandardCharsets.UTF_8);
      ctx.scanOther(ns, new String(Arrays.copyOfRange(prefix, sep + 1, prefix.length), StandardCharsets.UTF_8),
          (k, v) -> visitor.test(StateKeys.of(ns, k), v));
    }

    private static int indexOfZero(byte[] key) {
      for (int i = 0; i < key.length; i++) {
        if (key[i] == 0) {
          return i;
        }
      }
      throw new IllegalArgumentException("not a full state key");
    }
  }
}
