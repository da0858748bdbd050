package org.medledger.core.evidence;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.consensus.SignedConsensusMessage;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.Arg;
import org.medledger.core.runtime.DeclaredContract;
import org.medledger.core.runtime.MethodTable;
import org.medledger.core.runtime.Roles;
import org.medledger.core.runtime.Weight;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Args;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Verifier;

/**
 * Evidence of equivocation, on the chain (issue 21, finding 8): {@code submit} records that a
 * genesis validator signed two different messages for one (height, round, step). Any validator's
 * node may submit it; every node checks it from the genesis alone — the signer is a genesis
 * validator, both signatures verify under its key and this chain's {@link
 * org.medledger.core.genesis.Genesis#signingChainId}, the messages really conflict, the height is
 * not beyond the block's — so no node is believed on its word, and one step is recorded once
 * ({@code already_recorded}), however many nodes report it.
 */
public final class EvidenceContract extends DeclaredContract {
  public static final String NAME = "evidence";
  public static final String SUBMIT = "submit";
  private static final String OFFENCE = "offence/";
  private static final String LOG = "log/";
  private static final String COUNT = "count";

  private final String signingChainId;
  private final Map<Hash, Verifier> validators = new TreeMap<>();
  private final org.medledger.core.genesis.Genesis genesis;

