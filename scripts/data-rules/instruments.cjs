/**
 * Integrity rules for instruments.json (the legal timeline) and cn_items.json
 * (China's controlled items, Ann. 61 Annex 1 lists). Run by scripts/check-data.cjs
 * after the schemas and the generic rules (which already check dates, from ≤ to,
 * non-overlapping windows inside one array, source ids, unique ids).
 */

/** Compact key for item names and aliases: "Tb-Fe alloy" = "TbFe alloy" = "tbfealloy". */
function compactKey(s) {
  return String(s)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\s\-_.,'()]+/g, "");
}

function overlaps(a, b) {
  return a.from <= b.to && b.from <= a.to;
}

function checkInstruments(doc, report) {
  const F = "instruments.json";
  const recs = (doc && Array.isArray(doc.records) ? doc.records : []).filter((r) => r && typeof r === "object");
  const byId = new Map(recs.map((r) => [r.id, r]));
  const horizon = doc && doc.horizon;
  for (const r of recs) {
    const clauses = Array.isArray(r.clauses) ? r.clauses : [];
    const clauseIds = new Set(clauses.map((c) => c.id));
    // lifetime: issued ≤ effective ≤ clause dates ≤ end
    if (r.effective && r.issued && r.effective < r.issued)
      report(F, r.id, "ins-lifetime", `effective ${r.effective} is before issued ${r.issued}`);
    if (r.end && r.effective && r.end < r.effective) report(F, r.id, "ins-lifetime", `end ${r.end} is before effective ${r.effective}`);
    if (r.end && !r.effective)
      report(F, r.id, "ins-lifetime", `end ${r.end} is set but the instrument never took effect (effective is null)`);
    for (const c of clauses) {
      if (r.issued && c.effective < r.issued)
        report(
          F,
          r.id,
          "ins-clause-lifetime",
          `clause ${c.id} takes effect ${c.effective}, before the instrument was issued (${r.issued})`,
        );
      if (r.end && c.effective > r.end)
        report(F, r.id, "ins-clause-lifetime", `clause ${c.id} takes effect ${c.effective}, after the instrument ended (${r.end})`);
    }
    if (clauses.length) {
      const first = clauses.map((c) => c.effective).sort()[0];
      if (r.effective !== first)
        report(F, r.id, "ins-effective", `effective is ${r.effective}; it must be the earliest clause date (${first})`);
    }
    if (new Set(clauses.map((c) => c.id)).size !== clauses.length) report(F, r.id, "ins-clause-id", "clause ids are not unique");
    // suspensions: by resolves, is a suspension instrument that lists this one, starts on/after it was issued, names real clauses
    const susp = Array.isArray(r.suspensions) ? r.suspensions : [];
    for (const s of susp) {
      const by = byId.get(s.by);
      if (!by) {
        report(F, r.id, "ins-suspension-by", `suspension ${s.from}..${s.to}: "by" ${JSON.stringify(s.by)} is not an instrument`);
        continue;
      }
      if (by.type !== "suspension")
        report(F, r.id, "ins-suspension-by", `suspension by ${s.by}, which is of type "${by.type}", not "suspension"`);
      if (!(by.suspends || []).includes(r.id))
        report(F, r.id, "ins-suspension-by", `suspended by ${s.by}, but ${s.by} does not list ${r.id} in "suspends"`);
      if (s.from < by.issued)
        report(F, r.id, "ins-suspension-start", `suspension starts ${s.from}, before ${s.by} was issued (${by.issued})`);
      if (r.end && s.from > r.end)
        report(F, r.id, "ins-suspension-start", `suspension starts ${s.from}, after the instrument ended (${r.end})`);
      for (const c of s.clauses || [])
        if (!clauseIds.has(c))
          report(
            F,
            r.id,
            "ins-suspension-clause",
            `suspension by ${s.by} names clause ${JSON.stringify(c)}, which the instrument does not have`,
          );
    }
    // windows of the same rule (instrument + clause) never overlap, whichever instruments suspend it
    const keys = new Set(["*", ...clauseIds]);
    for (const key of keys) {
      const wins = susp.filter((s) => !s.clauses || key === "*" || s.clauses.includes(key));
      for (let a = 0; a < wins.length; a++)
        for (let b = a + 1; b < wins.length; b++)
          if (overlaps(wins[a], wins[b]))
            report(
              F,
              r.id,
              "ins-suspension-overlap",
              `${key === "*" ? "" : `clause ${key}: `}suspension windows ${wins[a].from}..${wins[a].to} and ${wins[b].from}..${wins[b].to} overlap`,
            );
    }
    for (const t of r.suspends || []) {
      const target = byId.get(t);
      if (!target) report(F, r.id, "ins-suspends", `"suspends" names ${JSON.stringify(t)}, which is not an instrument`);
      else if (!(target.suspensions || []).some((s) => s.by === r.id))
        report(F, r.id, "ins-suspends", `"suspends" names ${t}, but ${t} carries no suspension window by ${r.id}`);
    }
    // events: in date order; anything reported after the horizon stays unconfirmed
    const ev = Array.isArray(r.events) ? r.events : [];
    for (let i = 1; i < ev.length; i++)
      if (ev[i].date < ev[i - 1].date)
        report(F, r.id, "ins-event-order", `event ${ev[i].date} (${ev[i].event}) is listed after ${ev[i - 1].date}`);
    for (const e of ev)
      if (horizon && e.date > horizon && e.status !== "unconfirmed")
        report(F, r.id, "ins-horizon", `event ${e.date} (${e.event}) is after the data horizon ${horizon} but is marked ${e.status}`);
    if (r.materials && r.restriction === undefined) report(F, r.id, "ins-materials", "materials are listed but no restriction kind");
  }
}

