package io.coracle.oracle.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.jboss.logging.Logger;

/**
 * DEVELOPMENT STAND-IN for the platform-derived sealing key: a random key in a file next to the
 * sealed keys. Anyone who can read the directory can unseal. It exists so that the devnet and tests
 * run outside an SEV-SNP guest; the service says so loudly every time it is used.
 */
public final class FileSealingKeySource implements SealingKeySource {
  private static final Logger LOG = Logger.getLogger(FileSealingKeySource.class);
  static final String FILE_NAME = "sealing-key.DEVELOPMENT-ONLY";

  private final Path file;

  public FileSealingKeySource(Path dir) {
    this.file = dir.resolve(FILE_NAME);
  }

  @Override
  public byte[] sealingKey() throws SealingException {
    LOG.warnf(
        "SEALING KEY IS A PLAIN FILE (%s): development stand-in, NOT an SEV-SNP derived key. "
            + "Keys sealed with it are readable by anyone with access to that directory.",
        file);
    try {
      if (Files.exists(file)) {
        byte[] key = Files.readAllBytes(file);
        if (key.length != 32) {
          throw new SealingException("stand-in sealing key " + file + " is not 32 bytes");
        }
        return key;
      }
      Files.createDirectories(file.getParent());
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      Files.write(file, key, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system; the stand-in protects nothing anyway
      }
      return key;
    } catch (IOException e) {
      throw new SealingException("cannot read or create the stand-in sealing key " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String id() {
    return "file-standin";
  }

  @Override
  public boolean platformBound() {
    return false;
  }
}
