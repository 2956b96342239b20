/**
 * A zip archive written front to back to a file: small parts whole, large parts (worksheets) as a
 * stream through zlib's raw deflate, each followed by a data descriptor (general-purpose flag bit
 * 3) since its sizes are known only at its end, as APPNOTE 4.3.9 allows and Excel reads. Memory
 * stays at zlib's window and one chunk whatever the size of a part.
 *
 * No zip64: the archive and every part stay under 4 GiB, and crossing that is an error saying so
 * (an XLSX of that size would not open in Excel anyway; the screen writes CSV for such runs).
 */
import * as fs from "fs";
import * as zlib from "zlib";
import { once } from "events";

let table: Int32Array | undefined;
function crc32Js(crc: number, data: Uint8Array): number {
  if (!table) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
  }
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC-32 continued over `data` (zlib's own where Node has it: 20.15 and later). */
const crc32: (data: Uint8Array, crc: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === "function"
    ? (data, crc) => (zlib as unknown as { crc32(d: Uint8Array, c: number): number }).crc32(data, crc)
    : (data, crc) => crc32Js(crc, data);

const LIMIT = 0xffffffff;

interface Entry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  flags: number;
}

export class ZipFile {
  private offset = 0;
  private readonly entries: Entry[] = [];

  constructor(private readonly fd: number) {}

  private put(b: Uint8Array): void {
    let done = 0;
    while (done < b.length) done += fs.writeSync(this.fd, b, done, b.length - done);
    this.offset += b.length;
    if (this.offset > LIMIT) throw new Error("the XLSX file would be larger than 4 GB; write CSV instead (--format csv)");
  }

  private localHeader(name: Buffer, flags: number, crc: number, compressed: number, size: number): Buffer {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(flags, 6);
    h.writeUInt16LE(8, 8); // deflate
    h.writeUInt16LE(0, 10);
    h.writeUInt16LE(0x21, 12); // 1980-01-01
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(compressed, 18);
    h.writeUInt32LE(size, 22);
    h.writeUInt16LE(name.length, 26);
    h.writeUInt16LE(0, 28);
    return Buffer.concat([h, name]);
  }

  /** A whole part (XML text), deflated at once. */
  add(name: string, text: string): void {
    const data = Buffer.from(text, "utf8");
    const packed = zlib.deflateRawSync(data);
    const n = Buffer.from(name, "utf8");
    const e: Entry = { name: n, crc: crc32(data, 0), compressed: packed.length, size: data.length, offset: this.offset, flags: 0x0800 };
    this.put(this.localHeader(n, e.flags, e.crc, e.compressed, e.size));
    this.put(packed);
    this.entries.push(e);
  }

  /** A part written in pieces: write() text, then end(). */
  stream(name: string): ZipStream {
    const n = Buffer.from(name, "utf8");
    const e: Entry = { name: n, crc: 0, compressed: 0, size: 0, offset: this.offset, flags: 0x0808 };
    this.put(this.localHeader(n, e.flags, 0, 0, 0));
    this.entries.push(e);
    return new ZipStream(this, e);
  }

  /** @internal */
  chunk(e: Entry, b: Buffer): void {
    e.compressed += b.length;
    this.put(b);
  }

  /** @internal */
  descriptor(e: Entry): void {
    if (e.size > LIMIT || e.compressed > LIMIT)
      throw new Error("a sheet of the XLSX file would be larger than 4 GB; write CSV instead (--format csv)");
    const d = Buffer.alloc(16);
    d.writeUInt32LE(0x08074b50, 0);
    d.writeUInt32LE(e.crc, 4);
    d.writeUInt32LE(e.compressed, 8);
    d.writeUInt32LE(e.size, 12);
    this.put(d);
  }

  /** The central directory and its end record. */
  finish(): void {
    const start = this.offset;
    for (const e of this.entries) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(e.flags, 8);
      c.writeUInt16LE(8, 10);
      c.writeUInt16LE(0, 12);
      c.writeUInt16LE(0x21, 14);
      c.writeUInt32LE(e.crc, 16);
      c.writeUInt32LE(e.compressed, 20);
      c.writeUInt32LE(e.size, 24);
      c.writeUInt16LE(e.name.length, 28);
      c.writeUInt32LE(e.offset, 42);
      this.put(Buffer.concat([c, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    this.put(end);
  }
}

export class ZipStream {
  private readonly deflate: zlib.DeflateRaw;
  private readonly done: Promise<unknown>;
  private failure: Error | null = null;

  constructor(
    private readonly zip: ZipFile,
    private readonly e: Entry,
  ) {
    // Level 1: worksheets of repetitive XML compress well even at zlib's fastest level.
    this.deflate = zlib.createDeflateRaw({ level: 1 });
    this.deflate.on("data", (b: Buffer) => {
      try {
        this.zip.chunk(this.e, b);
      } catch (err) {
        this.failure = err as Error;
        this.deflate.destroy(err as Error);
      }
    });
    this.done = once(this.deflate, "end");
  }

  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    const b = Buffer.from(text, "utf8");
    this.e.size += b.length;
    this.e.crc = crc32(b, this.e.crc);
    if (!this.deflate.write(b)) await once(this.deflate, "drain");
  }

  async end(): Promise<void> {
    this.deflate.end();
    await this.done;
    if (this.failure) throw this.failure;
    this.zip.descriptor(this.e);
  }
}
