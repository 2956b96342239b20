/**
 * The add-in reference in the generated templates: the web extension parts a
 * workbook saved by Excel with custom functions carries ([MS-OWEXML]:
 * xl/webextensions/webextension1.xml reached from taskpanes.xml, which the
 * package's root relationships name), with the development manifest Id by
 * default and the production one in a production build (the built dist/,
 * made by `npm run build:test`, which is webpack's production mode). The
 * expected Ids are read from the manifests themselves, not from the build
 * script. Also: every live formula of a template is already in Excel's stored
 * form (no function newer than Excel 2007 without its `_xlfn.` prefix).
 *
 *   DIST_DIR=/tmp/dist-x npm run build:test && DIST_DIR=/tmp/dist-x npx jest --selectProjects bundle --testPathPatterns templates-webextension
 */
import fs from "fs";
import path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { distDir, loadBundle } from "../harness";
import { toStoredForm } from "../../src/templates/storedForm";

const { generateTemplates, webExtensionParts } = require("../../scripts/build-templates.cjs") as {
  generateTemplates(o: { generated?: string; bundleDir?: string; production?: boolean }): Promise<{ entry: any; bytes: Buffer }[]>;
  webExtensionParts(o: { production: boolean; version: string }): { files: [string, string][] };
};

const root = path.resolve(__dirname, "..", "..");
const manifestId = (file: string) => /<Id>([^<]+)<\/Id>/.exec(fs.readFileSync(path.join(root, file), "utf8"))![1];
const pkgVersion = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version as string;

async function parts(bytes: Buffer | Uint8Array) {
  const zip = await JSZip.loadAsync(bytes);
  const text = async (n: string) => (await zip.file(n)?.async("string")) ?? "";
  return {
    names: Object.keys(zip.files),
    webextension: await text("xl/webextensions/webextension1.xml"),
    taskpanes: await text("xl/webextensions/taskpanes.xml"),
    taskpanesRels: await text("xl/webextensions/_rels/taskpanes.xml.rels"),
    types: await text("[Content_Types].xml"),
    rootRels: await text("_rels/.rels"),
    sheet: await text("xl/worksheets/sheet1.xml"),
  };
}

let dev: { entry: any; bytes: Buffer }[] = [];
let prod: { entry: any; bytes: Buffer }[] = [];
beforeAll(async () => {
  loadBundle(distDir());
  dev = await generateTemplates({ generated: "2026-11-30", bundleDir: distDir() });
  prod = await generateTemplates({ generated: "2026-11-30", bundleDir: distDir(), production: true });
}, 120000);

describe("the add-in reference ([MS-OWEXML])", () => {
  test("every template has webextension1.xml, taskpanes.xml and their relationships, with the development Id by default", async () => {
    const devId = manifestId("manifest.dev.xml");
    for (const g of dev) {
      const p = await parts(g.bytes);
      expect(p.names).toEqual(expect.arrayContaining(["xl/webextensions/webextension1.xml", "xl/webextensions/taskpanes.xml", "xl/webextensions/_rels/taskpanes.xml.rels"]));
      // CT_OsfWebExtension: reference, alternateReferences, properties, bindings, snapshot, extLst, in that order.
      expect(p.webextension).toMatch(
        new RegExp(
          `^<\\?xml[^>]*\\?>\\n<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" id="\\{[0-9A-F-]{36}\\}">` +
            `<we:reference id="${devId}" version="${pkgVersion}\\.0" store="developer" storeType="Registry"/>` +
            "<we:alternateReferences/><we:properties/><we:bindings/><we:snapshot [^>]*/><we:extLst>.*</we:extLst></we:webextension>$",
        ),
      );
      expect(p.webextension).toContain('uri="{D87F86FE-615C-45B5-9D79-34F1136793EB}"><we:containsCustomFunctions val="1"/>');
      // CT_OsfTaskpanes: one taskpane, not shown on open, pointing at the web extension part.
      expect(p.taskpanes).toMatch(/<wetp:taskpane dockstate="right" visibility="0" width="350" row="0"><wetp:webextensionref [^>]*r:id="rId1"\/><\/wetp:taskpane>/);
      expect(p.taskpanesRels).toContain('Id="rId1" Type="http://schemas.microsoft.com/office/2011/relationships/webextension" Target="webextension1.xml"');
      expect(p.rootRels).toContain('Type="http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes" Target="xl/webextensions/taskpanes.xml"');
      expect(p.types).toContain('<Override PartName="/xl/webextensions/webextension1.xml" ContentType="application/vnd.ms-office.webextension+xml"/>');
      expect(p.types).toContain('<Override PartName="/xl/webextensions/taskpanes.xml" ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"/>');
      expect(g.entry.addinId).toBe(devId);
      // Readers without Excel still open the file.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(g.bytes as any);
      expect(wb.worksheets).toHaveLength(1);
    }
  });

  test("a production generation carries the production manifest's Id and the centralized-deployment store; the instance id is stable", async () => {
    const prodId = manifestId("manifest.xml");
    expect(prodId).not.toBe(manifestId("manifest.dev.xml"));
    const ids = new Set<string>();
    for (const g of prod) {
      const p = await parts(g.bytes);
      expect(p.webextension).toContain(`<we:reference id="${prodId}" version="${pkgVersion}.0" store="EXCatalog" storeType="EXCatalog"/>`);
      ids.add(/<we:webextension [^>]* id="([^"]+)"/.exec(p.webextension)![1]);
    }
    expect(ids.size).toBe(1);
    // The same parts again (another build of the same version): byte for byte the same, instance id included.
    const again = webExtensionParts({ production: true, version: pkgVersion }).files.find(([n]) => n === "xl/webextensions/webextension1.xml")![1];
    expect(again).toBe((await parts(prod[0].bytes)).webextension);
  });

  test("the built dist/ (webpack production mode, as npm run build:test) serves templates with the production Id", async () => {
    const dir = path.join(distDir(), "templates");
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".xlsx"));
    expect(files.length).toBe(4);
    for (const f of files) expect((await parts(fs.readFileSync(path.join(dir, f)))).webextension).toContain(`<we:reference id="${manifestId("manifest.xml")}"`);
  });
});

test("every template formula is already in Excel's stored form (no post-2007 function without its prefix)", async () => {
  for (const g of dev) {
    const p = await parts(g.bytes);
    const formulas = [...p.sheet.matchAll(/<f[^>]*>([^<]*)<\/f>/g)].map((m) => m[1].replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
    expect(formulas.length).toBeGreaterThan(10);
    expect(formulas.filter((f) => toStoredForm("=" + f) !== "=" + f)).toEqual([]);
  }
});
