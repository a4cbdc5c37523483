import { createReadStream } from 'node:fs';
import { DomainError, unprocessable } from '@loyalty/shared';

/** A history file: its path (the command line) or an upload's bytes, and the charset it is said to be in, if anyone said. */
export type HistoryFile = ({ path: string } | { bytes: Uint8Array }) & { charset?: string };

/**
 * A path's file is read and decoded 64 KiB at a time: never one string, and each chunk's text stays
 * in V8's young generation (megabyte chunks go to its large-object space, freed only by a full
 * collection: with them, reading ten years of the extract took 75 MB more RSS).
 */
export const CHUNK_BYTES = 1 << 16;

/** Byte order marks, and the encoding each announces (as the WHATWG decoding algorithm sniffs them: a mark wins over a declared charset). */
const BYTE_ORDER_MARKS: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/** A workbook's first bytes: .xlsx (a zip archive) and .xls (an OLE compound file), the usual wrong upload. */
const WORKBOOK_SIGNATURES = [
  [0x50, 0x4b, 0x03, 0x04],
  [0xd0, 0xcf, 0x11, 0xe0],
];

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);

function chunksOf(file: HistoryFile): AsyncIterable<Uint8Array> | Iterable<Uint8Array> {
  if ('path' in file) return createReadStream(file.path, { highWaterMark: CHUNK_BYTES });
  // An upload, in memory already, is decoded whole: in 64 KiB chunks, the platform's peak RSS while
  // its job ran was 10–20 MB higher (a 16 MiB upload, performance log 2026-12-07, night).
  return [file.bytes];
}

async function firstBytes(file: HistoryFile): Promise<Uint8Array> {
  if ('bytes' in file) return file.bytes.subarray(0, 4);
  for await (const chunk of chunksOf(file)) return chunk.subarray(0, 4);
  return new Uint8Array();
}

/**
 * The encoding a history file says it is in: its byte order mark's; else the charset it was said to
 * be in (an upload's Content-Type, the command line's --charset); else none (readInvoices then reads
 * it as UTF-8, and as GB18030 if it is not valid UTF-8). A workbook is refused (422 IMPORT_NOT_CSV),
 * and so is a charset no decoder knows (415 IMPORT_ENCODING_UNSUPPORTED).
 */
export async function statedEncoding(file: HistoryFile): Promise<string | undefined> {
  const head = await firstBytes(file);
  if (WORKBOOK_SIGNATURES.some((signature) => startsWith(head, signature))) {
    throw unprocessable('IMPORT_NOT_CSV', 'The file is an Excel workbook, not CSV: open it in Excel, save it as CSV (另存为 CSV) and upload that');
  }
  const marked = BYTE_ORDER_MARKS.find(([mark]) => startsWith(head, mark));
  if (marked) return marked[1];
  if (!file.charset) return undefined;
  try {
    return new TextDecoder(file.charset).encoding;
  } catch {
    throw new DomainError('IMPORT_ENCODING_UNSUPPORTED', `The charset ${file.charset} is not one the import knows: send the file as UTF-8 or GB18030 (GBK)`, 415);
  }
}

/**
 * The file's lines in `encoding` (without their line ends, a byte order mark dropped), decoded a
 * chunk at a time; bytes that are not text in it are refused (422 IMPORT_ENCODING_INVALID).
 */
export async function* linesOf(file: HistoryFile, encoding: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const decode = (chunk?: Uint8Array) => {
    try {
      return decoder.decode(chunk, { stream: chunk !== undefined });
    } catch {
      throw unprocessable('IMPORT_ENCODING_INVALID', `The file is not ${encoding} text: save it as CSV in UTF-8 or GBK, or say which charset it is in`, {
        encoding,
      });
    }
  };
  const withoutCr = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);
  let rest = '';
  for await (const chunk of chunksOf(file)) {
    const text = rest + decode(chunk);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      yield withoutCr(text.slice(start, end));
      start = end + 1;
    }
    rest = text.slice(start);
  }
  rest += decode();
  if (rest !== '') yield withoutCr(rest);
}