function checkItems(pack, report) {
  const F = "cn_items.json";
  const doc = pack.cn_items;
  if (!doc || !Array.isArray(doc.records)) return;
  const instruments = new Map(((pack.instruments && pack.instruments.records) || []).map((r) => [r.id, r]));
  const rareEarths = new Map(((pack.elements && pack.elements.records) || []).map((e) => [e.symbol, e]));
  const recs = doc.records.filter((r) => r && typeof r === "object");
  const controlled = new Map();
  for (const r of recs) {
    const ins = instruments.get(r.instrument);
    if (!ins) {
      report(F, r.id, "items-instrument", `instrument ${JSON.stringify(r.instrument)} is not in instruments.json`);
      continue;
    }
    if (ins.type !== "export_control")
      report(F, r.id, "items-instrument", `instrument ${r.instrument} is of type "${ins.type}", not an export control`);
    if (r.clause !== undefined && !(ins.clauses || []).some((c) => c.id === r.clause))
      report(F, r.id, "items-clause", `clause ${JSON.stringify(r.clause)} is not a clause of ${r.instrument}`);
    if (r.kind === "element") {
      if (controlled.has(r.element)) report(F, r.id, "items-element-duplicate", `element ${r.element} is listed twice`);
      controlled.set(r.element, r);
      if (rareEarths.size && !rareEarths.has(r.element))
        report(F, r.id, "items-element", `${r.element} is not a rare-earth element in elements.json`);
      if (rareEarths.size && rareEarths.get(r.element) && rareEarths.get(r.element).name !== r.name)
        report(F, r.id, "items-element", `name "${r.name}" differs from elements.json ("${rareEarths.get(r.element).name}")`);
      if (!(ins.elements || []).includes(r.element))
        report(F, r.id, "items-element", `${r.instrument} does not list ${r.element} in its "elements"`);
      const forms = r.forms.map((f) => f.form);
      if (new Set(forms).size !== forms.length) report(F, r.id, "items-form-duplicate", `a form is listed twice (${forms.join(", ")})`);
      for (const f of r.forms)
        if (!String(f.control_code).startsWith(r.control_code))
          report(F, r.id, "items-code", `form ${f.form} has code ${f.control_code}, outside ${r.control_code}`);
    }
  }
  // every element an export-control instrument lists has its record
  for (const ins of instruments.values()) {
    for (const el of ins.elements || [])
      if (!controlled.has(el)) report(F, "-", "items-element-missing", `${ins.id} lists ${el}, which has no kind "element" record`);
  }
  // Part 1 items: elements controlled; names and aliases unambiguous, also against element symbols and names
  const seen = new Map();
  for (const e of rareEarths.values())
    for (const n of [e.symbol, e.name, ...(e.aliases || [])]) seen.set(compactKey(n), `element ${e.symbol}`);
  const p2Types = new Set();
  for (const r of recs) {
    if (r.kind === "part1") {
      for (const el of r.elements)
        if (!controlled.has(el)) report(F, r.id, "items-part1-element", `${el} is not a controlled element (no kind "element" record)`);
      for (const n of [r.name, ...r.aliases]) {
        const k = compactKey(n);
        const other = seen.get(k);
        if (other && other !== r.id) report(F, r.id, "items-alias", `name/alias "${n}" is ambiguous: it also names ${other}`);
        seen.set(k, r.id);
      }
    } else if (r.kind === "part2") {
      if (p2Types.has(r.product_type)) report(F, r.id, "items-part2-type", `product_type ${r.product_type} appears twice`);
      p2Types.add(r.product_type);
      if (r.scope === "strict" && r.status === "unconfirmed")
        report(F, r.id, "items-part2-scope", "an unconfirmed category cannot be in the strict (confirmed) reading");
    }
  }
}

module.exports = function instrumentsRules(pack, report) {
  if (pack.instruments) checkInstruments(pack.instruments, report);
  checkItems(pack, report);
};
module.exports.compactKey = compactKey;
