package org.medledger.apps.drugs.contract.view;

import java.util.Optional;
import org.medledger.apps.drugs.contract.CompanyPrefixes;
import org.medledger.apps.drugs.contract.DrugsContract;
import org.medledger.apps.drugs.contract.PrefixChange;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.core.runtime.ContractContext;

/**
 * What another application's contract may read of the drugs application's GS1 company prefixes:
 * which member organisation owns, now, the prefix a GTIN carries (the regulator records it;
 * docs/security.md, finding 3). The safety application's device registry lets only that owner
 * register a GS1 device identifier under it.
 */
public final class CompanyPrefixView {
  private CompanyPrefixView() {}

  /** The owner of {@code gtin}'s company prefix as this transaction sees the drugs state; empty when none is recorded. */
  public static Optional<OwnedPrefix> owner(ContractContext ctx, Gtin gtin) {
    return CompanyPrefixes.owner(key -> ctx.read(DrugsContract.NAME, key), gtin).map(c -> new OwnedPrefix(c.prefix(), c.owner()));
  }

  /** A recorded company prefix and the organisation owning it. */
  public record OwnedPrefix(String prefix, String owner) {}
}
