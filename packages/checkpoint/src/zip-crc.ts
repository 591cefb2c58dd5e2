let crcTable: Uint32Array | undefined;

/**
 * CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) as zip uses it. Pass the CRC of the bytes
 * before `data` as `previous` to continue it: `crc32(b, crc32(a))` is the CRC of `a` then `b`.
 * @example
 * crc32(new TextEncoder().encode("123456789")); // 0xcbf43926
 */
export function crc32(data: Uint8Array, previous = 0): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let byte = 0; byte < 256; byte += 1) {
      let value = byte;
      for (let bit = 0; bit < 8; bit += 1) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
      crcTable[byte] = value >>> 0;
    }
  }
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (let index = 0; index < data.length; index += 1) crc = crcTable[(crc ^ data[index]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
