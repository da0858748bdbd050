package org.medledger.node.application;

/**
 * The genesis names an application this release does not ship, or ships at another version: a
 * validator never runs a partial or different contract set, so the node refuses to start.
 */
public final class MissingApplicationException extends IllegalStateException {
  public MissingApplicationException(String message) {
    super(message);
  }
}
