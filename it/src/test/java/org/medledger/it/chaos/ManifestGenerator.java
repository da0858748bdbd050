package org.medledger.it.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random manifests from a seed: one seed, one manifest, so a failing run is replayed by its seed
 * (printed with the manifest). Faults come one at a time with a quiet gap after each, so at most
 * one validator is down at once except in a partition, which heals on its own.
 */
public final class ManifestGenerator {
  private static final int KINDS = 9;

  private ManifestGenerator() {}

  public static ChaosManifest generate(long seed, int validators, Duration duration) {
    Random random = new Random(seed);
    List<ChaosManifest.Step> steps = new ArrayList<>();
    long t = 15 + random.nextInt(10);
    long end = duration.toSeconds() - 40;
    int kind = random.nextInt(KINDS);
    while (t < end) {
      Perturbation p = perturbation(kind, random, validators);
      steps.add(new ChaosManifest.Step(Duration.ofSeconds(t), p));
      t += p.lasts().toSeconds() + 10 + random.nextInt(16);
      // Every kind comes round: the next kind is random but never the same twice in a row.
      kind = (kind + 1 + random.nextInt(KINDS - 1)) % KINDS;
    }
    return new ChaosManifest(validators, 1, duration, 10 + random.nextInt(21), 2 + random.nextInt(3), 2 + random.nextInt(3),
        2 + random.nextInt(3), steps);
  }

  private static Perturbation perturbation(int kind, Random random, int n) {
    int node = random.nextInt(n);
    return switch (kind) {
      case 0 -> new Perturbation.Disconnect(node, Duration.ofSeconds(10));
      case 1 -> new Perturbation.Kill(node, Duration.ofSeconds(2 + random.nextInt(14)));
      case 2 -> new Perturbation.Pause(node, Duration.ofSeconds(2 + random.nextInt(14)));
      case 3 -> new Perturbation.Restart(node);
      case 4 -> {
        PartitionShape shape = PartitionShape.values()[random.nextInt(PartitionShape.values().length)];
        yield new Perturbation.Partition(shape, shape == PartitionShape.ISOLATE ? node : 0, Duration.ofSeconds(4 + random.nextInt(17)));
      }
      case 5 -> new Perturbation.Netem(node, 20 * random.nextInt(26), 1 + random.nextInt(25), Duration.ofSeconds(5 + random.nextInt(16)));
      case 6 -> {
        long skew = 1 + random.nextInt(30);
        yield new Perturbation.ClockSkew(node, Duration.ofSeconds(random.nextBoolean() ? skew : -skew),
            Duration.ofSeconds(10 + random.nextInt(21)));
      }
      case 7 -> new Perturbation.Twin(node, Duration.ofSeconds(15 + random.nextInt(16)), Duration.ofSeconds(10 + random.nextInt(11)));
      default -> new Perturbation.StaleRestart(node, Duration.ofSeconds(10 + random.nextInt(21)));
    };
  }
}
