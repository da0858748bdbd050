package org.medledger.apps.records.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medledger.client.ClientIdentity;
import org.medledger.client.TransactionBuilder;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.application.BenchmarkCommand;
import org.medledger.node.application.ConsortiumWriter;
import org.medledger.node.config.NodeConfig;
import org.medledger.node.vault.VaultService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Store and fetch through the vault on a 4-validator network in this process (own RocksDB folders,
 * mutual TLS between the nodes): store = seal, Reed-Solomon 3 of 4, register on the ledger and
 * wait for the commit, place one shard on each node and wait for every acknowledgement (each
 * written synced); fetch = unwrap the data key, gather 3 shards, check hashes, rebuild, open.
 * MB/s is the record's size over the wall time of one operation.
 */
@Command(name = "vault", mixinStandardHelpOptions = true, description = "Measure vault store and fetch MB/s on 4 validators.")
final class VaultBenchmark implements Callable<Integer>, BenchmarkCommand {
  @Option(names = "--sizes", defaultValue = "1,100", split = ",", description = "record sizes in MB (default ${DEFAULT-VALUE})")
  List<Integer> sizesMb;

  @Option(names = "--rounds", defaultValue = "5", description = "stores and fetches per size (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--suite", defaultValue = "intl", description = "intl or gm (default ${DEFAULT-VALUE})")
  String suite;

  @Option(names = "--parallel", defaultValue = "1", description = "records stored (then fetched) at once; MB/s is then the"
      + " aggregate over a round (default ${DEFAULT-VALUE})")
  int parallel;

  @Option(names = "--per-round", defaultValue = "0", description = "records stored (then fetched) per round by the"
      + " --parallel workers, each starting its next as soon as its last is done; 0 = as many as --parallel"
      + " (default ${DEFAULT-VALUE})")
  int perRound;

