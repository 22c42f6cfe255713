/**
 * The server_name from a TLS ClientHello record, or null when there is none or
 * the bytes are not a complete ClientHello. Used by the proxy to refuse a
 * tunnel whose SNI names another host than the CONNECT target (domain fronting).
 */
export function clientHelloSni(buf: Buffer): string | null {
  try {
    if (buf.length < 5 || buf[0] !== 0x16) return null;
    let i = 5;
    if (buf[i] !== 0x01) return null; // handshake type: ClientHello
    i += 4; // type + 24-bit length
    i += 2 + 32; // client version + random
    i += 1 + buf[i]!; // session id
    i += 2 + buf.readUInt16BE(i); // cipher suites
    i += 1 + buf[i]!; // compression methods
    const extEnd = i + 2 + buf.readUInt16BE(i);
    i += 2;
    while (i + 4 <= extEnd && i + 4 <= buf.length) {
      const type = buf.readUInt16BE(i);
      const len = buf.readUInt16BE(i + 2);
      i += 4;
      if (type === 0) {
        // server_name_list: u16 list length, then (u8 name type, u16 len, name)
        let j = i + 2;
        const end = i + len;
        while (j + 3 <= end) {
          const nameType = buf[j]!;
          const nameLen = buf.readUInt16BE(j + 1);
          j += 3;
          if (nameType === 0)
            return buf
              .subarray(j, j + nameLen)
              .toString('ascii')
              .toLowerCase();
          j += nameLen;
        }
        return null;
      }
      i += len;
    }
    return null;
  } catch {
    return null;
  }
}
