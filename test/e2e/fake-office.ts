/**
 * A fake office.js for end-to-end insert tests: served in place of Microsoft's
 * office.js, it runs inside the headless Chromium page (as a script string),
 * which is why it is separate from the one fake Excel of the unit tests
 * (test/fake-excel.ts): that one is a Node module built on office-addin-mock
 * and cannot be loaded into the page. It reports Excel as the host and
 * implements the small part of Excel's object model the pane's inserts use
 * (active cell, selection, ranges by index with formulas/values/valueTypes,
 * used range, select) over an in-page grid, window.__grid; the add-in's document
 * settings (window.__settings, seeded from window.__seedSettings), a full
 * recalculation (counted in window.__grid.calculations) and the custom functions
 * functions.js registers (window.__functions). Requirement sets up to ExcelApi 1.11, so the
 * spill checks and undo grouping (1.12, 1.20) are not exercised here (the unit
 * tests cover them against test/fake-excel.ts). Loads are eager
 * and sync() resolves at once: enough for the pane's code, which only reads
 * loaded properties after a sync.
 */
export const FAKE_OFFICE_JS = `
(function () {
  var G = (window.__grid = { sheet: "Sheet1", cells: {}, active: { row: 0, col: 0 }, selection: { row: 0, col: 0, rows: 1, cols: 1 }, selected: null, runs: 0 });
  function key(r, c) { return r + "," + c; }
  function shown(v) { return typeof v === "string" && v.charAt(0) === "'" ? v.slice(1) : typeof v === "string" && v.charAt(0) === "=" ? "(calc)" : v; }
  function mat(r, c, rows, cols, f) {
    var m = [];
    for (var i = 0; i < rows; i++) { var row = []; for (var j = 0; j < cols; j++) { var v = G.cells[key(r + i, c + j)]; row.push(f(v === undefined ? "" : v)); } m.push(row); }
    return m;
  }
  function range(r, c, rows, cols) {
    var o = {
      rowIndex: r, columnIndex: c, rowCount: rows, columnCount: cols, isNullObject: false,
      address: G.sheet + "!R" + (r + 1) + "C" + (c + 1),
      load: function () { return o; },
      format: { font: {}, autofitColumns: function () {} },
      select: function () { G.selected = { row: r, col: c, rows: rows, cols: cols }; },
    };
    Object.defineProperty(o, "formulas", {
      get: function () { return mat(r, c, rows, cols, function (v) { return v; }); },
      set: function (m) { m.forEach(function (row, i) { row.forEach(function (v, j) { if (v !== "") G.cells[key(r + i, c + j)] = v; }); }); },
    });
    Object.defineProperty(o, "values", { get: function () { return mat(r, c, rows, cols, shown); } });
    Object.defineProperty(o, "valueTypes", { get: function () { return mat(r, c, rows, cols, function (v) { return v === "" ? "Empty" : typeof v === "number" ? "Double" : "String"; }); } });
    Object.defineProperty(o, "numberFormat", { get: function () { return mat(r, c, rows, cols, function () { return "General"; }); }, set: function () {} });
    return o;
  }
  function used() {
    var ks = Object.keys(G.cells);
    if (!ks.length) return { isNullObject: true, load: function () { return this; } };
    var rs = ks.map(function (k) { return +k.split(",")[0]; });
    var min = Math.min.apply(null, rs), max = Math.max.apply(null, rs);
    return { isNullObject: false, rowIndex: min, rowCount: max - min + 1, load: function () { return this; } };
  }
  var ws = {
    name: G.sheet,
    load: function () { return ws; },
    getRangeByIndexes: range,
    getUsedRangeOrNullObject: used,
    activate: function () {},
    tables: { add: function () { return {}; } },
  };
  var workbook = {
    getActiveCell: function () { return range(G.active.row, G.active.col, 1, 1); },
    getSelectedRange: function () { var s = G.selection; return range(s.row, s.col, s.rows, s.cols); },
    worksheets: {
      getActiveWorksheet: function () { return ws; },
      getItem: function () { return ws; },
      load: function () { this.items = [{ name: G.sheet }]; return this; },
      add: function () { throw new Error("the fake has one sheet"); },
    },
    tables: { load: function () { this.items = []; return this; } },
    names: { load: function () { this.items = []; return this; } },
  };
  workbook.application = { calculate: function (type) { G.calculations = (G.calculations || 0) + 1; G.calculationType = type; } };
  var ctx = { workbook: workbook, sync: function () { return Promise.resolve(); } };
  window.Excel = { run: function (a, b) { G.runs++; var cb = typeof a === "function" ? a : b; return Promise.resolve().then(function () { return cb(ctx); }); }, CalculationType: { full: "Full", recalculate: "Recalculate" } };
  var S = (window.__settings = JSON.parse(JSON.stringify(window.__seedSettings || {})));
  var settings = {
    get: function (k) { return Object.prototype.hasOwnProperty.call(S, k) ? JSON.parse(JSON.stringify(S[k])) : null; },
    set: function (k, v) { S[k] = JSON.parse(JSON.stringify(v)); },
    saveAsync: function (cb) { window.__settingsSaved = (window.__settingsSaved || 0) + 1; if (cb) setTimeout(function () { cb({ status: "succeeded" }); }, 0); },
  };
  var apis = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11"];
  // functions.js registers its functions on load (the shared runtime).
  var F = (window.__functions = {});
  window.CustomFunctions = {
    associate: function (id, f) { if (typeof id === "string") F[id] = f; else for (var k in id) F[k] = id[k]; },
    Error: function (code, message) { this.code = code; this.message = message; },
    ErrorCode: {},
  };
  window.Office = {
    HostType: { Excel: "Excel" },
    onReady: function () { return Promise.resolve({ host: "Excel", platform: "OfficeOnline" }); },
    context: { requirements: { isSetSupported: function (set, v) { return set === "ExcelApi" && apis.indexOf(v || "1.1") >= 0; } }, document: { settings: settings } },
  };
})();
`;
