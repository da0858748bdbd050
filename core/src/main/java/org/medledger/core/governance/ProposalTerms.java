package org.medledger.core.governance;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.genesis.Quorum;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Args;
import org.medledger.crypto.CertifiedEncryptionKey;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Hex;
import org.medledger.crypto.UncertifiedKeyException;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;

/**
 * Whether a proposal's terms can take effect on a consortium: checked when it is proposed, and
 * again when it passes (another proposal may have changed the consortium meanwhile). Pure: the
 * consortium, the state for revocations, the block's time and height in; the checked terms or a
 * {@link ContractException} naming what is wrong out.
 */
final class ProposalTerms {
  /** Longest term: a PEM certificate is 1-3 KiB, an encryption-key certificate's hex under 4 KiB. */
  static final int MAX_TERM_CHARS = 16 * 1024;
  private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9 .\\-]{0,63}";
  private final Membership membership;

  ProposalTerms(Membership membership) {
    this.membership = membership;
  }

  /** The terms of {@code kind} taken from {@code args} (each required), checked against {@code c}. */
  Args check(ProposalKind kind, Args args, Consortium c, StateReader state, long atMillis, long height)
      throws ContractException {
    TreeMap<String, String> terms = new TreeMap<>();
    for (String t : kind.terms()) {
      String v = args.get(t).orElse("");
      if (v.isEmpty()) {
        throw new ContractException("missing_argument", "a " + kind.wireName() + " proposal states " + String.join(", ", kind.terms())
            + "; '" + t + "' is missing");
      }
      if (v.length() > MAX_TERM_CHARS) {
        throw new ContractException("invalid_argument", t + " is " + v.length() + " characters; a term holds at most "
            + MAX_TERM_CHARS);
      }
      terms.put(t, v);
    }
    for (String t : kind.optionalTerms()) {
      String v = args.get(t).orElse("");
      if (!v.isEmpty()) {
        terms.put(t, v);
      }
    }
    // Certificates are kept in their canonical PEM: text around or inside a PEM block never reaches the ledger.
    for (String t : List.of("caCertificate", "adminCertificate", "nodeCertificate")) {
      if (terms.containsKey(t)) {
        try {
          terms.put(t, Pem.certificate(Pem.parseCertificate(terms.get(t))));
        } catch (IllegalArgumentException e) {
          throw new ContractException("invalid_certificate", t + ": " + e.getMessage());
        }
      }
    }
    switch (kind) {
      case ADD_MEMBER -> addMember(terms, c);
      case REMOVE_MEMBER -> removeMember(terms, c);
      case ROTATE_MEMBER_CA -> rotateMemberCa(terms, c, state, atMillis);
      case ADD_VALIDATOR -> addValidator(terms, c, state, atMillis);
      case REMOVE_VALIDATOR -> removeValidator(terms, c);
      case ROTATE_VALIDATOR -> rotateValidator(terms, c, state, atMillis);
      case SET_PARAMETER -> setParameter(terms, membership.genesis().parameters());
      case UPGRADE -> upgrade(terms, c, state, height);
    }
    return Args.of(terms);
  }

  private void addMember(TreeMap<String, String> t, Consortium c) throws ContractException {
    String name = t.get("organisation");
    if (!name.matches(NAME_PATTERN)) {
      throw new ContractException("invalid_argument", "organisation '" + name + "' must be 1-64 characters of letters,"
          + " digits, space . - starting with a letter or digit");
    }
    if (c.organisation(name).isPresent()) {
      throw new ContractException("already_member", "organisation " + name + " is already a member");
    }
    List<Role> roles;
    try {
      roles = Organisation.parseRoles(name, t.get("roles"));
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_argument", e.getMessage());
    }
    Organisation joining;
    try {
      joining = new Organisation(name, t.get("caCertificate"), roles);
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_argument", e.getMessage());
    }
    List<Organisation> after = new ArrayList<>(c.organisations());
    after.add(joining);
    anchors(after);
    t.put("roles", joining.rolesText());
  }

  private void removeMember(TreeMap<String, String> t, Consortium c) throws ContractException {
    String name = knownOrganisation(t.get("organisation"), c).name();
    if (c.organisations().size() == 1) {
      throw new ContractException("last_member", "organisation " + name + " is the last member; a consortium needs one");
    }
    for (ValidatorEntry v : c.validators()) {
      if (v.organisation().equals(name)) {
        throw new ContractException("holds_validator", "organisation " + name + " holds validator " + v.name()
            + ": propose its removal first, so the validator set changes at a height every node agrees on");
      }
    }
  }

  /**
   * The new CA must come with a certificate it issued to an admin of the organisation: every
   * admin certificate the old CA issued stops chaining once it is replaced, and an organisation
   * left with no admin could never vote, propose or register anyone again.
   */
  private void rotateMemberCa(TreeMap<String, String> t, Consortium c, StateReader state, long at) throws ContractException {
    Organisation old = knownOrganisation(t.get("organisation"), c);
    Organisation rotated;
    try {
      rotated = new Organisation(old.name(), t.get("caCertificate"), old.roles());
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_argument", e.getMessage());
    }
    if (Pem.parseCertificate(rotated.caCertificatePem()).equals(Pem.parseCertificate(old.caCertificatePem()))) {
      throw new ContractException("invalid_certificate", "the CA certificate given is " + old.name() + "'s current one");
    }
    List<Organisation> after = new ArrayList<>();
    c.organisations().forEach(o -> after.add(o.name().equals(old.name()) ? rotated : o));
    MemberCertificate admin = checked(t.get("adminCertificate"), after, state, at, "adminCertificate");
    if (!admin.organisation().equals(old.name()) || admin.role() != Role.ADMIN) {
      throw new ContractException("last_admin", "adminCertificate must be an admin certificate of " + old.name()
          + " issued by the new CA (it is " + admin.role().wireName() + " of " + admin.organisation() + "): without one"
          + " the organisation would be left with no admin");
    }
  }

  private void addValidator(TreeMap<String, String> t, Consortium c, StateReader state, long at) throws ContractException {
    Organisation org = knownOrganisation(t.get("organisation"), c);
    String name = t.get("validator");
    if (!name.matches(NAME_PATTERN)) {
      throw new ContractException("invalid_argument", "validator '" + name + "' must be 1-64 characters of letters,"
          + " digits, space . - starting with a letter or digit");
    }
    if (c.validator(name).isPresent()) {
      throw new ContractException("already_validator", "validator " + name + " is already in the validator set");
    }
    if (!org.mayHold(Role.NODE)) {
      throw new ContractException("forbidden", "organisation " + org.name() + " may not hold node certificates (its roles: "
          + org.rolesText() + ")");
    }
    nodeCertificate(t, org.name(), name, c, state, at);
    String address = t.get(ValidatorAddresses.TERM);
    if (address != null) {
      try {
        ValidatorAddresses.parse(address);
      } catch (IllegalArgumentException e) {
        throw new ContractException("invalid_argument", e.getMessage());
      }
    }
  }

  private void removeValidator(TreeMap<String, String> t, Consortium c) throws ContractException {
    ValidatorEntry v = knownValidator(t.get("validator"), c);
    int n = c.validators().size();
    // The remaining validators must still form a quorum of the set they leave, or the block that
    // certifies the change could never be sealed (and with one fewer, the chain would stall).
    if (n - 1 < Quorum.size(n)) {
      throw new ContractException("too_few_validators", "removing " + v.name() + " would leave " + (n - 1) + " of " + n
          + " validators, fewer than the " + Quorum.size(n) + " (2f+1) a quorum needs");
    }
  }

  private void rotateValidator(TreeMap<String, String> t, Consortium c, StateReader state, long at) throws ContractException {
    ValidatorEntry v = knownValidator(t.get("validator"), c);
    if (Pem.parseCertificate(t.get("nodeCertificate")).equals(Pem.parseCertificate(v.nodeCertificatePem()))) {
      throw new ContractException("invalid_certificate", "the node certificate given is " + v.name() + "'s current one");
    }
    nodeCertificate(t, v.organisation(), v.name(), c, state, at);
  }

  /** The node certificate chains to its organisation's CA, holds role node, and certifies the encryption key. */
  private void nodeCertificate(TreeMap<String, String> t, String organisation, String validator, Consortium c,
      StateReader state, long at) throws ContractException {
    MemberCertificate m = checked(t.get("nodeCertificate"), c.organisations(), state, at, "nodeCertificate");
    if (m.role() != Role.NODE || !m.organisation().equals(organisation)) {
      throw new ContractException("invalid_certificate", "nodeCertificate must be a node certificate of " + organisation
          + "; it is a " + m.role().wireName() + " certificate of " + m.organisation());
    }
    X509Certificate cert = Pem.parseCertificate(t.get("nodeCertificate"));
    try {
      EncryptionKeyCertificate e = EncryptionKeyCertificate.decode(Hex.decode(t.get("encryptionKeyCertificate")));
      CertifiedEncryptionKey ignored = e.certify(membership.genesis().cryptoSuite(), membership.genesis().chainId(),
          EncryptionKeyCertificate.nodeHolder(validator), cert.getPublicKey());
    } catch (UncertifiedKeyException | RuntimeException e) {
      throw new ContractException("invalid_argument", "encryptionKeyCertificate of " + validator + ": " + e.getMessage());
    }
  }

  private static void setParameter(TreeMap<String, String> t, org.medledger.core.genesis.ChainParameters genesis)
      throws ContractException {
    try {
      t.put("value", ChainParameterNames.check(t.get("parameter"), t.get("value"), genesis));
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_parameter", e.getMessage());
    }
  }

  /**
   * On a chain founded at version 2 or later, the version must lie past the one in force (the
   * genesis's, or a passed upgrade's): an upgrade to it would change nothing. The height must lie past the voting period, so a proposal that
   * passes never names a height already gone.
   */
  private void upgrade(TreeMap<String, String> t, Consortium c, StateReader state, long height)
      throws ContractException {
    long version = whole(t, "protocolVersion", 1, Integer.MAX_VALUE);
    int starting = membership.genesis().protocolVersion();
    // Only on a chain founded at version 2 or later, which no release before this rule can run: on
    // an older chain a node of the earlier release, still voting beside this one, accepts such a
    // proposal, and refusing it here would split their histories.
    int inForce = starting < 2 ? 0 : ProtocolUpgrades.versionAt(starting, state, height);
    if (version <= inForce) {
      throw new ContractException("invalid_argument", "protocolVersion " + version + " is not an upgrade: the chain runs"
          + " protocol version " + inForce + " at height " + height + " (its genesis starts it at "
          + membership.genesis().protocolVersion() + "); an upgrade names a later version");
    }
    long at = whole(t, "height", 1, Long.MAX_VALUE / 2);
    long earliest = height + c.rules().votingPeriodBlocks() + c.rules().activationDelayBlocks();
    if (at < earliest) {
      throw new ContractException("invalid_argument", "height " + at + " is too soon: an upgrade proposed at height "
          + height + " may take effect from height " + earliest + " (voting period " + c.rules().votingPeriodBlocks()
          + " + activation delay " + c.rules().activationDelayBlocks() + ")");
    }
    t.put("protocolVersion", Long.toString(version));
    t.put("height", Long.toString(at));
  }

  private static long whole(TreeMap<String, String> t, String name, long min, long max) throws ContractException {
    try {
      long v = Long.parseLong(t.get(name));
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    throw new ContractException("invalid_argument", name + " must be a whole number within [" + min + ", " + max
        + "], got '" + t.get(name) + "'");
  }

  private static Organisation knownOrganisation(String name, Consortium c) throws ContractException {
    return c.organisation(name).orElseThrow(() -> new ContractException("unknown_organisation", "organisation '" + name
        + "' is not a member (members: " + String.join(", ", c.electorate(ProposalKind.Electorate.MEMBERS)) + ")"));
  }

  private static ValidatorEntry knownValidator(String name, Consortium c) throws ContractException {
    return c.validator(name).orElseThrow(() -> new ContractException("unknown_validator", "validator '" + name
        + "' is not in the validator set (validators: "
        + String.join(", ", c.validators().stream().map(ValidatorEntry::name).toList()) + ")"));
  }

  private org.medledger.crypto.x509.TrustAnchors anchors(List<Organisation> orgs) throws ContractException {
    try {
      return membership.anchorsOf(orgs);
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_certificate", e.getMessage());
    }
  }

  /** A certificate valid now under one of {@code orgs}' CAs and not revoked; else {@code invalid_certificate}. */
  private MemberCertificate checked(String pem, List<Organisation> orgs, StateReader state, long at, String what)
      throws ContractException {
    X509Certificate cert;
    try {
      cert = Pem.parseCertificate(pem);
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_certificate", what + ": " + e.getMessage());
    }
    CertificateCheck check = anchors(orgs).check(cert, at, id -> membership.isRevoked(state, id));
    if (check instanceof CertificateCheck.Invalid bad) {
      throw new ContractException("invalid_certificate", what + " chains to no member CA or is not valid: " + bad.reason());
    }
    return ((CertificateCheck.Valid) check).member();
  }
}
