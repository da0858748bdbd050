package org.medledger.apps.credentials.contract.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;

/**
 * The check another application's contract makes before an act that needs a credential (issue
 * 16 item 4): it reads the credentials contract's state through {@link ContractContext#read} as
 * it stands in this block, so a suspension committed in an earlier block, or earlier in this one,
 * already counts, and judges expiry by the block's time. A scope is required only from the block
 * where a licensing authority switched its enforcement on ({@link CredentialKeys#enforced}):
 * before that, and on a chain that does not run the credentials application, nothing is read and
 * the act goes on as it always did.
 */
public final class CredentialGate {
  private CredentialGate() {}

  /** Refuses, naming why, a sender who holds no credential in force for {@code scope} at this block. */
  public static void requireScope(ContractContext ctx, Caller who, Scope scope) throws ContractException {
    if (!enforced(ctx, scope)) {
      return;
    }
    List<Credential> held = new ArrayList<>();
    ctx.scanOther(CredentialKeys.NAMESPACE, CredentialKeys.holderPrefix(who.certificateId()), (key, value) -> {
      String[] parts = key.substring(CredentialKeys.holderPrefix(who.certificateId()).length()).split("/", 2);
      byte[] c = ctx.read(CredentialKeys.NAMESPACE, CredentialKeys.credential(parts[0], parts[1]));
      if (c != null) {
        held.add(Credential.decode(c));
      }
      return true;
    });
    if (held.isEmpty()) {
      throw new ContractException("credential_required", who.name() + " of " + who.organisation()
          + " holds no credential, and " + scope.wireName() + " needs one in force");
    }
    // A credential that covers the scope speaks first: a licence without the scope matters only when none has it.
    Optional<CredentialProblem> best = Optional.of(CredentialProblem.LACKS_SCOPE);
    String named = held.get(0).issuer() + " licence " + held.get(0).licence();
    for (Credential c : held) {
      Optional<CredentialProblem> p = c.problemAt(ctx.blockTimestamp(), scope);
      if (p.isEmpty()) {
        return;
      }
      if (p.get() != CredentialProblem.LACKS_SCOPE && best.get() == CredentialProblem.LACKS_SCOPE) {
        best = p;
        named = c.issuer() + " licence " + c.licence();
      }
    }
    throw new ContractException(best.get().code(), who.name() + " of " + who.organisation() + " may not "
        + scope.wireName() + ": the credential (" + named + ") is " + best.get().words() + " at this block");
  }

  /** Whether a licensing authority has switched on the requirement for this scope by this block. */
  public static boolean enforced(ContractContext ctx, Scope scope) {
    return ctx.read(CredentialKeys.NAMESPACE, CredentialKeys.enforced(scope)) != null;
  }

  /** The height an enforcement value records. */
  public static long enforcedFrom(byte[] value) {
    CanonicalReader r = new CanonicalReader(value);
    long h = r.u64("enforced.height");
    r.expectEnd("enforcement");
    return h;
  }
}
