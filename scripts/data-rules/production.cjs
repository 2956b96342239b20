/**
 * USGS production tables: one figure per (edition, country, year, measure);
 * world totals agree with the country rows within USGS rounding; import shares
 * of one material/edition add up to 100% (±1 point of rounding); USGS-derived
 * stage shares agree with production / world.
 * Rules: figure-duplicate, world-total, shares-sum, derived-share.
 */

/** Half a unit in the 2nd significant digit of the (rounded) world total: USGS rounds world totals to 2-3 significant digits. */
function roundingTolerance(world) {
  if (world <= 0) return 0;
  const digits = Math.floor(Math.log10(world)) + 1;
  return 0.5 * Math.pow(10, digits - 2);
}

module.exports = function production(pack, report) {
  const doc = pack.production;
  if (!doc) return;
  const file = "production.json";
  const editions = new Map((doc.editions || []).map((e) => [e.edition, e]));
  const seen = new Map();
  const groups = new Map(); // edition|measure|year → { world, rows: [] }
  doc.records.forEach((r, i) => {
    const id = r.id || `#${i}`;
    const k = `${r.edition}|${r.country}|${r.year}|${r.measure}`;
    if (seen.has(k)) report(file, id, "figure-duplicate", `same edition, country, year and measure as ${seen.get(k)}`);
    seen.set(k, id);
    if (!editions.has(r.edition)) report(file, id, "edition-unknown", `edition "${r.edition}" is not listed in "editions"`);
    else if (r.year !== null && !editions.get(r.edition).data_years.includes(r.year))
      report(file, id, "edition-year", `${r.edition} does not report data year ${r.year}`);
    const g = `${r.edition}|${r.measure}|${r.year}`;
    if (!groups.has(g)) groups.set(g, { world: null, rows: [] });
    if (r.country === "WORLD") groups.get(g).world = r;
    else groups.get(g).rows.push(r);
  });
  for (const [g, { world, rows }] of groups) {
    const [edition, measure, year] = g.split("|");
    const meta = editions.get(edition);
    if (!meta || meta.complete === false) continue; // partial editions cannot be summed
    if (!world) {
      report(file, `${edition} ${measure} ${year}`, "world-total", `no WORLD row for ${edition} ${measure} ${year}`);
      continue;
    }
    const known = rows.filter((r) => typeof r.value === "number");
    const sum = known.reduce((a, r) => a + r.value, 0);
    const hasNA = known.length < rows.length;
    if (world.qualifier === ">") {
      if (sum < world.value)
        report(file, world.id, "world-total", `country rows add up to ${sum}, below the lower bound ${world.value_text}`);
    } else if (hasNA) {
      if (sum > world.value + roundingTolerance(world.value))
        report(file, world.id, "world-total", `known country rows add up to ${sum}, more than the world total ${world.value}`);
    } else {
      const tol = roundingTolerance(world.value);
      if (Math.abs(sum - world.value) > tol) {
        report(
          file,
          world.id,
          "world-total",
          `country rows add up to ${sum}; the rounded world total ${world.value} differs by ${sum - world.value} (more than USGS rounding, ±${tol})`,
        );
      }
    }
  }
  // import shares add up to ~100%
  if (pack.us_imports) {
    const sums = new Map();
    for (const r of pack.us_imports.records) {
      if (r.measure !== "import_share") continue;
      const k = `${r.material}|${r.edition}|${r.period_from}-${r.period_to}`;
      sums.set(k, (sums.get(k) || 0) + r.value);
    }
    for (const [k, s] of sums) {
      if (Math.abs(s - 1) > 0.0100001)
        report("us_imports.json", k, "shares-sum", `import shares add up to ${(s * 100).toFixed(1)}%, not 100%`);
    }
  }
  // derived stage shares = production / world (to the 0.1 point they are printed with)
  if (pack.stage_shares) {
    const prod = new Map(
      doc.records.filter((r) => r.measure === "production").map((r) => [`${r.edition}|${r.country}|${r.year}`, r.value]),
    );
    for (const r of pack.stage_shares.records) {
      if (r.status !== "derived") continue;
      const m = /MCS \d{4}/.exec(r.edition);
      if (!m) continue;
      const c = prod.get(`${m[0]}|${r.country}|${r.year}`);
      const w = prod.get(`${m[0]}|WORLD|${r.year}`);
      if (typeof c !== "number" || typeof w !== "number") {
        report("stage_shares.json", r.id, "derived-share", `no ${m[0]} production for ${r.country} / WORLD in ${r.year} to derive it from`);
        continue;
      }
      if (Math.abs(c / w - r.value) > 0.0005 + 1e-9)
        report("stage_shares.json", r.id, "derived-share", `${r.value} differs from ${c} / ${w} = ${(c / w).toFixed(4)}`);
    }
  }
};
