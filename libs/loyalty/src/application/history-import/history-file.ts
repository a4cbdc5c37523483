import { createReadStream } from 'node:fs';
import { DomainError, unprocessable } from '@loyalty/shared';

/** A history file: its path (the command line) or an upload's bytes, and the charset it is said to be in, if anyone said. */
export type HistoryFile = ({ path: string } | { bytes: Uint8Array }) & { charset?: string };

/**
 * A path's file is read and decoded 64 KiB at a time: never one string, and each chunk's text stays
 * in V8's young generation (megabyte chunks go to its large-object space, freed only by a full
 * collection: with them, reading ten years of the extract took about 60 MB more RSS).
 */
export const CHUNK_BYTES = 1 << 16;

/** No row of the layout comes near this; a file without line ends would otherwise grow one string until V8 refuses it. */
export const MAX_LINE_CHARS = 1 << 20;

/**
 * The charsets a file may be said to be in. Not windows-1252 and the like (latin1 and iso-8859-1
 * name it too): they decode any bytes without an error, so a GBK file said to be in one would be
 * stored garbled; and `file -i` calls GBK files iso-8859-1.
 */
const STATABLE_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'gbk', 'gb18030', 'big5'];

/** Names the decoder does not know by these meanings: ASCII is UTF-8's first half (not windows-1252), and Windows calls GBK code page 936. */
const CHARSET_ALIASES: Record<string, string> = { ascii: 'utf-8', 'us-ascii': 'utf-8', cp936: 'gbk', 'windows-936': 'gbk', ms936: 'gbk' };

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
  // its job ran was 397–408 MB against 361–383 (a 16 MiB upload, performance log 2026-12-07, night).
  return [file.bytes];
}

async function firstBytes(file: HistoryFile): Promise<Uint8Array> {
  if ('bytes' in file) return file.bytes.subarray(0, 4);
  for await (const chunk of chunksOf(file)) return chunk.subarray(0, 4);
  return new Uint8Array();
}

/**
 * The encoding a history file announces: its byte order mark's; else the charset it was said to be
 * in (an upload's Content-Type, the command line's --charset); else none (readInvoices then reads it
 * as UTF-8, and as GB18030 if it is not valid UTF-8). A workbook is refused (422 IMPORT_NOT_CSV),
 * and so is a charset other than UTF-8, UTF-16, GBK/GB18030 and Big5 (415 IMPORT_ENCODING_UNSUPPORTED).
 */
export async function announcedEncoding(file: HistoryFile): Promise<string | undefined> {
  const head = await firstBytes(file);
  if (WORKBOOK_SIGNATURES.some((signature) => startsWith(head, signature))) {
    throw unprocessable('IMPORT_NOT_CSV', 'The file is an Excel workbook, not CSV: open it in Excel, save it as CSV (另存为 CSV) and upload that');
  }
  const marked = BYTE_ORDER_MARKS.find(([mark]) => startsWith(head, mark));
  if (marked) return marked[1];
  if (!file.charset) return undefined;
  let encoding: string | undefined;
  try {
    encoding = new TextDecoder(CHARSET_ALIASES[file.charset.toLowerCase()] ?? file.charset).encoding;
  } catch {
    // Not a charset at all: refused below as any other.
  }
  if (encoding && STATABLE_ENCODINGS.includes(encoding)) return encoding;
  throw new DomainError('IMPORT_ENCODING_UNSUPPORTED', `The charset ${file.charset} is not one the import reads: UTF-8, UTF-16, GBK (GB18030) or Big5; or name none and let the import find it`, 415, {
    charsets: STATABLE_ENCODINGS,
  });
}

/**
 * The file's lines in `encoding` (ended by CRLF, LF or a lone CR as old Mac Excel wrote them; without
 * their ends, a UTF byte order mark dropped), decoded a chunk at a time. Bytes that are not text in it
 * are refused (422 IMPORT_ENCODING_INVALID), and so is a line over MAX_LINE_CHARS (422 IMPORT_LINE_TOO_LONG).
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
  const lineEnd = /\r\n?|\n/g;
  let lines = 0;
  const tooLong = (length: number) => {
    if (length > MAX_LINE_CHARS) {
      throw unprocessable('IMPORT_LINE_TOO_LONG', `Line ${lines + 1} is over ${MAX_LINE_CHARS} characters: this is not a history file in the layout`, { line: lines + 1 });
    }
  };
  let rest = '';
  for await (const chunk of chunksOf(file)) {
    const text = rest + decode(chunk);
    let start = 0;
    // What was left of the last chunk holds no line end but perhaps a CR its LF follows in this one.
    lineEnd.lastIndex = Math.max(0, rest.length - 1);
    for (let end = lineEnd.exec(text); end; end = lineEnd.exec(text)) {
      if (end[0] === '\r' && end.index === text.length - 1) break;
      tooLong(end.index - start);
      lines++;
      yield text.slice(start, end.index);
      start = lineEnd.lastIndex;
    }
    rest = text.slice(start);
    tooLong(rest.endsWith('\r') ? rest.length - 1 : rest.length);
  }
  rest += decode();
  if (rest !== '') yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}
