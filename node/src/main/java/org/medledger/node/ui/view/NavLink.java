package org.medledger.node.ui.view;

/** One entry of the shared navigation. */
public record NavLink(String label, String path) {}
