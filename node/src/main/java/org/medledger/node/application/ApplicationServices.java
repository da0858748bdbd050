package org.medledger.node.application;

import java.util.Optional;

/**
 * Services one application provides to others (Besu's ServiceManager): the health-records
 * application provides the rule hiding health metadata ({@link MetadataRule}). The type is an
 * interface of the platform, never a class of the providing application, so no
 * application imports another's node-facing code. Provided during register, found from start.
 */
public interface ApplicationServices {
  <T> void provide(Class<T> type, T service);

  <T> Optional<T> find(Class<T> type);
}
