/**
 * The part of CBOR (RFC 8949) that pagefind's index files use: unsigned and negative
 * integers, text and byte strings, arrays and maps of definite length, booleans and null.
 * Integers are written in their shortest form, as pagefind's encoder (minicbor) does, so
 * decoding and encoding a pagefind file gives back the same bytes.
 */
export type CborValue = number | string | boolean | null | Uint8Array | CborValue[] | Map<CborValue, CborValue>;

export function decodeCbor(bytes: Uint8Array): CborValue {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n: number) => {
    if (at + n > buf.length) throw new Error(`CBOR ends early at byte ${at}`);
  };
  const argument = (info: number): number => {
    if (info < 24) return info;
    if (info === 24) return (need(1), buf[at++]!);
    if (info === 25) return (need(2), (at += 2), buf.readUInt16BE(at - 2));
    if (info === 26) return (need(4), (at += 4), buf.readUInt32BE(at - 4));
    if (info === 27) {
      need(8);
      const v = buf.readBigUInt64BE(at);
      at += 8;
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`CBOR integer too large at byte ${at - 8}`);
      return Number(v);
    }
    throw new Error(`CBOR item of indefinite length or reserved form at byte ${at - 1}`);
  };
  const item = (depth: number): CborValue => {
    if (depth > 64) throw new Error('CBOR nested too deeply');
    need(1);
    const initial = buf[at++]!;
    const major = initial >> 5;
    const info = initial & 31;
    if (major === 7) {
      if (info === 20) return false;
      if (info === 21) return true;
      if (info === 22) return null;
      throw new Error(`CBOR simple value or float ${info} at byte ${at - 1} is not supported`);
    }
    const n = argument(info);
    switch (major) {
      case 0:
        return n;
      case 1:
        return -1 - n;
      case 2:
        need(n);
        return Uint8Array.prototype.slice.call(buf, at, (at += n));
      case 3:
        need(n);
        return buf.toString('utf8', at, (at += n));
      case 4: {
        const list: CborValue[] = [];
        for (let i = 0; i < n; i++) list.push(item(depth + 1));
        return list;
      }
      case 5: {
        const map = new Map<CborValue, CborValue>();
        for (let i = 0; i < n; i++) {
          const key = item(depth + 1);
          map.set(key, item(depth + 1));
        }
        return map;
      }
      default:
        throw new Error(`CBOR tag at byte ${at - 1} is not supported`);
    }
  };
  const value = item(0);
  if (at !== buf.length) throw new Error(`CBOR has ${buf.length - at} bytes after its first item`);
  return value;
}

/** Writes CBOR into a buffer that grows as needed. */
class Writer {
  private buf = Buffer.allocUnsafe(256);
  private at = 0;

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }

  head(major: number, n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`CBOR cannot encode ${n}`);
    this.room(9);
    const m = major << 5;
    if (n < 24) this.buf[this.at++] = m | n;
    else if (n < 0x100) (this.buf[this.at++] = m | 24), (this.buf[this.at++] = n);
    else if (n < 0x10000) (this.buf[this.at++] = m | 25), this.buf.writeUInt16BE(n, this.at), (this.at += 2);
    else if (n < 0x100000000) (this.buf[this.at++] = m | 26), this.buf.writeUInt32BE(n, this.at), (this.at += 4);
    else (this.buf[this.at++] = m | 27), this.buf.writeBigUInt64BE(BigInt(n), this.at), (this.at += 8);
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }

  value(v: CborValue): void {
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) throw new Error(`CBOR encoder writes integers only, not ${v}`);
      if (v >= 0) this.head(0, v);
      else this.head(1, -1 - v);
    } else if (typeof v === 'string') {
      const b = Buffer.from(v, 'utf8');
      this.head(3, b.length);
      this.bytes(b);
    } else if (typeof v === 'boolean') {
      this.room(1);
      this.buf[this.at++] = v ? 0xf5 : 0xf4;
    } else if (v === null) {
      this.room(1);
      this.buf[this.at++] = 0xf6;
    } else if (v instanceof Uint8Array) {
      this.head(2, v.length);
      this.bytes(v);
    } else if (Array.isArray(v)) {
      this.head(4, v.length);
      for (const x of v) this.value(x);
    } else {
      this.head(5, v.size);
      for (const [k, x] of v) {
        this.value(k);
        this.value(x);
      }
    }
  }

  /** A copy of exactly the written bytes: a view would keep the whole, larger buffer alive. */
  result(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.at));
  }
}

export function encodeCbor(value: CborValue): Buffer {
  const w = new Writer();
  w.value(value);
  return w.result();
}

/** An array whose items are already encoded: the header plus the items' bytes. */
export function encodeCborArray(encodedItems: readonly Uint8Array[]): Buffer {
  const w = new Writer();
  w.head(4, encodedItems.length);
  for (const item of encodedItems) w.bytes(item);
  return w.result();
}
