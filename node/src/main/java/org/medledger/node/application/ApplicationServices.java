package org.medledger.node.application;

import java.util.List;
import java.util.Optional;

/**
 * Services one application provides to others (Besu's ServiceManager): the health-records
 * application provides the rule hiding health metadata ({@link MetadataRule}). The type is an
 * interface of the platform, never a class of the providing application, so no
 * application imports another's node-facing code. Provided during register, found from start.
 * One provider per type, except {@link MetadataRule}: each application whose metadata is
 * sensitive provides its own rule, answering for its own contracts, read with {@link #metadataRules}.
 */
public interface ApplicationServices {
  <T> void provide(Class<T> type, T service);

  /** The one provider of {@code type}; for {@link MetadataRule}, refused once several are provided. */
  <T> Optional<T> find(Class<T> type);

  /**
   * Every application's metadata rule, in the order they registered; the platform shows what none
   * refuses. A services that keeps one provider per type has at most the one {@link #find} gives.
   */
  default List<MetadataRule> metadataRules() {
    return find(MetadataRule.class).map(List::of).orElse(List.of());
  }
}
