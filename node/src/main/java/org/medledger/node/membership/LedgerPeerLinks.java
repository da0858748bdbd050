package org.medledger.node.membership;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.medledger.core.block.Block;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.ValidatorAddresses;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.x509.Names;
import org.medledger.crypto.x509.Pem;
import org.medledger.network.PeerAddress;
import org.medledger.network.TlsTransport;
import org.medledger.node.ordering.CommitListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dials the validators the ledger says where to reach: every validator in force or scheduled
 * (the supplier {@link PeerLinksFollowCommits} reads) whose add-validator stated a {@code
 * peerAddress}, other than this node and those its node.json names (the operator's address wins),
 * at start and at every committed block. So a voted-in validator is dialled by every validator
 * from the block that passes its vote, with no configuration edit or restart, and no longer once
 * its removal takes effect. The address only says where to dial: the link pins the name of the
 * certificate the ledger holds for that validator, and the peer check judges the certificate, so
 * an address naming another node's host ends in a refused handshake, not in a link.
 */
public final class LedgerPeerLinks implements CommitListener {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerPeerLinks.class);
  private final TlsTransport transport;
  private final Supplier<List<ValidatorEntry>> currentAndScheduled;
  private final Supplier<StateReader> state;
  private final String self;
  private final Set<String> configured = new TreeSet<>();
  /** By validator name, the addresses this dials because the ledger holds them. */
  private final Map<String, PeerAddress> dialling = new TreeMap<>();

  /**
   * {@code self}: this node's name (its own entry is skipped); {@code configuredPeers}: the names
   * node.json dials (a validator by either its name or its certificate's common name).
   */
  public LedgerPeerLinks(TlsTransport transport, Supplier<List<ValidatorEntry>> currentAndScheduled,
      Supplier<StateReader> state, String self, List<PeerAddress> configuredPeers) {
    this.transport = transport;
    this.currentAndScheduled = currentAndScheduled;
    this.state = state;
    this.self = self;
    configuredPeers.forEach(p -> configured.add(p.name()));
  }

  @Override
  public void committed(Block block, List<TxOutcome> outcomes) {
    follow();
  }

  /** Dials each validator the ledger now gives an address for, and stops dialling those it no longer does. */
  public synchronized void follow() {
    StateReader s = state.get();
    Map<String, PeerAddress> wanted = new TreeMap<>();
    // In ascending set order: a name in several sets (rotated) keeps its latest certificate's.
    for (ValidatorEntry v : currentAndScheduled.get()) {
      String cn = Names.commonName(Pem.parseCertificate(v.nodeCertificatePem()));
      if (v.name().equals(self) || (cn != null && cn.equals(self)) || configured.contains(v.name())
          || (cn != null && configured.contains(cn))) {
        wanted.remove(v.name());
        continue;
      }
      var address = ValidatorAddresses.of(s, v.name());
      if (address.isEmpty()) {
        continue;
      }
      // Checked when proposed; parsed again because a ledger is read, not trusted, by its reader.
      ValidatorAddresses.HostPort hp;
      try {
        hp = ValidatorAddresses.parse(address.get());
      } catch (IllegalArgumentException e) {
        LOG.warn("validator {}: the ledger's address cannot be dialled: {}", v.name(), e.getMessage());
        continue;
      }
      wanted.put(v.name(), new PeerAddress(cn == null ? v.name() : cn, hp.host(), hp.port()));
    }
    for (var it = dialling.entrySet().iterator(); it.hasNext();) {
      var e = it.next();
      if (!e.getValue().equals(wanted.get(e.getKey()))) {
        LOG.info("no longer dialling validator {} at {}: the ledger no longer names it there", e.getKey(), e.getValue());
        transport.disconnect(e.getValue());
        it.remove();
      }
    }
    for (var e : wanted.entrySet()) {
      if (!dialling.containsKey(e.getKey())) {
        LOG.info("dialling validator {} at {}, the address its add-validator put on the ledger", e.getKey(), e.getValue());
        transport.connect(e.getValue());
        dialling.put(e.getKey(), e.getValue());
      }
    }
  }

  /** The validators this dials by the ledger's addresses, by name. */
  public synchronized Map<String, PeerAddress> dialling() {
    return Map.copyOf(dialling);
  }
}
