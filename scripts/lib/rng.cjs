/**
 * mulberry32: a small seeded generator with a full 2^32 period (an LCG in doubles loses bits past
 * 2^53), so generated test and bench inputs are the same on every run and a failure can be replayed.
 * Plain CommonJS: the TypeScript tests and the ESM bench scripts both load it.
 */
"use strict";

/** A generator of numbers in [0, 1) from `seed`. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

module.exports = { mulberry32 };
