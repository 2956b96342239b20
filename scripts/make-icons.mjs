/**
 * Draws the add-in's icons (assets/icon-{16,32,64,80,128}.png): a blue rounded
 * square with a white hexagonal crystal and a bar chart rising inside it
 * (rare earths + trade). Pure Node (zlib), 4×4 supersampled. Run once after a
 * design change: node scripts/make-icons.mjs
 */
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const SIZES = [16, 32, 64, 80, 128];
const BLUE = [15, 108, 189];
const WHITE = [255, 255, 255];
const GOLD = [255, 185, 0];

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, rgba) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

/** Colour of the design at unit coordinates (0..1), or null for transparent. */
function shade(x, y) {
  const r = 0.18; // corner radius
  const cx = Math.min(Math.max(x, r), 1 - r), cy = Math.min(Math.max(y, r), 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return null;
  // hexagon outline centred at (0.5, 0.5)
  const dx = x - 0.5, dy = y - 0.5;
  const hex = (R) => {
    const ax = Math.abs(dx), ay = Math.abs(dy);
    return ax <= R * 0.866 && ay + ax * 0.577 <= R;
  };
  const outer = hex(0.38), inner = hex(0.3);
  // rising bars inside the hexagon
  const bars = [[0.36, 0.58], [0.47, 0.48], [0.58, 0.38]];
  for (const [bx, top] of bars) if (x >= bx && x <= bx + 0.08 && y >= top && y <= 0.7) return GOLD;
  if (outer && !inner) return WHITE;
  return BLUE;
}

for (const size of SIZES) {
  const S = 4;
  const buf = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      let rr = 0, gg = 0, bb = 0, aa = 0;
      for (let sy = 0; sy < S; sy++)
        for (let sx = 0; sx < S; sx++) {
          const c = shade((px + (sx + 0.5) / S) / size, (py + (sy + 0.5) / S) / size);
          if (c) { rr += c[0]; gg += c[1]; bb += c[2]; aa++; }
        }
      const o = (py * size + px) * 4;
      if (aa) { buf[o] = rr / aa; buf[o + 1] = gg / aa; buf[o + 2] = bb / aa; }
      buf[o + 3] = Math.round((aa / (S * S)) * 255);
    }
  writeFileSync(new URL(`../assets/icon-${size}.png`, import.meta.url), png(size, buf));
}
console.log(`wrote ${SIZES.map((s) => `icon-${s}.png`).join(", ")}`);
