package org.medledger.node.ui.view;

import java.util.List;

/**
 * A page of blocks, newest first; {@code newer}/{@code older} the {@code before} parameter of the
 * neighbouring pages, or -1 where there is none. {@code maxExport} caps a CSV export's range.
 */
public record BlocksView(long head, List<BlockRow> rows, long newer, long older, int maxExport) {}
