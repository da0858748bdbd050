package org.medledger.core.membership;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.medledger.core.genesis.Quorum;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.runtime.Arg;
import org.medledger.core.runtime.OtherContractsState;
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
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;

/**
 * The on-ledger certificate registry. {@code register} records a certificate issued by a genesis
 * CA (its holder may register it themselves: the transaction's signature proves possession);
 * {@code revoke} marks one revoked, by an admin of its organisation or a regulator — a node
 * certificate by its own organisation's admin or by admins of a quorum of the other validator
 * organisations, each voting with its own {@code revoke} (so no single member halts another's
 * validator). Revocation
 * takes effect for every transaction ordered after it, on every node alike.
 */
public final class MembershipContract extends DeclaredContract {
  public static final String NAME = "membership";
  private final Membership membership;

  public MembershipContract(Membership membership) {
    this.membership = membership;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The shapes of its keys (docs/receipts.md, "State keys"); a proof of absence is given only for these. */
  @Override
  public java.util.List<org.medledger.core.runtime.StateKeyForm> stateKeyForms() {
    return org.medledger.core.runtime.StateKeyForm.of("cert/{hash}", "revoked/{hash}", "revoke-vote/{hash}/{organisation}");
  }

  private static final Arg<X509Certificate> CERTIFICATE = Arg.of("certificate", "PEM certificate", pem -> {
    try {
      return Pem.parseCertificate(pem);
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_certificate", e.getMessage());
    }
  });
  private static final Arg<Hash> CERTIFICATE_ID = Arg.hash("certificate", "a certificate id (64 hex)");
  private static final Arg<String> REASON = Arg.text("reason");
  /** A query's certificate id, unchecked as before (a bad one throws IllegalArgumentException). */
  private static final Arg<Hash> STATUS_OF = Arg.of("certificate", "certificate id", Hash::fromHex);

  /** Open to every role: a holder registers her own certificate, and revoke weighs who asks itself. */
  private final MethodTable methods = MethodTable.of(NAME)
      .tx("register", Roles.ANY, Weight.ONE, this::register, CERTIFICATE)
      .tx("revoke", Roles.ANY, Weight.ONE, this::revoke, CERTIFICATE_ID, REASON.optional())
      .query("status", this::status, STATUS_OF)
      .build();

  @Override
  protected MethodTable methods() {
    return methods;
  }

  private void register(ContractContext ctx) throws ContractException {
    X509Certificate cert = CERTIFICATE.in(ctx);
    Hash id = CertificateId.of(membership.genesis().cryptoSuite().hash(), cert);
    if (membership.genesisRegistered(id).isPresent()) {
      // Registered by the genesis (network init's admins): a holder who still submits her
      // self-registration, as every tool did before the genesis could, reaches what she asked.
      return;
    }
    boolean governed = membership.genesis().governance().isPresent();
    if (ctx.get(Membership.certificateKey(id)) != null || membership.validatorCertificate(id).isPresent()
        || governed && ctx.read(LedgerOrganisations.NAMESPACE, LedgerNodeCertificates.key(id)) != null) {
      throw new ContractException("already_registered", "certificate " + id + " is already registered");
    }
    CertificateCheck check = membership.check(cert, new NamespaceView(ctx, membership.genesis().governance().isPresent()), ctx.blockTimestamp());
    if (check instanceof CertificateCheck.Invalid bad) {
      throw new ContractException("invalid_certificate", bad.reason());
    }
    try {
      ctx.put(Membership.certificateKey(id), cert.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new ContractException("invalid_certificate", "certificate cannot be encoded");
    }
    CertificateCheck.Valid v = (CertificateCheck.Valid) check;
    ctx.emit("Registered", Args.of("certificate", id.hex(), "organisation", v.member().organisation(),
        "role", v.member().role().wireName(), "name", v.member().name()));
  }

  private void revoke(ContractContext ctx) throws ContractException {
    Hash id = CERTIFICATE_ID.in(ctx);
    String reason = REASON.ifGiven(ctx).orElse("unspecified");
    X509Certificate cert = membership.certificate(new NamespaceView(ctx, membership.genesis().governance().isPresent()), id)
        .orElseThrow(() -> new ContractException("not_found", "certificate " + id + " is not registered"));
    String owner = organisationOf(cert);
    if (ctx.get(Membership.revokedKey(id)) != null) {
      throw new ContractException("already_revoked", "certificate " + id + " is already revoked");
    }
    boolean ownAdmin = "admin".equals(ctx.caller().role()) && ctx.caller().organisation().equals(owner);
    if (isNodeCertificate(cert, id)) {
      // A node certificate is a validator's voice: one member alone (a regulator included) must
      // not be able to silence others' validators and halt the chain. Its own organisation may
      // retire it; anyone else needs admins of a quorum of the validators' organisations.
      if (!ownAdmin) {
        voteToRevokeNode(ctx, id, owner, reason);
        return;
      }
    } else if (!ownAdmin && !"regulator".equals(ctx.caller().role())) {
      throw new ContractException("forbidden", "only an admin of " + owner + " or a regulator may revoke this certificate");
    }
    revokeNow(ctx, id, reason);
  }

  private void revokeNow(ContractContext ctx, Hash id, String reason) {
    ctx.put(Membership.revokedKey(id), reason.getBytes(StandardCharsets.UTF_8));
    ctx.emit("Revoked", Args.of("certificate", id.hex(), "reason", reason, "by", ctx.caller().certificateId().hex()));
  }

  private boolean isNodeCertificate(X509Certificate cert, Hash id) {
    return membership.validatorCertificate(id).isPresent() || "node".equals(attributeOf(cert, BCStyle.OU));
  }

  /**
   * Records the caller's organisation's vote to revoke another organisation's node certificate,
   * and revokes it once admins of a quorum ({@link org.medledger.core.genesis.Quorum}) of the
   * validators in force at this block's height voted, from distinct organisations other than its
   * owner. The set in force, not the genesis's: an organisation whose validator was voted out has
   * no vote from that height, one voted in has (a chain without governance keeps the genesis's).
   */
  private void voteToRevokeNode(ContractContext ctx, Hash id, String owner, String reason) throws ContractException {
    List<ValidatorEntry> inForce = ValidatorHistory.at(membership.genesis(), new OtherContractsState(ctx), ctx.blockHeight());
    int quorum = Quorum.size(inForce.size());
    Set<String> voters = new TreeSet<>();
    inForce.forEach(v -> voters.add(v.organisation()));
    voters.remove(owner);
    String org = ctx.caller().organisation();
    if (!"admin".equals(ctx.caller().role()) || !voters.contains(org)) {
      throw new ContractException("forbidden", "a node certificate of " + owner + " is revoked by its own admin, or by"
          + " admins of " + quorum + " other validator organisations voting for it; the caller ("
          + ctx.caller().role() + " of " + org + ") has no vote");
    }
    String prefix = "revoke-vote/" + id.hex() + "/";
    if (ctx.get(prefix + org) != null) {
      throw new ContractException("already_voted", org + " already voted to revoke certificate " + id);
    }
    ctx.put(prefix + org, reason.getBytes(StandardCharsets.UTF_8));
    // Only the votes of organisations with a vote now: one whose validator was voted out since it
    // voted no longer counts (without governance every recorded vote is a voter's, as before).
    int[] votes = {0};
    ctx.scan(prefix, (k, v) -> {
      if (voters.contains(k.substring(prefix.length()))) {
        votes[0]++;
      }
      return true;
    });
    int needed = Math.min(quorum, voters.size());
    ctx.emit("RevocationVoted", Args.of("certificate", id.hex(), "organisation", org, "votes", Integer.toString(votes[0]),
        "needed", Integer.toString(needed)));
    if (votes[0] >= needed) {
      revokeNow(ctx, id, reason);
    }
  }

  private static String organisationOf(X509Certificate cert) {
    String o = attributeOf(cert, BCStyle.O);
    return o == null ? "" : o;
  }

  private static String attributeOf(X509Certificate cert, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
    org.bouncycastle.asn1.x500.X500Name n = org.bouncycastle.asn1.x500.X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    org.bouncycastle.asn1.x500.RDN[] rdns = n.getRDNs(type);
    return rdns.length == 0 ? null : org.bouncycastle.asn1.x500.style.IETFUtils.valueToString(rdns[0].getFirst().getValue());
  }

  private SortedMap<String, String> status(StateReader state, Args args) throws ContractException {
    Hash id = STATUS_OF.inQuery(args);
    TreeMap<String, String> m = new TreeMap<>();
    m.put("certificate", id.hex());
    m.put("registered", Boolean.toString(membership.certificate(state, id).isPresent()));
    m.put("revoked", Boolean.toString(membership.isRevoked(state, id)));
    return m;
  }

  /**
   * Full-key reads through a contract context, so Membership can read pending writes too: its own
   * namespace, and the member organisations governance keeps ({@link LedgerOrganisations}).
   */
  private record NamespaceView(ContractContext ctx, boolean governed) implements StateReader {
    private static final byte[] NODE_CERTIFICATES = StateKeys.of(LedgerOrganisations.NAMESPACE, LedgerNodeCertificates.PREFIX);

    private static boolean startsWith(byte[] key, byte[] prefix) {
      return key.length >= prefix.length && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public byte[] get(byte[] fullKey) {
      if (governed && java.util.Arrays.equals(fullKey, LedgerOrganisations.fullKey())) {
        return ctx.read(LedgerOrganisations.NAMESPACE, LedgerOrganisations.KEY);
      }
      if (governed && startsWith(fullKey, NODE_CERTIFICATES)) {
        return ctx.read(LedgerOrganisations.NAMESPACE, StateKeys.localKey(LedgerOrganisations.NAMESPACE, fullKey));
      }
      String local = org.medledger.core.runtime.StateKeys.localKey(NAME, fullKey);
      return ctx.get(local);
    }

    @Override
    public void scan(byte[] prefix, java.util.function.BiPredicate<byte[], byte[]> visitor) {
      throw new UnsupportedOperationException("membership lookups never scan");
    }
  }
}
