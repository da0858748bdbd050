package org.medledger.it.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A chaos testnet and what happens to it (after CometBFT's e2e manifests): how many validators,
 * how long, the load, and a timed list of {@link Perturbation}s. A small line format, one
 * statement a line, {@code #} comments:
 *
 * <pre>
 * validators 4
 * duration 3m
 * load rate=20 clients=3 registers=3 register-clients=3
 * at 20s kill node=2 down=5s
 * at 40s partition shape=halves for=8s
 * </pre>
 *
 * Steps run in their order, each at its time or when the one before has healed, whichever is
 * later. {@code fullnodes N} (0 to {@value #MAX_FULL_NODES}) adds full nodes (docs/deploy.md,
 * section 11): full node k is organisation k's (mod the validators), registered on the ledger,
 * and follows the chain through every fault; the end checks include its headers and state roots.
 * Faults strike validators only.
 *
 * @param rate plain load (notary anchors) in transactions per second, over all {@code clients}
 * @param registers compare-and-set registers of the {@link RegisterWorkload}
 */
public record ChaosManifest(int validators, int fullNodes, Duration duration, int rate, int clients, int registers,
    int registerClients, List<Step> steps) {
  static final int MAX_FULL_NODES = 3;

  /** Organisations of `network init`, one validator each, in node order. */
  static final List<String> ORGANISATIONS = List.of("hospital-a", "hospital-b", "insurer", "regulator", "hospital-c",
      "hospital-d", "hospital-e");

  public record Step(Duration at, Perturbation perturbation) {}

  public ChaosManifest {
    steps = List.copyOf(steps);
  }

  /** A manifest line that cannot be read: names the source, the line and what was wrong. */
  public static final class ManifestException extends IllegalArgumentException {
    ManifestException(String source, int line, String text, String problem) {
      super(source + " line " + line + " ('" + text + "'): " + problem);
    }
  }

  public static ChaosManifest parse(String text, String source) {
    Integer validators = null;
    int fullNodes = 0;
    Duration duration = null;
    Map<String, String> load = null;
    List<Step> steps = new ArrayList<>();
    List<Integer> stepLines = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash).strip();
      }
      if (line.isEmpty()) {
        continue;
      }
      String[] words = line.split("\\s+");
      try {
        switch (words[0]) {
          case "validators" -> {
            oneArgument(words);
            validators = Integer.parseInt(words[1]);
            if (validators < 4 || validators > ORGANISATIONS.size()) {
              throw new IllegalArgumentException("validators must be 4 to " + ORGANISATIONS.size());
            }
          }
          case "fullnodes" -> {
            oneArgument(words);
            fullNodes = Integer.parseInt(words[1]);
            if (fullNodes < 0 || fullNodes > MAX_FULL_NODES) {
              throw new IllegalArgumentException("fullnodes must be 0 to " + MAX_FULL_NODES);
            }
          }
          case "duration" -> {
            oneArgument(words);
            duration = ManifestDurations.parse(words[1]);
          }
          case "load" -> {
            load = fields(words, 1, Set.of("rate", "clients", "registers", "register-clients"));
            for (String key : load.keySet()) {
              number(load, key, 0);
            }
          }
          case "at" -> {
            if (words.length < 3) {
              throw new IllegalArgumentException("a step is 'at <time> <fault> key=value...'");
            }
            Duration at = ManifestDurations.parse(words[1]);
            if (!steps.isEmpty() && at.compareTo(steps.get(steps.size() - 1).at()) < 0) {
              throw new IllegalArgumentException("steps must be in time order; this one is before the previous one");
            }
            steps.add(new Step(at, perturbation(words)));
            stepLines.add(i);
          }
          default -> throw new IllegalArgumentException("unknown statement '" + words[0]
              + "' (validators, fullnodes, duration, load, at)");
        }
      } catch (NumberFormatException e) {
        throw new ManifestException(source, i + 1, lines[i].strip(), "not a whole number: " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new ManifestException(source, i + 1, lines[i].strip(), e.getMessage());
      }
    }
    if (validators == null || duration == null || load == null) {
      throw new ManifestException(source, lines.length, "", "a manifest needs 'validators', 'duration' and 'load' lines");
    }
    int n = validators;
    for (int i = 0; i < steps.size(); i++) {
      Perturbation p = steps.get(i).perturbation();
      int line = stepLines.get(i);
      if (p.node() >= n) {
        throw new ManifestException(source, line + 1, lines[line].strip(), "node " + p.node() + " is not one of the " + n
            + " validators (0 to " + (n - 1) + ")");
      }
      if (steps.get(i).at().compareTo(duration) > 0) {
        throw new ManifestException(source, line + 1, lines[line].strip(), "starts after the manifest's duration " + ManifestDurations.format(duration));
      }
    }
    return new ChaosManifest(n, fullNodes, duration, number(load, "rate", 20), number(load, "clients", 3),
        number(load, "registers", 3), number(load, "register-clients", 3), steps);
  }

  /** The manifest's text, which {@link #parse} reads back to an equal manifest. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append("validators ").append(validators).append('\n');
    if (fullNodes > 0) {
      b.append("fullnodes ").append(fullNodes).append('\n');
    }
    b.append("duration ").append(ManifestDurations.format(duration)).append('\n');
    b.append("load rate=").append(rate).append(" clients=").append(clients).append(" registers=").append(registers)
        .append(" register-clients=").append(registerClients).append('\n');
    for (Step s : steps) {
      b.append("at ").append(ManifestDurations.format(s.at())).append(' ').append(s.perturbation().manifestText()).append('\n');
    }
    return b.toString();
  }

  private static Perturbation perturbation(String[] words) {
    String kind = words[2];
    return switch (kind) {
      case "disconnect" -> {
        Map<String, String> f = fields(words, 3, Set.of("node", "for"));
        yield new Perturbation.Disconnect(node(f), duration(f, "for", Duration.ofSeconds(10)));
      }
      case "kill" -> {
        Map<String, String> f = fields(words, 3, Set.of("node", "down"));
        yield new Perturbation.Kill(node(f), duration(f, "down", Duration.ofSeconds(5)));
      }
      case "pause" -> {
        Map<String, String> f = fields(words, 3, Set.of("node", "for"));
        yield new Perturbation.Pause(node(f), duration(f, "for", Duration.ofSeconds(5)));
      }
      case "restart" -> new Perturbation.Restart(node(fields(words, 3, Set.of("node"))));
      case "partition" -> {
        Map<String, String> f = fields(words, 3, Set.of("shape", "node", "for"));
        PartitionShape shape = PartitionShape.of(required(f, "shape"));
        if ((shape == PartitionShape.ISOLATE) != f.containsKey("node")) {
          throw new IllegalArgumentException("'node' names the isolated node: given with shape=isolate, and only then");
        }
        yield new Perturbation.Partition(shape, shape == PartitionShape.ISOLATE ? node(f) : 0, duration(f, "for", Duration.ofSeconds(10)));
      }
      case "netem" -> {
        Map<String, String> f = fields(words, 3, Set.of("node", "delay", "loss", "for"));
        int delay = f.containsKey("delay") ? (int) ManifestDurations.parse(f.get("delay")).toMillis() : 0;
        int loss = f.containsKey("loss") ? percent(f.get("loss")) : 0;
        if (delay == 0 && loss == 0) {
          throw new IllegalArgumentException("netem needs a delay=…ms or a loss=…% (or both)");
        }
        yield new Perturbation.Netem(node(f), delay, loss, duration(f, "for", Duration.ofSeconds(10)));
      }
      case "skew" -> {
        Map<String, String> f = fields(words, 3, Set.of("node", "offset", "for"));
        String o = required(f, "offset");
        if (!o.startsWith("+") && !o.startsWith("-")) {
          throw new IllegalArgumentException("offset is signed: +5s ahead or -5s behind");
        }
        Duration offset = ManifestDurations.parse(o.substring(1));
        yield new Perturbation.ClockSkew(node(f), o.startsWith("-") ? offset.negated() : offset, duration(f, "for", Duration.ofSeconds(20)));
      }
      case "stale-restart" -> {
        Map<String, String> f = fields(words, 3, Set.of("node", "age"));
        yield new Perturbation.StaleRestart(node(f), duration(f, "age", Duration.ofSeconds(20)));
      }
      case "twin" -> {
        Map<String, String> f = fields(words, 3, Set.of("node", "apart", "together"));
        yield new Perturbation.Twin(node(f), duration(f, "apart", Duration.ofSeconds(15)),
            duration(f, "together", Duration.ofSeconds(10)));
      }
      default -> throw new IllegalArgumentException("unknown fault '" + kind
          + "' (disconnect, kill, pause, restart, partition, netem, skew, stale-restart, twin)");
    };
  }

  private static void oneArgument(String[] words) {
    if (words.length != 2) {
      throw new IllegalArgumentException("'" + words[0] + "' takes exactly one value");
    }
  }

  private static Map<String, String> fields(String[] words, int from, Set<String> allowed) {
    Map<String, String> m = new HashMap<>();
    for (int i = from; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq <= 0 || eq == words[i].length() - 1) {
        throw new IllegalArgumentException("'" + words[i] + "' is not key=value");
      }
      String key = words[i].substring(0, eq);
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException("unknown field '" + key + "' (this statement takes " + String.join(", ",
            allowed.stream().sorted().toList()) + ")");
      }
      if (m.put(key, words[i].substring(eq + 1)) != null) {
        throw new IllegalArgumentException("field '" + key + "' given twice");
      }
    }
    return m;
  }

  private static String required(Map<String, String> f, String key) {
    String v = f.get(key);
    if (v == null) {
      throw new IllegalArgumentException("field '" + key + "' is missing");
    }
    return v;
  }

  private static int node(Map<String, String> f) {
    int n = Integer.parseInt(required(f, "node"));
    if (n < 0) {
      throw new IllegalArgumentException("node must be 0 or more");
    }
    return n;
  }

  private static Duration duration(Map<String, String> f, String key, Duration otherwise) {
    return f.containsKey(key) ? ManifestDurations.parse(f.get(key)) : otherwise;
  }

  private static int percent(String text) {
    if (!text.endsWith("%")) {
      throw new IllegalArgumentException("loss is a percentage, e.g. loss=10%");
    }
    int p = Integer.parseInt(text.substring(0, text.length() - 1));
    if (p < 1 || p > 100) {
      throw new IllegalArgumentException("loss must be 1% to 100%");
    }
    return p;
  }

  private static int number(Map<String, String> f, String key, int otherwise) {
    if (!f.containsKey(key)) {
      return otherwise;
    }
    int n = Integer.parseInt(f.get(key));
    if (n < 0 || n > 1_000) {
      throw new IllegalArgumentException("load " + key + " must be 0 to 1000");
    }
    return n;
  }
}
