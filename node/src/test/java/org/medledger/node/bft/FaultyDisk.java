package org.medledger.node.bft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * A disk that lies on demand, for {@link DurableFiles}: the real files underneath, but an fsync
 * that fails as a failing device makes it fail (EIO), a folder sync that fails, or writes that run
 * out of space (ENOSPC) after a budget of bytes.
 */
final class FaultyDisk implements DurableFiles.ChannelOpener {
  volatile boolean fileSyncFails;
  volatile boolean folderSyncFails;
  volatile long spaceLeft = Long.MAX_VALUE;
  volatile int syncs;

  @Override
  public FileChannel open(Path file, OpenOption... options) throws IOException {
    return new Channel(FileChannel.open(file, options), Files.isDirectory(file));
  }

  private final class Channel extends FileChannel {
    private final FileChannel real;
    private final boolean folder;

    Channel(FileChannel real, boolean folder) {
      this.real = real;
      this.folder = folder;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      if (src.remaining() > spaceLeft) {
        // As the kernel does: what fits is written, then the next write fails.
        if (spaceLeft == 0) {
          throw new IOException("No space left on device");
        }
        ByteBuffer part = src.slice().limit((int) spaceLeft);
        int n = real.write(part);
        src.position(src.position() + n);
        spaceLeft -= n;
        return n;
      }
      int n = real.write(src);
      spaceLeft -= n;
      return n;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      syncs++;
      if (folder ? folderSyncFails : fileSyncFails) {
        throw new IOException("Input/output error");
      }
      real.force(metaData);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return real.read(dsts, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      long n = 0;
      for (int i = offset; i < offset + length; i++) {
        n += write(srcs[i]);
      }
      return n;
    }

    @Override
    public long position() throws IOException {
      return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      real.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      real.truncate(size);
      return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
      return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
      throw new UnsupportedOperationException("not used by DurableFiles");
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return real.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) {
      throw new UnsupportedOperationException("not used by DurableFiles");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
      throw new UnsupportedOperationException("not used by DurableFiles");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      real.close();
    }
  }
}
