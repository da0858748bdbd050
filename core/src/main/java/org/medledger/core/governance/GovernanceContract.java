package org.medledger.core.governance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.genesis.Threshold;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.membership.LedgerNodeCertificates;
import org.medledger.core.membership.LedgerOrganisations;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.Arg;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.DeclaredContract;
import org.medledger.core.runtime.MethodTable;
import org.medledger.core.runtime.Roles;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.runtime.Weight;
import org.medledger.core.tx.Args;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/**
 * On-chain governance, run only by a chain whose genesis enables it: an organisation's admin
 * proposes a change to the consortium, admins vote for their organisations (one vote each), and a
 * proposal passes once the votes meet its threshold (chain parameters themselves), is rejected
 * once it no longer can, and expires after its voting period. What a passed proposal does: member
 * changes and parameter changes take effect in the ledger's state at once (every certificate check
 * and the block executor read them); validator-set changes and upgrades are recorded, effective
 * at a height, for the consensus engine to follow (step 2; docs/governance.md).
 */
public final class GovernanceContract extends DeclaredContract {
  public static final String NAME = Consortium.NAMESPACE;
  private static final String NEXT_ID_KEY = "next-proposal";

  private final Membership membership;
  private final ProposalTerms rules;

  public GovernanceContract(Membership membership) {
    if (membership.genesis().governance().isEmpty()) {
      throw new IllegalArgumentException("the genesis does not enable governance (no 'governance' field)");
    }
    this.membership = membership;
    this.rules = new ProposalTerms(membership);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Every key the contract writes, so a state receipt proves one's absence too (docs/receipts.md,
   * State keys): proposals, votes, the consortium the passed ones made, the sets in force.
   */
  @Override
  public java.util.List<org.medledger.core.runtime.StateKeyForm> stateKeyForms() {
    return org.medledger.core.runtime.StateKeyForm.of(NEXT_ID_KEY, "proposal/{id}", "vote/{id}/{organisation}",
        org.medledger.core.membership.LedgerOrganisations.KEY, Consortium.VALIDATORS_KEY, Consortium.PARAMETERS_KEY,
        Consortium.VALIDATOR_CHANGE_PREFIX + "{id}", Consortium.UPGRADE_PREFIX + "{id}", ValidatorHistory.PREFIX + "{height}",
        ValidatorHistory.LAST_KEY, ValidatorAddresses.PREFIX + "{validator}", org.medledger.core.membership.LedgerNodeCertificates.PREFIX + "{hash}");
  }

  private static final Arg<ProposalKind> KIND = Arg.of("kind", "proposal kind", v -> {
    try {
      return ProposalKind.parse(v);
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_argument", e.getMessage());
    }
  });
  private static final Arg<Long> PROPOSAL = Arg.of("proposal", "proposal id", v -> {
    if (!v.matches("[1-9][0-9]{0,11}")) {
      throw new ContractException("invalid_argument", "proposal must be a proposal id (1, 2, …), got '" + v + "'");
    }
    return Long.parseLong(v);
  });
  private static final Arg<Boolean> CHOICE = Arg.of("choice", "yes or no", v -> {
    if (!v.equals("yes") && !v.equals("no")) {
      throw new ContractException("invalid_argument", "choice must be yes or no, got '" + v + "'");
    }
    return v.equals("yes");
  });
  /** Optional: a vote names no organisation but its sender's; one that names another is refused, not recounted. */
  private static final Arg<String> ORGANISATION = Arg.text("organisation");

  private final MethodTable methods = MethodTable.of(NAME)
      .tx("propose", Roles.of("admin"), Weight.ONE, this::propose, KIND)
      .tx("vote", Roles.of("admin"), Weight.ONE, this::vote, PROPOSAL, CHOICE, ORGANISATION.optional())
      .tx("expire", Roles.of("admin"), Weight.ONE, this::expire, PROPOSAL)
      .query("proposal", this::proposalQuery, PROPOSAL)
      .query("parameters", this::parametersQuery)
      .build();

  @Override
  protected MethodTable methods() {
    return methods;
  }

  private Consortium consortium(ContractContext ctx) {
    return Consortium.at(membership.genesis(), new ContextState(ctx));
  }

