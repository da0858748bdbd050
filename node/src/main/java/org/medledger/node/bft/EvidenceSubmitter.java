package org.medledger.node.bft;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.evidence.Equivocation;
import org.medledger.core.evidence.EvidenceContract;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.Signer;
import org.medledger.node.admission.Admission;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.ledger.Ledger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts this validator's evidence of equivocation on the chain (issue 21, finding 8): each proof is
 * saved to a file first (so a crash does not lose it; the files are read back at start), then
 * submitted as {@code evidence.submit} signed by this node, and submitted again every few seconds
 * until the chain holds evidence of that step — whoever's transaction recorded it. Each validator
 * that sees an equivocation does this; the contract records a step once and refuses the others
 * harmlessly ({@code already_recorded}).
 */
final class EvidenceSubmitter {
  private static final Logger LOG = LoggerFactory.getLogger(EvidenceSubmitter.class);
  static final long RESUBMIT_MILLIS = 5_000;
  /** Proofs waiting at once; beyond this a Byzantine flood waits for the chain to catch up. */
  static final int MAX_PENDING = 1_024;

  private final Path dir;
  private final Ledger ledger;
  private final Admission admission;
  private final Signer signer;
  private final Hash self;
  private final Clock clock;
  private final SecureRandom nonces = new SecureRandom();
  private final Map<String, Pending> pending = new TreeMap<>();

  private static final class Pending {
    final Equivocation evidence;
    final Path file;
    long submittedAt = -RESUBMIT_MILLIS;
    Hash lastTransaction;

    Pending(Equivocation evidence, Path file) {
      this.evidence = evidence;
      this.file = file;
    }
  }

  /** @param dir where proofs wait until committed (null: kept in memory only) */
  EvidenceSubmitter(Path dir, Ledger ledger, Admission admission, Signer signer, Hash self, Clock clock) {
    this.dir = dir;
    this.ledger = ledger;
    this.admission = admission;
    this.signer = signer;
    this.self = self;
    this.clock = clock;
    if (dir != null) {
      load();
    }
  }

  private void load() {
    try {
      Files.createDirectories(dir);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.bin")) {
        for (Path f : files) {
          try {
            Equivocation e = Equivocation.decode(Files.readAllBytes(f));
            pending.put(name(e), new Pending(e, f));
          } catch (DecodeException | IllegalArgumentException e) {
            // A torn write cannot happen (write, fsync, rename); a bad file is set aside, named.
            LOG.warn("evidence file {} is unreadable ({}); set aside as {}.bad", f, e.getMessage(), f.getFileName());
            Files.move(f, f.resolveSibling(f.getFileName() + ".bad"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } catch (IOException e) {
      LOG.error("cannot read the saved evidence in {}: {}", dir, e.toString());
    }
    if (!pending.isEmpty()) {
      LOG.info("{} saved proof(s) of equivocation not yet on the chain: submitting again", pending.size());
    }
  }

  /** A proof this validator has seen: saved, then submitted (on the consensus thread). */
  synchronized void report(Equivocation e) {
    String name = name(e);
    if (pending.containsKey(name) || EvidenceContract.recorded(ledger.state(), e)) {
      return;
    }
    if (pending.size() >= MAX_PENDING) {
      LOG.warn("{} proofs of equivocation already wait for the chain; this one is not kept: {}", pending.size(), e);
      return;
    }
    Path file = dir == null ? null : dir.resolve(name);
    if (file != null) {
      try {
        EngineStateFile.writeDurably(file, e.encode());
      } catch (IOException ex) {
        LOG.error("cannot save evidence to {} ({}); submitting it anyway", file, ex.toString());
        file = null;
      }
    }
    Pending p = new Pending(e, file);
    pending.put(name, p);
    LOG.warn("equivocation by validator {}: {} and {}; submitting the evidence", e.validator(), e.first(), e.second());
    submit(p);
  }

  /**
   * Forgets proofs the chain now holds (deleting their files), gives up on one the chain refused
   * for good, and submits again those neither recorded nor recently submitted.
   */
  synchronized void tick() {
    if (pending.isEmpty()) {
      return;
    }
    var state = ledger.state();
    long now = clock.millis();
    for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
      Pending p = it.next().getValue();
      java.util.Optional<org.medledger.node.ledger.CommittedTransaction> refused = p.lastTransaction == null
          ? java.util.Optional.empty() : ledger.transaction(p.lastTransaction).filter(t -> !t.outcome().success());
      boolean recorded = EvidenceContract.recorded(state, p.evidence);
      if (recorded || refused.isPresent()) {
        if (!recorded) {
          // Every node runs the same checks: a proof refused once is refused everywhere, forever.
          LOG.warn("the chain refused evidence {}: {} ({})", p.evidence, refused.get().outcome().code(),
              refused.get().outcome().message());
        }
        it.remove();
        delete(p);
      } else if (now - p.submittedAt >= RESUBMIT_MILLIS) {
        submit(p);
      }
    }
  }

  /** Proofs saved or submitted but not yet on the chain. */
  synchronized int pending() {
    return pending.size();
  }

  private void submit(Pending p) {
    p.submittedAt = clock.millis();
    Transaction tx = new Transaction.Payload(ledger.genesis().suite(), ledger.genesis().chainId(), self, nonces.nextLong(),
        clock.millis(), EvidenceContract.NAME, EvidenceContract.SUBMIT, Args.of("evidence", Hex.encode(p.evidence.encode())))
        .sign(signer);
    try {
      AdmissionResult r = admission.submit(tx);
      if (r instanceof AdmissionResult.Refused refused) {
        LOG.debug("evidence transaction refused by admission ({}); trying again later", refused.rejection());
      } else {
        p.lastTransaction = tx.id(ledger.hashFunction());
      }
    } catch (RuntimeException e) {
      LOG.warn("evidence transaction not submitted ({}); trying again later", e.toString());
    }
  }

  private static void delete(Pending p) {
    if (p.file != null) {
      try {
        Files.deleteIfExists(p.file);
      } catch (IOException e) {
        LOG.debug("cannot delete {}: {}", p.file, e.toString());
      }
    }
  }

  /** One file per (validator, height, round, step), as the contract keys it. */
  private static String name(Equivocation e) {
    return e.validator().hex() + "-" + e.height() + "-" + e.round() + "-" + e.step().wireName() + ".bin";
  }
}
