package org.medledger.core.governance;

import java.util.List;

/**
 * What a proposal asks the consortium to change, and which organisations vote on it: member
 * changes by the member organisations ({@code memberChanges} threshold), everything validators
 * must act on (the validator set, chain parameters, upgrades) by the validators' organisations
 * ({@code validatorChanges} threshold).
 */
public enum ProposalKind {
  ADD_MEMBER("add-member", Electorate.MEMBERS, List.of("organisation", "caCertificate", "roles")),
  REMOVE_MEMBER("remove-member", Electorate.MEMBERS, List.of("organisation")),
  ROTATE_MEMBER_CA("rotate-member-ca", Electorate.MEMBERS, List.of("organisation", "caCertificate", "adminCertificate")),
  ADD_VALIDATOR("add-validator", Electorate.VALIDATORS,
      List.of("organisation", "validator", "nodeCertificate", "encryptionKeyCertificate"), List.of(ValidatorAddresses.TERM)),
  REMOVE_VALIDATOR("remove-validator", Electorate.VALIDATORS, List.of("validator")),
  ROTATE_VALIDATOR("rotate-validator", Electorate.VALIDATORS,
      List.of("validator", "nodeCertificate", "encryptionKeyCertificate")),
  SET_PARAMETER("set-parameter", Electorate.VALIDATORS, List.of("parameter", "value")),
  UPGRADE("upgrade", Electorate.VALIDATORS, List.of("protocolVersion", "height"));

  /** Who votes on a kind of proposal. */
  public enum Electorate { MEMBERS, VALIDATORS }

  private final String wireName;
  private final Electorate electorate;
  private final List<String> terms;
  private final List<String> optionalTerms;

  ProposalKind(String wireName, Electorate electorate, List<String> terms) {
    this(wireName, electorate, terms, List.of());
  }

  ProposalKind(String wireName, Electorate electorate, List<String> terms, List<String> optionalTerms) {
    this.wireName = wireName;
    this.electorate = electorate;
    this.terms = terms;
    this.optionalTerms = optionalTerms;
  }

  public String wireName() {
    return wireName;
  }

  public Electorate electorate() {
    return electorate;
  }

  /** The arguments a proposal of this kind states, each required. */
  public List<String> terms() {
    return terms;
  }

  /**
   * The arguments a proposal of this kind may state: absent, the change still takes effect
   * (an add-validator without {@code peerAddress}, as proposed before the ledger kept addresses).
   */
  public List<String> optionalTerms() {
    return optionalTerms;
  }

  /** Whether a passed proposal of this kind is recorded for a later height rather than applied now (step 2). */
  public boolean takesEffectAtHeight() {
    return electorate == Electorate.VALIDATORS && this != SET_PARAMETER;
  }

  /** IllegalArgumentException lists the kinds. */
  public static ProposalKind parse(String text) {
    for (ProposalKind k : values()) {
      if (k.wireName.equals(text)) {
        return k;
      }
    }
    throw new IllegalArgumentException("kind '" + text + "' is not a proposal kind (expected one of "
        + String.join(", ", java.util.Arrays.stream(values()).map(ProposalKind::wireName).toList()) + ")");
  }
}