  private void propose(ContractContext ctx) throws ContractException {
    ProposalKind kind = KIND.in(ctx);
    Consortium c = consortium(ctx);
    Args terms = rules.check(kind, ctx.args(), c, new ContextState(ctx), ctx.blockTimestamp(), ctx.blockHeight());
    byte[] next = ctx.get(NEXT_ID_KEY);
    long id = next == null ? 1 : Long.parseLong(new String(next, StandardCharsets.US_ASCII));
    ctx.put(NEXT_ID_KEY, Long.toString(id + 1).getBytes(StandardCharsets.US_ASCII));
    Proposal p = new Proposal(id, kind, terms, ctx.caller().organisation(), ctx.caller().certificateId(),
        ctx.blockHeight(), ctx.blockHeight() + c.rules().votingPeriodBlocks(), ProposalStatus.PENDING, 0, 0, "");
    ctx.put(Proposal.key(id), p.encode());
    ctx.emit("Proposed", Args.of("proposal", Long.toString(id), "kind", kind.wireName(), "organisation",
        p.proposer(), "expiresAfter", Long.toString(p.expiresAfter())));
    // Proposing is the proposer's organisation's yes, when it has a vote on this kind.
    if (c.electorate(kind.electorate()).contains(p.proposer())) {
      ctx.put(voteKey(id, p.proposer()), "yes".getBytes(StandardCharsets.US_ASCII));
      ctx.emit("Voted", Args.of("proposal", Long.toString(id), "organisation", p.proposer(), "choice", "yes"));
      tally(ctx, p, c);
    }
  }

  private void vote(ContractContext ctx) throws ContractException {
    long id = PROPOSAL.in(ctx);
    boolean yes = CHOICE.in(ctx);
    String org = ctx.caller().organisation();
    java.util.Optional<String> named = ORGANISATION.ifGiven(ctx);
    if (named.isPresent() && !named.get().equals(org)) {
      throw new ContractException("forbidden", "an admin votes for its own organisation only: the sender is an admin of "
          + org + ", not of " + named.get());
    }
    Proposal p = load(ctx, id);
    if (p.status() != ProposalStatus.PENDING) {
      throw new ContractException("not_pending", "proposal " + id + " is " + p.status().wireName() + " (since height "
          + p.decidedAt() + "); votes are taken only while it is pending");
    }
    if (ctx.blockHeight() > p.expiresAfter()) {
      throw new ContractException("proposal_expired", "proposal " + id + " expired after height " + p.expiresAfter()
          + " (this block is " + ctx.blockHeight() + "); propose it again");
    }
    Consortium c = consortium(ctx);
    TreeSet<String> electorate = c.electorate(p.kind().electorate());
    if (!electorate.contains(org)) {
      throw new ContractException("forbidden", org + " has no vote on a " + p.kind().wireName() + " proposal (voters: "
          + String.join(", ", electorate) + ")");
    }
    if (ctx.get(voteKey(id, org)) != null) {
      throw new ContractException("already_voted", org + " already voted on proposal " + id + "; one vote per organisation");
    }
    String choice = yes ? "yes" : "no";
    ctx.put(voteKey(id, org), choice.getBytes(StandardCharsets.US_ASCII));
    ctx.emit("Voted", Args.of("proposal", Long.toString(id), "organisation", org, "choice", choice));
    tally(ctx, p, c);
  }

  private void expire(ContractContext ctx) throws ContractException {
    long id = PROPOSAL.in(ctx);
    Proposal p = load(ctx, id);
    if (p.status() != ProposalStatus.PENDING) {
      throw new ContractException("not_pending", "proposal " + id + " is already " + p.status().wireName());
    }
    if (ctx.blockHeight() <= p.expiresAfter()) {
      throw new ContractException("not_expired", "proposal " + id + " takes votes until height " + p.expiresAfter()
          + " (this block is " + ctx.blockHeight() + ")");
    }
    ctx.put(Proposal.key(id), p.decided(ProposalStatus.EXPIRED, ctx.blockHeight(), 0, "").encode());
    ctx.emit("Expired", Args.of("proposal", Long.toString(id), "expiresAfter", Long.toString(p.expiresAfter())));
  }

  private Proposal load(ContractContext ctx, long id) throws ContractException {
    byte[] v = ctx.get(Proposal.key(id));
    if (v == null) {
      throw new ContractException("not_found", "no proposal " + id);
    }
    return Proposal.decode(v);
  }

  static String voteKey(long id, String organisation) {
    return votePrefix(id) + organisation;
  }

  static String votePrefix(long id) {
    return "vote/" + String.format(java.util.Locale.ROOT, "%012d", id) + "/";
  }

