package org.medledger.vault;

/** A matrix over GF(256), row-major; just what the erasure code needs. */
final class GfMatrix {
  final int rows;
  final int columns;
  final int[][] cells;

  GfMatrix(int rows, int columns) {
    this.rows = rows;
    this.columns = columns;
    this.cells = new int[rows][columns];
  }

  /** The n × k Vandermonde matrix, cell (r, c) = r^c: any k of its rows are independent. */
  static GfMatrix vandermonde(int rows, int columns) {
    GfMatrix m = new GfMatrix(rows, columns);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        m.cells[r][c] = GaloisField.power(r, c);
      }
    }
    return m;
  }

  GfMatrix times(GfMatrix other) {
    if (columns != other.rows) {
      throw new IllegalArgumentException("cannot multiply " + rows + "×" + columns + " by " + other.rows + "×" + other.columns);
    }
    GfMatrix out = new GfMatrix(rows, other.columns);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < other.columns; c++) {
        int v = 0;
        for (int i = 0; i < columns; i++) {
          v ^= GaloisField.multiply(cells[r][i], other.cells[i][c]);
        }
        out.cells[r][c] = v;
      }
    }
    return out;
  }

  /** The rows listed, in that order. */
  GfMatrix rows(int[] which) {
    GfMatrix out = new GfMatrix(which.length, columns);
    for (int i = 0; i < which.length; i++) {
      out.cells[i] = cells[which[i]].clone();
    }
    return out;
  }

  /** The inverse by Gauss-Jordan elimination; a singular matrix is an error. */
  GfMatrix inverse() {
    if (rows != columns) {
      throw new IllegalArgumentException("only a square matrix has an inverse");
    }
    int n = rows;
    int[][] a = new int[n][2 * n];
    for (int r = 0; r < n; r++) {
      System.arraycopy(cells[r], 0, a[r], 0, n);
      a[r][n + r] = 1;
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      while (pivot < n && a[pivot][col] == 0) {
        pivot++;
      }
      if (pivot == n) {
        throw new ArithmeticException("singular matrix");
      }
      int[] swap = a[pivot];
      a[pivot] = a[col];
      a[col] = swap;
      int scale = GaloisField.inverse(a[col][col]);
      for (int c = 0; c < 2 * n; c++) {
        a[col][c] = GaloisField.multiply(a[col][c], scale);
      }
      for (int r = 0; r < n; r++) {
        if (r != col && a[r][col] != 0) {
          int factor = a[r][col];
          for (int c = 0; c < 2 * n; c++) {
            a[r][c] ^= GaloisField.multiply(factor, a[col][c]);
          }
        }
      }
    }
    GfMatrix out = new GfMatrix(n, n);
    for (int r = 0; r < n; r++) {
      System.arraycopy(a[r], n, out.cells[r], 0, n);
    }
    return out;
  }
}
