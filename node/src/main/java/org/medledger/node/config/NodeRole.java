package org.medledger.node.config;

import java.util.Locale;

/**
 * What a node does for its organisation ({@code "role"} in node.json). A validator votes at the
 * heights whose validator set holds its certificate and follows the chain at the others; a full
 * node never votes or proposes: it follows the chain by block sync (each block's commit
 * certificate checked against the validators of its height) and serves the API and the portal,
 * so an organisation scales reads without adding validators (docs/deploy.md, Full nodes).
 */
public enum NodeRole {
  VALIDATOR,
  FULL;

  /** As node.json spells it. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** node.json's value; refused, naming the allowed ones, when it is neither. */
  public static NodeRole parse(String text) {
    for (NodeRole r : values()) {
      if (r.wireName().equals(text)) {
        return r;
      }
    }
    throw new IllegalArgumentException("role must be 'validator' or 'full', got '" + text + "'");
  }
}