  /** Counts the votes of organisations still in the electorate; passes or rejects when the count decides. */
  private void tally(ContractContext ctx, Proposal p, Consortium c) {
    TreeSet<String> electorate = c.electorate(p.kind().electorate());
    int[] counts = new int[2];
    String prefix = votePrefix(p.id());
    ctx.scan(prefix, (k, v) -> {
      if (electorate.contains(k.substring(prefix.length()))) {
        counts["yes".equals(new String(v, StandardCharsets.US_ASCII)) ? 0 : 1]++;
      }
      return true;
    });
    Threshold threshold = p.kind().electorate() == ProposalKind.Electorate.MEMBERS
        ? c.rules().memberChanges() : c.rules().validatorChanges();
    int n = electorate.size();
    if (threshold.met(counts[0], n)) {
      pass(ctx, p, c);
    } else if (!threshold.met(n - counts[1], n)) {
      ctx.put(Proposal.key(p.id()), p.decided(ProposalStatus.REJECTED, ctx.blockHeight(), 0, "").encode());
      ctx.emit("Rejected", Args.of("proposal", Long.toString(p.id()), "no", Integer.toString(counts[1]),
          "voters", Integer.toString(n)));
    }
  }

  private void pass(ContractContext ctx, Proposal p, Consortium c) {
    try {
      rules.check(p.kind(), p.terms(), c, new ContextState(ctx), ctx.blockTimestamp(), ctx.blockHeight());
    } catch (ContractException e) {
      ctx.put(Proposal.key(p.id()), p.decided(ProposalStatus.VOID, ctx.blockHeight(), 0,
          shortened(e.getMessage())).encode());
      ctx.emit("Void", Args.of("proposal", Long.toString(p.id()), "reason", e.code()));
      return;
    }
    long effective = switch (p.kind()) {
      case UPGRADE -> Long.parseLong(p.term("height").orElseThrow());
      // Never before a change already scheduled: the sets in force then follow the passing order,
      // even after the activation delay was lowered (ValidatorHistory reads one set per height).
      case ADD_VALIDATOR, REMOVE_VALIDATOR, ROTATE_VALIDATOR -> Math.max(ctx.blockHeight() + c.rules().activationDelayBlocks(),
          ValidatorHistory.lastEffectiveHeight(new ContextState(ctx)));
      default -> 0;
    };
    apply(ctx, p, c, effective);
    ctx.put(Proposal.key(p.id()), p.decided(ProposalStatus.PASSED, ctx.blockHeight(), effective, "").encode());
    ctx.emit("Passed", Args.of("proposal", Long.toString(p.id()), "kind", p.kind().wireName(),
        "effectiveAt", Long.toString(effective == 0 ? ctx.blockHeight() + 1 : effective)));
  }

  private void apply(ContractContext ctx, Proposal p, Consortium c, long effective) {
    Args t = p.terms();
    String org = t.get("organisation").orElse("");
    List<Organisation> orgs = new ArrayList<>(c.organisations());
    List<ValidatorEntry> validators = new ArrayList<>(c.validators());
    String validator = t.get("validator").orElse("");
    switch (p.kind()) {
      case ADD_MEMBER -> {
        orgs.add(new Organisation(org, t.get("caCertificate").orElseThrow(),
            Organisation.parseRoles(org, t.get("roles").orElseThrow())));
        ctx.put(LedgerOrganisations.KEY, LedgerOrganisations.encode(orgs));
      }
      case REMOVE_MEMBER -> {
        orgs.removeIf(o -> o.name().equals(org));
        ctx.put(LedgerOrganisations.KEY, LedgerOrganisations.encode(orgs));
      }
      case ROTATE_MEMBER_CA -> {
        orgs.replaceAll(o -> o.name().equals(org) ? new Organisation(org, t.get("caCertificate").orElseThrow(), o.roles()) : o);
        ctx.put(LedgerOrganisations.KEY, LedgerOrganisations.encode(orgs));
      }
      case ADD_VALIDATOR -> {
        validators.add(new ValidatorEntry(org, validator, t.get("nodeCertificate").orElseThrow(), encryptionKey(t)));
        registerNodeCertificate(ctx, t.get("nodeCertificate").orElseThrow());
        // Written with the change, so the validators dial it from the block that passes it; a
        // re-added validator without an address must not keep an earlier one.
        java.util.Optional<String> address = t.get(ValidatorAddresses.TERM);
        if (address.isPresent()) {
          ctx.put(ValidatorAddresses.key(validator), ValidatorAddresses.encode(address.get()));
        } else {
          ctx.delete(ValidatorAddresses.key(validator));
        }
        scheduleValidators(ctx, p, validators, effective);
      }
      case REMOVE_VALIDATOR -> {
        validators.removeIf(v -> v.name().equals(validator));
        scheduleValidators(ctx, p, validators, effective);
      }
      case ROTATE_VALIDATOR -> {
        validators.replaceAll(v -> v.name().equals(validator)
            ? new ValidatorEntry(v.organisation(), validator, t.get("nodeCertificate").orElseThrow(), encryptionKey(t)) : v);
        registerNodeCertificate(ctx, t.get("nodeCertificate").orElseThrow());
        scheduleValidators(ctx, p, validators, effective);
      }
      case SET_PARAMETER -> {
        TreeMap<String, String> values = new TreeMap<>(Consortium.parameterValues(membership.genesis(), new ContextState(ctx)));
        values.put(t.get("parameter").orElseThrow(), t.get("value").orElseThrow());
        ctx.put(Consortium.PARAMETERS_KEY, Consortium.encodeValues(values));
      }
      case UPGRADE -> ctx.put(Consortium.UPGRADE_PREFIX + String.format(java.util.Locale.ROOT, "%012d", p.id()),
          Consortium.encodeValues(Args.of("proposal", Long.toString(p.id()), "protocolVersion",
              t.get("protocolVersion").orElseThrow(), "height", Long.toString(effective)).asMap()));
    }
  }

