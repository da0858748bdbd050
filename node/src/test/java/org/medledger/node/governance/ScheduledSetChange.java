package org.medledger.node.governance;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GovernanceRules;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.governance.ValidatorList;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.node.bft.LedgerValidatorSchedule;

/**
 * A governed chain of five organisations whose genesis validators are org-0..org-3's nodes, and a
 * committed state in which a passed change replaces org-3's validator by org-4's from height
 * {@link #CHANGE}: the bytes the governance contract records ({@link ValidatorList} under {@link
 * ValidatorHistory#stateKey}), read by the node's real {@link LedgerValidatorSchedule}. For unit
 * tests of the parts that must follow the set in force without starting a network.
 */
public final class ScheduledSetChange {
  public static final long CHANGE = 10;
  public static final int REMOVED = 3;
  public static final int JOINER = 4;
  private static final SecureRandom RANDOM = new SecureRandom();

  public final CryptoSuite suite = CryptoSuites.intl();
  public final Genesis genesis;
  public final List<ValidatorEntry> nodes = new ArrayList<>();
  public final List<Hash> nodeIds = new ArrayList<>();
  private final TreeMap<byte[], byte[]> state = new TreeMap<>(Arrays::compareUnsigned);
  /** The committed state as a ledger would answer it: the recorded change once {@link #recordChange()} ran. */
  public final StateReader committed = new StateReader() {
    @Override
    public byte[] get(byte[] key) {
      return state.get(key);
    }

    @Override
    public void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
      for (Map.Entry<byte[], byte[]> e : state.tailMap(prefix, true).entrySet()) {
        if (!startsWith(e.getKey(), prefix) || !visitor.test(e.getKey(), e.getValue())) {
          return;
        }
      }
    }
  };

  public ScheduledSetChange() {
    long now = System.currentTimeMillis();
    Date from = new Date(now - 60_000);
    Date to = new Date(now + 3_600_000);
    List<Organisation> organisations = new ArrayList<>();
    for (int i = 0; i <= JOINER; i++) {
      String org = "org-" + i;
      CertificateAuthority ca = CertificateAuthority.create(suite, org, from, to, RANDOM);
      organisations.add(new Organisation(org, Pem.certificate(ca.certificate()), List.of(Role.ADMIN, Role.NODE)));
      KeyPair keys = suite.signatures().generateKeyPair(RANDOM);
      X509Certificate node = ca.issueNode(org + "-node", keys.getPublic(), from, to);
      EncryptionKeyCertificate encryption = EncryptionKeyCertificate.issue(suite, suite.signatures().signer(keys),
          "set-change", EncryptionKeyCertificate.nodeHolder(org + "-node"), suite.generateEncryptionKeyPair(RANDOM).getPublic());
      nodes.add(new ValidatorEntry(org, org + "-node", Pem.certificate(node), encryption));
      nodeIds.add(CertificateId.of(suite.hash(), node));
    }
    genesis = new Genesis("set-change", suite.id(), now, organisations, nodes.subList(0, JOINER), List.of(),
        ChainParameters.DEFAULTS).withGovernance(GovernanceRules.DEFAULTS);
  }

  /** Records the passed change: from {@link #CHANGE}, org-0..org-2's validators and org-4's. */
  public ScheduledSetChange recordChange() {
    List<ValidatorEntry> after = new ArrayList<>(nodes);
    after.remove(REMOVED);
    state.put(ValidatorHistory.stateKey(CHANGE), ValidatorList.encode(after));
    return this;
  }

  /** Records another passed change: {@code validators} from {@code effectiveAt}. */
  public ScheduledSetChange recordSet(long effectiveAt, List<ValidatorEntry> validators) {
    state.put(ValidatorHistory.stateKey(effectiveAt), ValidatorList.encode(validators));
    return this;
  }

  /** Any other committed key (e.g. a certificate membership.register recorded). */
  public void put(byte[] key, byte[] value) {
    state.put(key, value);
  }

  /** The node's one source of the set in force, over this state. */
  public LedgerValidatorSchedule schedule() {
    return new LedgerValidatorSchedule(genesis, () -> committed);
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
