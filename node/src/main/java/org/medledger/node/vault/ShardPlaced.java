package org.medledger.node.vault;

/**
 * Where one shard of a stored record went, as the store's answer shows it: kept by the storing
 * node itself, placed with its holder (the holder acknowledged it), or failed (the holder did not
 * take it: down, refused, timed out). A failed placement is repaired later by the holder's own
 * repair pass; until then the record has one shard fewer to spare.
 *
 * @param error why it failed; empty otherwise
 */
public record ShardPlaced(int shard, String holder, Status status, String error) {
  public enum Status {
    KEPT, PLACED, FAILED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static ShardPlaced kept(int shard, String holder) {
    return new ShardPlaced(shard, holder, Status.KEPT, "");
  }

  public static ShardPlaced placed(int shard, String holder) {
    return new ShardPlaced(shard, holder, Status.PLACED, "");
  }

  public static ShardPlaced failed(int shard, String holder, String error) {
    return new ShardPlaced(shard, holder, Status.FAILED, error);
  }

  /** The answer's JSON object: shard, holder, status, and error when it failed. */
  public java.util.Map<String, Object> view() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("shard", shard);
    m.put("holder", holder);
    m.put("status", status.wireName());
    if (status == Status.FAILED) {
      m.put("error", error);
    }
    return m;
  }
}