  /**
   * Records the set once this change takes effect, the set in force from its height on (what
   * the consensus engine reads, {@link ValidatorHistory}), and the change itself.
   */
  private static void scheduleValidators(ContractContext ctx, Proposal p, List<ValidatorEntry> after, long effective) {
    ctx.put(Consortium.VALIDATORS_KEY, ValidatorList.encode(after));
    ctx.put(ValidatorHistory.key(effective), ValidatorList.encode(after));
    ctx.put(ValidatorHistory.LAST_KEY, ValidatorHistory.encodeLast(effective));
    ctx.put(Consortium.VALIDATOR_CHANGE_PREFIX + String.format(java.util.Locale.ROOT, "%012d", p.id()),
        Consortium.encodeValues(Args.of("proposal", Long.toString(p.id()), "kind", p.kind().wireName(), "validator",
            p.term("validator").orElseThrow(), "effectiveAt", Long.toString(effective)).asMap()));
  }

  /**
   * Registers the node certificate the vote admitted, as the genesis registers its validators':
   * the node signs transactions (evidence, vault messages) from the next one on, with no
   * {@code membership.register} of its own. The terms were checked (it chains to its
   * organisation's CA with role node), so every node writes the same bytes.
   */
  private void registerNodeCertificate(ContractContext ctx, String pem) {
    java.security.cert.X509Certificate cert = org.medledger.crypto.x509.Pem.parseCertificate(pem);
    Hash id = org.medledger.crypto.x509.CertificateId.of(membership.genesis().cryptoSuite().hash(), cert);
    try {
      ctx.put(LedgerNodeCertificates.key(id), cert.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("a checked node certificate cannot be encoded", e);
    }
    ctx.emit("NodeCertificateRegistered", Args.of("certificate", id.hex(), "organisation",
        org.medledger.crypto.x509.Names.organisation(cert)));
  }

  /** A note the proposal's codec bounds (1 KiB of UTF-8): 250 characters always fit. */
  private static String shortened(String why) {
    String s = why == null ? "" : why;
    return s.length() <= 250 ? s : s.substring(0, 250) + "…";
  }

  private static EncryptionKeyCertificate encryptionKey(Args t) {
    return EncryptionKeyCertificate.decode(Hex.decode(t.get("encryptionKeyCertificate").orElseThrow()));
  }

  private SortedMap<String, String> parametersQuery(StateReader state, Args args) {
    return Consortium.parameterValues(membership.genesis(), state);
  }

  private SortedMap<String, String> proposalQuery(StateReader state, Args args) throws ContractException {
    long id = PROPOSAL.inQuery(args);
    byte[] v = state.get(StateKeys.of(NAME, Proposal.key(id)));
    if (v == null) {
      throw new ContractException("not_found", "no proposal " + id);
    }
    return Proposal.decode(v).describe(0); // as recorded: a query has no height to judge expiry at
  }
}
