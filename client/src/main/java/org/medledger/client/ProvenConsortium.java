package org.medledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.membership.LedgerOrganisations;
import org.medledger.crypto.Hex;
import org.medledger.crypto.smt.StateProof;

/**
 * The consortium as the ledger holds it at one height, checked from the genesis alone: the member
 * organisations (a state receipt of {@code governance/consortium/organisations}, verified with
 * {@link ReceiptVerifier}) and the validators in force (the validator-set changes a {@link
 * LogHeadTracker} walked, which carry each validator's node certificate). A client builds its
 * trust in a voted-in organisation's node from it ({@link ApiServerTrust#withLedger}).
 *
 * <p>A receipt proves what the list was after its block, not that it still is: a list from
 * before an organisation's removal verifies as well as today's. So the list must be proven at or
 * past the head the tracker already follows; a node cannot hand the client an older one.
 */
public final class ProvenConsortium {
  private final long height;
  private final List<Organisation> organisations;
  private final List<ValidatorEntry> validators;

  private ProvenConsortium(long height, List<Organisation> organisations, List<ValidatorEntry> validators) {
    this.height = height;
    this.organisations = List.copyOf(organisations);
    this.validators = List.copyOf(validators);
  }

  /**
   * Advances {@code tracker} with {@code node} (any node the client trusts already, e.g. a genesis
   * organisation's, logged in) and fetches the member list proven at the head it reached.
   *
   * @throws ApiException (status 0) naming the check that failed
   */
  public static ProvenConsortium fetch(MedLedgerClient node, Genesis genesis, LogHeadTracker tracker) {
    Verification head = tracker.advance(node);
    if (head instanceof Verification.Failed f) {
      throw new ApiException(0, "unverified_head", "the node's latest block does not verify from the genesis ("
          + f.check() + "): " + f.reason());
    }
    long at = tracker.current().orElseThrow().height();
    return of(genesis, tracker, node.stateReceipt(LedgerOrganisations.NAMESPACE + "/" + LedgerOrganisations.KEY, at));
  }

  /**
   * Checks {@code organisationsReceipt} (a state receipt of the member list) from the genesis and
   * against the head {@code tracker} follows, and takes the validators in force at the receipt's block
   * from the sets the tracker walked.
   *
   * @throws ApiException (status 0) naming what is wrong with the receipt
   */
  public static ProvenConsortium of(Genesis genesis, LogHeadTracker tracker, JsonNode organisationsReceipt) {
    if (genesis.governance().isEmpty()) {
      throw refused("the genesis has no 'governance' field: its organisations never change, so its own CAs are the trust");
    }
    Verification v = new ReceiptVerifier(genesis).verify(organisationsReceipt);
    if (v instanceof Verification.Failed f) {
      throw refused("the receipt of the member organisations does not verify from the genesis (" + f.check() + "): "
          + f.reason());
    }
    if (!"state".equals(organisationsReceipt.path("kind").asText())) {
      throw refused("a " + organisationsReceipt.path("kind").asText() + " receipt, not a state receipt of the member list");
    }
    StateProof proof = ReceiptVerifier.stateProof(organisationsReceipt);
    if (!Arrays.equals(proof.key(), LedgerOrganisations.fullKey())) {
      throw refused("the receipt proves state key " + Hex.encode(proof.key()) + ", not " + LedgerOrganisations.NAMESPACE + "/"
          + LedgerOrganisations.KEY + " (the ledger's member organisations)");
    }
    long height = SignedHeader.decode(Hex.decode(organisationsReceipt.get("signedHeader").get("encoded").asText()))
        .header().height();
    long followed = tracker.current().map(LogHeadTracker.LogHead::height).orElse(0L);
    if (height < followed) {
      throw refused("the member list is proven after block " + height + ", before block " + followed
          + " this client already follows: an old list (an organisation removed since would still be in it); ask for one at"
          + " height " + followed + " or later");
    }
    // The ledger writes the list at the first change; before that the genesis's are the members.
    List<Organisation> members = proof.present() ? LedgerOrganisations.decode(proof.value()) : genesis.organisations();
    return new ProvenConsortium(height, members, inForceAt(tracker.validatorSets(), height));
  }

  private static List<ValidatorEntry> inForceAt(List<ValidatorHistory.Transition> sets, long height) {
    List<ValidatorEntry> inForce = sets.get(0).validators();
    for (ValidatorHistory.Transition t : sets) {
      if (t.effectiveAt() <= height) {
        inForce = t.validators();
      }
    }
    return inForce;
  }

  private static ApiException refused(String why) {
    return new ApiException(0, "unproven_consortium", why);
  }

  /** The block after which the list held. */
  public long height() {
    return height;
  }

  public List<Organisation> organisations() {
    return organisations;
  }

  /** The validators in force at {@link #height()}. */
  public List<ValidatorEntry> validators() {
    return validators;
  }
}
