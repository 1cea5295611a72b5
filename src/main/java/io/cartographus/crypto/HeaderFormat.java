package io.cartographus.crypto;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/** Writes and parses the cleartext header described in {@code package-info.java}. */
final class HeaderFormat {
    static final byte[] MAGIC = {'C', 'G', 'E', 'N', 'C', 0};
    static final int VERSION = 1;
    static final byte KDF_ARGON2ID = 1;
    static final int SALT_LENGTH = 16;
    static final int KEY_CHECK_LENGTH = 16;
    static final int MAX_KEY_ID_BYTES = 64;
    /** Key ids travel in {@code id=key,id=key} lists, file headers, JSON and error messages. */
    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_KEY_ID_BYTES + "}");

    /** magic + version + header length. */
    private static final int PREFIX_LENGTH = MAGIC.length + 1 + 2;
    private static final int FIXED_LENGTH = PREFIX_LENGTH + 2 + 1 + 4 + 4 + 4 + 1 + 4 + KEY_CHECK_LENGTH;
    private static final int MAX_SALT_LENGTH = 64;
    private static final int MAX_LENGTH = FIXED_LENGTH + MAX_KEY_ID_BYTES + MAX_SALT_LENGTH;

    private HeaderFormat() {
    }

    /** The header as read: the parsed fields and the exact bytes, which are the associated data. */
    record Read(EncryptionHeader header, byte[] bytes) {
    }

    static byte[] encode(EncryptionHeader h) {
        byte[] id = h.keyId().getBytes(StandardCharsets.UTF_8);
        byte[] salt = h.salt();
        int length = FIXED_LENGTH + id.length + salt.length;
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put(MAGIC).put((byte) h.version()).putShort((short) length);
        b.putShort((short) id.length).put(id);
        b.put(KDF_ARGON2ID).putInt(h.memoryKib()).putInt(h.iterations()).putInt(h.parallelism());
        b.put((byte) salt.length).put(salt);
        b.putInt(h.segmentSize());
        b.put(h.keyCheck());
        return b.array();
    }

    static boolean startsWithMagic(byte[] firstBytes) {
        return firstBytes != null && firstBytes.length >= MAGIC.length
                && Arrays.equals(firstBytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Reads exactly the header from {@code in}, leaving the stream at the first ciphertext byte. */
    static Read read(InputStream in, String archiveName) throws IOException {
        byte[] prefix = in.readNBytes(PREFIX_LENGTH);
        if (!startsWithMagic(prefix)) {
            throw corrupt(archiveName, "it does not start with the CGENC header, so it is not an encrypted Cartographus archive");
        }
        if (prefix.length < PREFIX_LENGTH) {
            throw corrupt(archiveName, "its header is truncated");
        }
        int version = prefix[MAGIC.length] & 0xff;
        if (version != VERSION) {
            throw corrupt(archiveName, "its encryption format version is " + version + ", and this version of Cartographus reads only "
                    + VERSION);
        }
        int length = ByteBuffer.wrap(prefix, MAGIC.length + 1, 2).getShort() & 0xffff;
        if (length < FIXED_LENGTH + 1 + HeaderFormat.SALT_LENGTH || length > MAX_LENGTH) {
            throw corrupt(archiveName, "its header length " + length + " is outside " + (FIXED_LENGTH + 1 + SALT_LENGTH) + ".."
                    + MAX_LENGTH);
        }
        byte[] bytes = Arrays.copyOf(prefix, length);
        int got = in.readNBytes(bytes, PREFIX_LENGTH, length - PREFIX_LENGTH);
        if (got < length - PREFIX_LENGTH) {
            throw corrupt(archiveName, "its header is truncated");
        }
        try {
            return new Read(parse(ByteBuffer.wrap(bytes, PREFIX_LENGTH, length - PREFIX_LENGTH), version, archiveName), bytes);
        } catch (BufferUnderflowException e) {
            throw corrupt(archiveName, "its header is shorter than its length field says");
        }
    }

    private static EncryptionHeader parse(ByteBuffer b, int version, String archiveName) {
        int idLength = b.getShort() & 0xffff;
        if (idLength < 1 || idLength > MAX_KEY_ID_BYTES) {
            throw corrupt(archiveName, "its key id length " + idLength + " is outside 1.." + MAX_KEY_ID_BYTES);
        }
        byte[] idBytes = new byte[idLength];
        b.get(idBytes);
        String keyId = decodeKeyId(idBytes, archiveName);
        int kdf = b.get();
        if (kdf != KDF_ARGON2ID) {
            throw corrupt(archiveName, "its key-derivation function " + kdf + " is unknown (1 is Argon2id)");
        }
        int memoryKib = b.getInt();
        int iterations = b.getInt();
        int parallelism = b.getInt();
        int saltLength = b.get() & 0xff;
        if (saltLength < SALT_LENGTH || saltLength > MAX_SALT_LENGTH) {
            throw corrupt(archiveName, "its salt length " + saltLength + " is outside " + SALT_LENGTH + ".." + MAX_SALT_LENGTH);
        }
        byte[] salt = new byte[saltLength];
        b.get(salt);
        int segmentSize = b.getInt();
        byte[] keyCheck = new byte[KEY_CHECK_LENGTH];
        b.get(keyCheck);
        if (b.hasRemaining()) {
            throw corrupt(archiveName, "its header is longer than its fields");
        }
        String problem = EncryptionParameters.problem(memoryKib, iterations, parallelism, segmentSize);
        if (problem != null) {
            throw corrupt(archiveName, "its header asks for " + problem);
        }
        return new EncryptionHeader(version, keyId, memoryKib, iterations, parallelism, salt, segmentSize, keyCheck);
    }

    private static String decodeKeyId(byte[] idBytes, String archiveName) {
        String keyId;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(idBytes));
            keyId = chars.toString();
        } catch (CharacterCodingException e) {
            throw corrupt(archiveName, "its key id is not valid UTF-8");
        }
        if (!KEY_ID.matcher(keyId).matches()) {
            // Not echoed: a hostile id could carry terminal escapes into logs.
            throw corrupt(archiveName, "its key id is not of the form " + KEY_ID.pattern());
        }
        return keyId;
    }

    private static BackupException corrupt(String archiveName, String why) {
        return new BackupException(ErrorKind.CORRUPT_ARCHIVE, "cannot decrypt " + archiveName + ": " + why);
    }
}
