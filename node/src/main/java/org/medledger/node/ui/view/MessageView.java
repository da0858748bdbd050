package org.medledger.node.ui.view;

/** A page saying one thing: an error, "nothing found", a refusal; with where to go next. */
public record MessageView(String heading, String message, String linkLabel, String linkPath) {}
