package org.medledger.node.application;

/**
 * A portal page, form or download refused outright: 403 (not yours to see or do) or 404 (nothing
 * there that you may see). The portal shows the message on a page with that status; say nothing
 * in it about data the member may not see (another patient's record reads as "no record of yours").
 */
public final class PortalRefusal extends RuntimeException {
  private final int status;

  public PortalRefusal(int status, String message) {
    super(message, null, false, false);
    if (status != 403 && status != 404) {
      throw new IllegalArgumentException("a portal refusal is 403 or 404, not " + status);
    }
    this.status = status;
  }

  public int status() {
    return status;
  }
}
