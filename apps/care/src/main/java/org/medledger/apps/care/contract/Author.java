package org.medledger.apps.care.contract;

import java.util.Optional;
import org.medledger.core.runtime.Arg;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.MemberCertificate;

/**
 * Who wrote a care entry: the sender herself, or (when a hospital's node submits for its
 * clinicians, who call its REST API) the {@code author} it names, which must be a valid member
 * certificate of the node's own organisation. A node can never write in another hospital's name.
 */
record Author(Hash certificate, String organisation, String role) {
  static Author of(ContractContext ctx, Arg<Hash> authorArg) throws ContractException {
    boolean byNode = "node".equals(ctx.caller().role());
    Optional<Hash> named = authorArg.ifGiven(ctx);
    if (!byNode) {
      if (named.isPresent() && !named.get().equals(ctx.caller().certificateId())) {
        throw new ContractException("forbidden", "author names another member: only a hospital's node writes for its clinicians");
      }
      return new Author(ctx.caller().certificateId(), ctx.caller().organisation(), ctx.caller().role());
    }
    Hash author = named.orElseThrow(() -> new ContractException("missing_argument",
        "author is required when a node submits: the certificate id of the clinician who wrote it"));
    MemberCertificate m = ctx.member(author).orElseThrow(() -> new ContractException("unknown_author",
        "author " + author.hex() + " is not a valid member certificate at this block"));
    if (!m.organisation().equals(ctx.caller().organisation())) {
      throw new ContractException("forbidden", "author " + author.hex() + " is of " + m.organisation() + ": the node of "
          + ctx.caller().organisation() + " writes only for its own clinicians");
    }
    return new Author(author, m.organisation(), m.role().wireName());
  }
}
