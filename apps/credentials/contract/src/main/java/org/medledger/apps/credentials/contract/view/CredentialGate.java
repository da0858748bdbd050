package org.medledger.apps.credentials.contract.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;

/**
 * The check another application makes before an act that needs a credential (issue 16 item 4).
 * In a contract ({@link #requireScope}) it reads the credentials contract's state through {@link
 * ContractContext#read} as it stands in this block, so a suspension committed in an earlier block,
 * or earlier in this one, already counts, and judges validity by the block's time; a node's
 * policy point asks the same of its committed state ({@link #refusal}) so that it refuses the act
 * before the ledger would. A scope is required only from the block where a licensing authority
 * switched its enforcement on ({@link CredentialKeys#enforced}): before that, and on a chain that
 * does not run the credentials application, nothing more is read and the act goes on as it always did.
 */
public final class CredentialGate {
  /** Why the ledger refuses: its code and a sentence naming the sender and the credential. */
  public record Refusal(String code, String message) {}

  /** The credentials namespace as one reader or the other sees it. */
  private interface Source {
    byte[] read(String key);

    void scan(String prefix, BiPredicate<String, byte[]> visitor);
  }

  private CredentialGate() {}

  /** Refuses, naming why, a sender who holds no credential in force for {@code scope} at this block. */
  public static void requireScope(ContractContext ctx, Caller who, Scope scope) throws ContractException {
    Source in = new Source() {
      @Override
      public byte[] read(String key) {
        return ctx.read(CredentialKeys.NAMESPACE, key);
      }

      @Override
      public void scan(String prefix, BiPredicate<String, byte[]> visitor) {
        ctx.scanOther(CredentialKeys.NAMESPACE, prefix, visitor);
      }
    };
    Optional<Refusal> r = refusal(in, who, scope, ctx.blockTimestamp());
    if (r.isPresent()) {
      throw new ContractException(r.get().code(), r.get().message());
    }
  }

  /** What the ledger would answer {@code who} acting with {@code scope} at {@code time} on this state; empty: it lets her. */
  public static Optional<Refusal> refusal(StateReader state, Caller who, Scope scope, long time) {
    Source in = new Source() {
      @Override
      public byte[] read(String key) {
        return state.get(StateKeys.of(CredentialKeys.NAMESPACE, key));
      }

      @Override
      public void scan(String prefix, BiPredicate<String, byte[]> visitor) {
        state.scan(StateKeys.of(CredentialKeys.NAMESPACE, prefix),
            (k, v) -> visitor.test(StateKeys.localKey(CredentialKeys.NAMESPACE, k), v));
      }
    };
    return refusal(in, who, scope, time);
  }

  private static Optional<Refusal> refusal(Source in, Caller who, Scope scope, long time) {
    if (in.read(CredentialKeys.enforced(scope)) == null) {
      return Optional.empty();
    }
    String prefix = CredentialKeys.holderPrefix(who.certificateId());
    List<Credential> held = new ArrayList<>();
    in.scan(prefix, (key, value) -> {
      String[] parts = key.substring(prefix.length()).split("/", 2);
      byte[] c = in.read(CredentialKeys.credential(parts[0], parts[1]));
      if (c != null) {
        held.add(Credential.decode(c));
      }
      return true;
    });
    if (held.isEmpty()) {
      return Optional.of(new Refusal("credential_required", who.name() + " of " + who.organisation()
          + " holds no credential, and " + scope.wireName() + " needs one in force"));
    }
    // A credential that covers the scope speaks first: a licence without the scope matters only when none has it.
    CredentialProblem best = CredentialProblem.LACKS_SCOPE;
    String named = held.get(0).issuer() + " licence " + held.get(0).licence();
    for (Credential c : held) {
      Optional<CredentialProblem> p = c.problemAt(time, scope);
      if (p.isEmpty()) {
        return Optional.empty();
      }
      if (p.get() != CredentialProblem.LACKS_SCOPE && best == CredentialProblem.LACKS_SCOPE) {
        best = p.get();
        named = c.issuer() + " licence " + c.licence();
      }
    }
    return Optional.of(new Refusal(best.code(), who.name() + " of " + who.organisation() + " may not " + scope.wireName()
        + ": the credential (" + named + ") is " + best.words() + " at this block"));
  }

  /** The height an enforcement value records. */
  public static long enforcedFrom(byte[] value) {
    CanonicalReader r = new CanonicalReader(value);
    long h = r.u64("enforced.height");
    r.expectEnd("enforcement");
    return h;
  }
}
