package org.medledger.core.governance;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeSet;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GovernanceRules;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.membership.LedgerOrganisations;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Args;

/**
 * The consortium as a state of the ledger states it: the genesis, changed by every proposal that
 * passed. {@code validators} is the set once every passed validator-set change has taken effect;
 * in step 1 the consensus engine still runs the genesis's validators (docs/governance.md).
 */
public record Consortium(List<Organisation> organisations, List<ValidatorEntry> validators, ChainParameters parameters,
    GovernanceRules rules) {
  public static final String NAMESPACE = LedgerOrganisations.NAMESPACE;
  static final String VALIDATORS_KEY = "consortium/validators";
  static final String PARAMETERS_KEY = "consortium/parameters";
  static final String VALIDATOR_CHANGE_PREFIX = "consortium/validator-change/";
  static final String UPGRADE_PREFIX = "consortium/upgrade/";

  /** The consortium at {@code state}; the genesis's when it enables no governance. */
  public static Consortium at(Genesis genesis, StateReader state) {
    GovernanceRules genesisRules = genesis.governance().orElse(GovernanceRules.DEFAULTS);
    if (genesis.governance().isEmpty()) {
      return new Consortium(genesis.organisations(), genesis.validators(), genesis.parameters(), genesisRules);
    }
    List<Organisation> orgs = LedgerOrganisations.read(state).orElse(genesis.organisations());
    byte[] v = state.get(StateKeys.of(NAMESPACE, VALIDATORS_KEY));
    List<ValidatorEntry> validators = v == null ? genesis.validators() : ValidatorList.decode(v);
    SortedMap<String, String> values = parameterValues(genesis, state);
    return new Consortium(orgs, validators, ChainParameterNames.chainParameters(values), ChainParameterNames.rules(values));
  }

  /**
   * The chain parameters in force at {@code state} (what the block executor and the node read):
   * the genesis's until a passed proposal changed one.
   */
  public static ChainParameters parameters(Genesis genesis, StateReader state) {
    if (genesis.governance().isEmpty()) {
      return genesis.parameters();
    }
    byte[] p = state.get(StateKeys.of(NAMESPACE, PARAMETERS_KEY));
    return p == null ? genesis.parameters() : ChainParameterNames.chainParameters(decodeValues(p));
  }

  /** Every changeable parameter's value at {@code state}, by name. */
  public static SortedMap<String, String> parameterValues(Genesis genesis, StateReader state) {
    byte[] p = genesis.governance().isEmpty() ? null : state.get(StateKeys.of(NAMESPACE, PARAMETERS_KEY));
    return p == null
        ? ChainParameterNames.describe(genesis.parameters(), genesis.governance().orElse(GovernanceRules.DEFAULTS))
        : decodeValues(p);
  }

  static byte[] encodeValues(SortedMap<String, String> values) {
    CanonicalWriter w = new CanonicalWriter(512);
    Args.of(values).writeTo(w);
    return w.toByteArray();
  }

  static SortedMap<String, String> decodeValues(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    Args a = Args.readFrom(r, 256);
    r.expectEnd("parameters");
    return a.asMap();
  }

  public java.util.Optional<Organisation> organisation(String name) {
    return organisations.stream().filter(o -> o.name().equals(name)).findFirst();
  }

  public java.util.Optional<ValidatorEntry> validator(String name) {
    return validators.stream().filter(v -> v.name().equals(name)).findFirst();
  }

  /** The organisations that vote on a kind of proposal: all members, or those holding a validator. */
  public TreeSet<String> electorate(ProposalKind.Electorate e) {
    TreeSet<String> out = new TreeSet<>();
    if (e == ProposalKind.Electorate.MEMBERS) {
      organisations.forEach(o -> out.add(o.name()));
    } else {
      validators.forEach(v -> out.add(v.organisation()));
    }
    return out;
  }
}