  public EvidenceContract(Membership membership) {
    this.genesis = membership.genesis();
    this.signingChainId = membership.genesis().signingChainId();
    var signatures = membership.genesis().cryptoSuite().signatures();
    for (Hash id : membership.validatorIds()) {
      X509Certificate c = membership.validatorCertificate(id).orElseThrow();
      validators.put(id, signatures.verifier(c.getPublicKey()));
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The shapes of its keys (docs/receipts.md, "State keys"); a proof of absence is given only for these. */
  @Override
  public java.util.List<org.medledger.core.runtime.StateKeyForm> stateKeyForms() {
    return org.medledger.core.runtime.StateKeyForm.of("offence/{validator}/{height}/{round}/{step}", "log/{sequence}", "count");
  }

  private static final Arg<Equivocation> EVIDENCE = Arg.encoded("evidence", "equivocation", Equivocation::decode);

  /** A node certificate; that it is a genesis validator's is the contract's own check. */
  private final MethodTable methods = MethodTable.of(NAME)
      .tx(SUBMIT, Roles.of("node"), Weight.ONE, this::submit, EVIDENCE)
      .query("count", (state, args) -> new TreeMap<>(Map.of("count", Long.toString(count(state)))))
      .unknownQuery("evidence answers count; its records are the regulator's view (GET /v1/consensus/evidence)")
      .build();

  @Override
  protected MethodTable methods() {
    return methods;
  }

  private void submit(ContractContext ctx) throws ContractException {
    // On a governed chain the validators are those of the sets the ledger recorded; else the genesis's.
    boolean governed = genesis.governance().isPresent();
    StateReader sets = new org.medledger.core.runtime.OtherContractsState(ctx);
    if (!validators.containsKey(ctx.caller().certificateId())
        && !(governed && everValidator(sets, ctx.caller().certificateId()))) {
      // Only those who run consensus see its messages first-hand; anyone else could only
      // replay what a validator already submits.
      throw new ContractException("forbidden", "only a " + (governed ? "" : "genesis ") + "validator's node submits evidence; "
          + ctx.caller().certificateId() + " (" + ctx.caller().name() + " of " + ctx.caller().organisation() + ") is none");
    }
    Equivocation e = EVIDENCE.in(ctx);
    Verifier key = governed ? keyAt(sets, e.validator(), e.height()) : validators.get(e.validator());
    if (key == null) {
      throw new ContractException("not_a_validator", "certificate " + e.validator() + " is not a validator of the "
          + (governed ? "set in force at height " + e.height() : "genesis"));
    }
    if (!e.sameStep()) {
      throw new ContractException("not_conflicting", "the two messages are for different steps (" + e.first() + ", "
          + e.second() + "): a validator signs one message per height, round and step, not one in all");
    }
    if (e.sameContent(signingChainId)) {
      throw new ContractException("same_message", "the two messages say the same thing (" + e.first()
          + "): that is one message, perhaps signed twice, not an equivocation");
    }
    if (e.height() > ctx.blockHeight()) {
      throw new ContractException("future_height", "the messages are for height " + e.height()
          + ", beyond this block's " + ctx.blockHeight());
    }
    check(key, e.first(), "first", e);
    check(key, e.second(), "second", e);
    String offence = offenceKey(e);
    if (ctx.get(offence) != null) {
      EvidenceRecord earlier = EvidenceRecord.decode(ctx.get(offence));
      throw new ContractException("already_recorded", "validator " + e.validator() + "'s " + e.step().wireName()
          + " at height " + e.height() + " round " + e.round() + " was recorded at block " + earlier.recordedHeight());
    }
    long sequence = count(ctx.get(COUNT));
    EvidenceRecord rec = new EvidenceRecord(e, ctx.caller().certificateId(), ctx.blockHeight(), ctx.transactionId(), sequence);
    ctx.put(offence, rec.encode());
    ctx.put(logKey(sequence), offence.getBytes(StandardCharsets.UTF_8));
    ctx.put(COUNT, new CanonicalWriter(8).u64(sequence + 1).toByteArray());
    ctx.emit("EquivocationRecorded", Args.of("validator", e.validator().hex(), "height", Long.toString(e.height()),
        "round", Integer.toString(e.round()), "step", e.step().wireName()));
  }

  /** Whether {@code id} is the node certificate of a validator of any set the ledger recorded (the genesis's included). */
  private boolean everValidator(StateReader state, Hash id) {
    for (ValidatorHistory.Transition t : ValidatorHistory.transitions(genesis, state)) {
      for (ValidatorEntry v : t.validators()) {
        if (idOf(v).equals(id)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The key of validator {@code id} in the set in force at {@code height}: a rotated validator's
   * old key answers for the heights before its rotation, its new one after; null when none.
   */
  private Verifier keyAt(StateReader state, Hash id, long height) {
    for (ValidatorEntry v : ValidatorHistory.at(genesis, state, height)) {
      if (idOf(v).equals(id)) {
        return genesis.cryptoSuite().signatures().verifier(
            org.medledger.crypto.x509.Pem.parseCertificate(v.nodeCertificatePem()).getPublicKey());
      }
    }
    return null;
  }

  private Hash idOf(ValidatorEntry v) {
    return org.medledger.crypto.x509.CertificateId.of(genesis.cryptoSuite().hash(),
        org.medledger.crypto.x509.Pem.parseCertificate(v.nodeCertificatePem()));
  }

  private void check(Verifier key, SignedConsensusMessage m, String which, Equivocation e) throws ContractException {
    if (!key.verify(m.signedBytes(signingChainId), m.signature())) {
      throw new ContractException("bad_signature", "the " + which + " message (" + m + ") is not signed by validator "
          + e.validator() + " for this chain (" + signingChainId + ")");
    }
  }

  /** One key per (validator, height, round, step): a step is recorded once, by whoever is first. */
  static String offenceKey(Equivocation e) {
    // Locale.ROOT: a locale's own digits in a state key would split the network.
    return OFFENCE + e.validator().hex() + "/" + String.format(Locale.ROOT, "%016x/%08x/%d", e.height(), e.round(),
        e.step().code());
  }

  private static String logKey(long sequence) {
    return LOG + String.format(Locale.ROOT, "%016x", sequence);
  }

  private static long count(byte[] stored) {
    return stored == null ? 0 : new CanonicalReader(stored).u64("evidence count");
  }

  /** How much evidence the chain holds. */
  public static long count(StateReader state) {
    return count(state.get(StateKeys.of(NAME, COUNT)));
  }

  /** Records {@code from} (a sequence number) onwards, oldest first, at most {@code limit}. */
  public static List<EvidenceRecord> list(StateReader state, long from, int limit) {
    List<EvidenceRecord> out = new ArrayList<>();
    long total = count(state);
    for (long s = Math.max(0, from); s < total && out.size() < limit; s++) {
      byte[] offence = state.get(StateKeys.of(NAME, logKey(s)));
      byte[] rec = offence == null ? null : state.get(StateKeys.of(NAME, offence));
      if (rec != null) {
        out.add(EvidenceRecord.decode(rec));
      }
    }
    return out;
  }

  /** The latest {@code n} records, newest first. */
  public static List<EvidenceRecord> latest(StateReader state, int n) {
    long total = count(state);
    List<EvidenceRecord> out = new ArrayList<>(list(state, total - n, n));
    java.util.Collections.reverse(out);
    return out;
  }

  /** Whether the chain already holds evidence of this step of this validator (whatever the pair). */
  public static boolean recorded(StateReader state, Equivocation e) {
    return state.get(StateKeys.of(NAME, offenceKey(e))) != null;
  }
}
