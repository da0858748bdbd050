package org.medledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.membership.LedgerOrganisations;
import org.medledger.core.membership.Membership;
import org.medledger.core.membership.MembershipContract;
import org.medledger.core.runtime.StateKeys;
import org.medledger.crypto.Hash;
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
 *
 * <p>Certificates revoked on the ledger ({@code membership.revoke}, e.g. a node's API certificate)
 * are proven the same way, one certificate at a time as a server shows it ({@link #revocation}):
 * the state receipt of its {@code membership/revoked/<id>} key after the same block, through the
 * same node, checked from the genesis; without a proof either way nothing is trusted.
 */
public final class ProvenConsortium {
  private final Genesis genesis;
  private final long height;
  private final List<Organisation> organisations;
  private final List<ValidatorEntry> validators;
  /** The node revocations are proven through: the one the list came through; null when none was given. */
  private final MedLedgerClient revocationsFrom;
  /** Proven answers by certificate id: the ledger's reason when revoked, empty when not (fixed for this height). */
  private final ConcurrentHashMap<Hash, Optional<String>> revocations = new ConcurrentHashMap<>();

  private ProvenConsortium(Genesis genesis, long height, List<Organisation> organisations, List<ValidatorEntry> validators,
      MedLedgerClient revocationsFrom) {
    this.genesis = genesis;
    this.height = height;
    this.organisations = List.copyOf(organisations);
    this.validators = List.copyOf(validators);
    this.revocationsFrom = revocationsFrom;
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
    return of(genesis, tracker, node.stateReceipt(LedgerOrganisations.NAMESPACE + "/" + LedgerOrganisations.KEY, at), node);
  }

  /**
   * Checks {@code organisationsReceipt} (a state receipt of the member list) from the genesis and
   * against the head {@code tracker} follows, and takes the validators in force at the receipt's block
   * from the sets the tracker walked.
   *
   * @param revocationsFrom the node the ledger's revocations are proven through ({@link #revocation});
   *     null: none, and {@link #revocation} then proves nothing
   * @throws ApiException (status 0) naming what is wrong with the receipt
   */
  public static ProvenConsortium of(Genesis genesis, LogHeadTracker tracker, JsonNode organisationsReceipt,
      MedLedgerClient revocationsFrom) {
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
    return new ProvenConsortium(genesis, height, members, inForceAt(tracker.validatorSets(), height), revocationsFrom);
  }

  /** As {@link #of(Genesis, LogHeadTracker, JsonNode, MedLedgerClient)} with no node to prove revocations through. */
  public static ProvenConsortium of(Genesis genesis, LogHeadTracker tracker, JsonNode organisationsReceipt) {
    return of(genesis, tracker, organisationsReceipt, null);
  }

  /**
   * Whether the ledger revoked the certificate {@code id} by the block this list is proven after:
   * the reason the ledger recorded, or empty when the proven state holds no revocation of it.
   *
   * @throws ApiException (status 0, {@code unproven_revocation}) when it cannot be proven either way
   */
  public Optional<String> revocation(Hash id) {
    Optional<String> known = revocations.get(id);
    if (known != null) {
      return known;
    }
    if (revocationsFrom == null) {
      throw new ApiException(0, "unproven_revocation", "no node was given to prove the ledger's revocations through");
    }
    String key = Membership.revokedKey(id);
    JsonNode receipt;
    try {
      receipt = revocationsFrom.stateReceipt(MembershipContract.NAME + "/" + key, height);
    } catch (ApiException e) {
      throw unprovenRevocation(id, "the node answered " + e.getMessage());
    }
    Verification v = new ReceiptVerifier(genesis).verify(receipt);
    if (v instanceof Verification.Failed f) {
      throw unprovenRevocation(id, "its receipt does not verify from the genesis (" + f.check() + "): " + f.reason());
    }
    StateProof proof = ReceiptVerifier.stateProof(receipt);
    if (!"state".equals(receipt.path("kind").asText()) || !Arrays.equals(proof.key(), StateKeys.of(MembershipContract.NAME, key))) {
      throw unprovenRevocation(id, "the receipt proves another state key than " + MembershipContract.NAME + "/" + key);
    }
    long proven = SignedHeader.decode(Hex.decode(receipt.get("signedHeader").get("encoded").asText())).header().height();
    if (proven < height) {
      throw unprovenRevocation(id, "the receipt is proven after block " + proven + ", before block " + height
          + " the member list is proven after");
    }
    Optional<String> answer = proof.present()
        ? Optional.of(new String(proof.value(), java.nio.charset.StandardCharsets.UTF_8)) : Optional.empty();
    revocations.putIfAbsent(id, answer);
    return answer;
  }

  private ApiException unprovenRevocation(Hash id, String why) {
    return new ApiException(0, "unproven_revocation", "whether the ledger revoked certificate " + id + " by block " + height
        + " is not proven: " + why);
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
