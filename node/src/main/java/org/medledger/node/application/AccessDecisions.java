package org.medledger.node.application;

/**
 * Where an application counts its access decisions on health data, for {@code GET /metrics}
 * ({@code medledger_access_decisions_total}): only the decision, never whose data or who asked.
 */
@FunctionalInterface
public interface AccessDecisions {
  /** What a read of health data was answered with. */
  enum Decision {
    SERVED, REFUSED, BREAK_GLASS;

    /** The metric's label value. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Counts nothing: for a context without metrics. */
  AccessDecisions UNCOUNTED = decision -> { };

  void count(Decision decision);
}