  @Option(names = "--warmup", defaultValue = "2", description = "unmeasured 100 MB stores and fetches first, so the JIT has"
      + " compiled the AEAD's callers and its AES-GCM intrinsics serve them (default ${DEFAULT-VALUE})")
  int warmup;

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("medledger-vault-bench");
    List<MedLedgerNode> nodes = new ArrayList<>();
    try {
      List<String> orgs = List.of("hospital-a", "hospital-b", "insurer", "regulator");
      int p2p = ConsortiumWriter.firstP2pPort(41000);
      Path net = dir.resolve("network");
      ConsortiumWriter.find().write(net, suite, "medledger-vault-bench", orgs, orgs,
          List.of(new ConsortiumWriter.User("hospital-a", "writer", Role.CLINICIAN)), 0, p2p);
      for (String org : orgs) {
        nodes.add(MedLedgerNode.start(NodeConfig.read(net.resolve(org + "/node/node.json")).withApiPort(0).withPlainLoopbackApi()));
      }
      MedLedgerNode a = nodes.get(0);
      var cs = a.ledger().genesis().cryptoSuite();
      ClientIdentity writer = ClientIdentity.load(cs, net.resolve("hospital-a/users/writer"));
      TransactionBuilder b = new TransactionBuilder(writer, a.ledger().genesis().chainId(), Clock.systemUTC());
      commit(a, b.registerSelf());
      KeyPair patient = cs.signatures().generateKeyPair(new SecureRandom());
      PatientId pid = PatientId.of(cs.hash(), patient.getPublic().getEncoded());
      commit(a, b.build("patients", "register", Map.of("publicKey", Hex.encode(patient.getPublic().getEncoded()),
          "signature", org.medledger.apps.records.contract.patient.CareRegistration.sign(cs.signatures().signer(patient), a.ledger().genesis().chainId(),
              pid, "hospital-a"), "encryptionKeyCertificate", org.medledger.apps.records.contract.patient.PatientEncryptionKey.certificate(cs,
              cs.signatures().signer(patient), a.ledger().genesis().chainId(), cs.generateEncryptionKeyPair(new SecureRandom()).getPublic()))));
      SecureRandom random = new SecureRandom();
      if (warmup > 0) {
        // The sealing path first on its own (a thousand 1 MiB segments), then whole records through the network.
        var sealer = new org.medledger.vault.DocumentSealer(cs, new org.medledger.vault.ErasureCode(3, 4), random);
        byte[] segment = new byte[1 << 20];
        for (int i = 0; i < 500; i++) {
          var sealed = sealer.seal(segment, new byte[0]);
          sealer.open(sealed.manifest(), sealed.shards(), sealed.dataKey(), new byte[0]);
        }
        byte[] doc = new byte[100 << 20];
        random.nextBytes(doc);
        for (int i = 0; i < warmup; i++) {
          a.vault().fetch(RecordVault.of(a).store(writer.certificateId(), doc, pid, "Binary", "imaging").record());
        }
        System.out.println("warm-up done");
      }
      for (int mb : sizesMb) {
        byte[] doc = new byte[mb << 20];
        random.nextBytes(doc);
        double storeBest = 0;
        double fetchBest = 0;
        double storeSum = 0;
        double fetchSum = 0;
        // With a warm-up, one unmeasured round of this very shape first (round 0): a new size or
        // degree of parallelism takes paths the JIT has not compiled yet (it took a tenth of the CPU).
        for (int r = warmup > 0 ? -1 : 0; r < rounds; r++) {
          java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallel);
          try {
            long t0 = System.nanoTime();
            List<java.util.concurrent.Future<VaultService.Stored>> stores = new ArrayList<>();
            int count = perRound > 0 ? perRound : parallel;
            for (int p = 0; p < count; p++) {
              stores.add(pool.submit(() -> RecordVault.of(a).store(writer.certificateId(), doc, pid, "Binary", "imaging")));
            }
            List<Hash> records = new ArrayList<>();
            for (var f : stores) {
              VaultService.Stored s = f.get();
              if (!s.failed().isEmpty()) {
                System.out.println("shards not placed: " + s.failed());
                return 1;
              }
              records.add(s.record());
            }
            double store = (double) mb * count / ((System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            List<java.util.concurrent.Future<byte[]>> fetches = new ArrayList<>();
            for (Hash h : records) {
              fetches.add(pool.submit(() -> a.vault().fetch(h)));
            }
            for (var f : fetches) {
              if (!Arrays.equals(f.get(), doc)) {
                System.out.println("fetched bytes differ");
                return 1;
              }
            }
            double fetch = (double) mb * count / ((System.nanoTime() - t1) / 1e9);
            if (r < 0) {
              System.out.printf("  %d MB × %d warm-up round: store %.0f MB/s, fetch %.0f MB/s%n", mb, parallel, store, fetch);
              continue;
            }
            System.out.printf("  %d MB × %d round %d: store %.0f MB/s, fetch %.0f MB/s%n", mb, parallel, r + 1, store, fetch);
            storeBest = Math.max(storeBest, store);
            fetchBest = Math.max(fetchBest, fetch);
            storeSum += store;
            fetchSum += fetch;
          } finally {
            pool.shutdownNow();
          }
        }
        System.out.printf("VAULT %d MB × %d at once: store %.0f MB/s (best %.0f), fetch %.0f MB/s (best %.0f), mean of %d%n",
            mb, parallel, storeSum / rounds, storeBest, fetchSum / rounds, fetchBest, rounds);
      }
      return 0;
    } finally {
      nodes.forEach(MedLedgerNode::close);
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void commit(MedLedgerNode n, Transaction tx) throws Exception {
    Hash id = tx.id(n.ledger().hashFunction());
    var done = n.waiters().await(id);
    n.admission().submit(tx);
    var c = done.get(30, java.util.concurrent.TimeUnit.SECONDS);
    if (!c.outcome().success()) {
      throw new IllegalStateException(c.outcome().message());
    }
  }
}
