package org.medledger.node.membership;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.medledger.core.genesis.Quorum;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.node.bft.LedgerValidatorSchedule;

/**
 * Whether the validators that must commit the next block can: the set the ledger has in force at
 * height + 1 (the one the engine runs now; the set that committed the last block no longer
 * decides anything, and a validator only scheduled votes on nothing yet), this node counted if it
 * is one of them, and each other counted when a live link speaks for it. What {@code /v1/health}
 * and {@code /metrics} report, so both follow set changes alike.
 */
public final class ValidatorReach {
  /** The next block's validators, how many of them this node has (itself or a link), and the quorum they need. */
  public record Count(int validators, int present, int quorum) {
    public int missing() {
      return validators - present;
    }

    public boolean quorumReachable() {
      return present >= quorum;
    }
  }

  private final LedgerValidatorSchedule schedule;
  private final LongSupplier nextHeight;
  private final ValidatorPeerCheck links;
  private final Hash self;
  private final org.medledger.crypto.HashFunction hash;
  private final Supplier<List<X509Certificate>> linked;

  public ValidatorReach(LedgerValidatorSchedule schedule, LongSupplier nextHeight, ValidatorPeerCheck links, Hash self,
      org.medledger.crypto.HashFunction hash, Supplier<List<X509Certificate>> linked) {
    this.schedule = schedule;
    this.nextHeight = nextHeight;
    this.links = links;
    this.self = self;
    this.hash = hash;
    this.linked = linked;
  }

  public Count now() {
    List<ValidatorEntry> validators = schedule.validatorsAt(nextHeight.getAsLong());
    List<X509Certificate> peers = linked.get();
    int present = 0;
    for (ValidatorEntry v : validators) {
      if (CertificateId.of(hash, Pem.parseCertificate(v.nodeCertificatePem())).equals(self)
          || peers.stream().anyMatch(c -> links.validatorOf(c, List.of(v)).isPresent())) {
        present++;
      }
    }
    return new Count(validators.size(), present, Quorum.size(validators.size()));
  }
}
