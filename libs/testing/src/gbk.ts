let table: Map<string, number[]> | undefined;

/**
 * The text in GBK bytes, as Excel on Chinese Windows saves a CSV (Node decodes GBK but has no
 * encoder): each character's bytes found by decoding every two-byte GBK sequence once.
 */
export function encodeGbk(text: string): Buffer {
  if (!table) {
    table = new Map();
    const decoder = new TextDecoder('gbk', { fatal: true });
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        try {
          const char = decoder.decode(Uint8Array.of(lead, trail));
          if (!table.has(char)) table.set(char, [lead, trail]);
        } catch {
          // Not a character in GBK.
        }
      }
    }
  }
  const bytes = Buffer.alloc(text.length * 2);
  let length = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code < 0x80) bytes[length++] = code;
    else {
      const pair = table.get(char);
      if (!pair) throw new Error(`${char} has no GBK bytes`);
      bytes[length++] = pair[0];
      bytes[length++] = pair[1];
    }
  }
  return bytes.subarray(0, length);
}
