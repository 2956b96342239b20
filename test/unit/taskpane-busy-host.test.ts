/**
 * One insert at a time (model/busy.ts, used by App.tsx with the insert function
 * injected) and the late Office.onReady switch to Excel mode (host.ts).
 */
import { singleFlight } from "../../src/taskpane/model/busy";
import { detectHost, type HostInfo } from "../../src/office/host";

describe("singleFlight: a second click while an insert runs is ignored", () => {
  test("the injected insert runs once while busy, again after it finished", async () => {
    const calls: string[] = [];
    let release!: () => void;
    const insert = (what: string) =>
      new Promise<string>((res) => {
        calls.push(what);
        release = () => res(`done ${what}`);
      });
    const gate = singleFlight(insert);
    const first = gate.run("table");
    expect(gate.busy()).toBe(true);
    expect(gate.run("table")).toBeUndefined(); // double click
    expect(gate.run("new sheet")).toBeUndefined();
    expect(calls).toEqual(["table"]);
    release();
    await expect(first).resolves.toBe("done table");
    expect(gate.busy()).toBe(false);
    const second = gate.run("value");
    expect(calls).toEqual(["table", "value"]);
    release();
    await second;
  });

  test("a rejected or throwing insert frees the gate", async () => {
    const gate = singleFlight(async () => {
      throw new Error("boom");
    });
    await expect(gate.run()).rejects.toThrow("boom");
    expect(gate.busy()).toBe(false);
    const sync = singleFlight((): Promise<void> => {
      throw new Error("sync boom");
    });
    await expect(sync.run()).rejects.toThrow("sync boom");
    expect(sync.busy()).toBe(false);
  });
});

describe("detectHost", () => {
  const g = globalThis as any;
  afterEach(() => {
    delete g.Office;
  });

  function fakeOffice() {
    let ready!: (info: { host: string }) => void;
    g.Office = {
      HostType: { Excel: "Excel" },
      context: { officeTheme: { bodyBackgroundColor: "#fff" } },
      onReady: () => new Promise((r) => (ready = r)),
    };
    return (host: string) => ready({ host });
  }

  test("no Office: preview", async () => {
    await expect(detectHost(10)).resolves.toEqual({ mode: "preview" });
  });

  test("onReady in time: Excel mode", async () => {
    const ready = fakeOffice();
    const p = detectHost(1000);
    ready("Excel");
    await expect(p).resolves.toMatchObject({ mode: "excel", theme: { bodyBackgroundColor: "#fff" } });
  });

  test("onReady later than the timeout: preview first, then the late callback switches to Excel", async () => {
    const ready = fakeOffice();
    const late: HostInfo[] = [];
    const first = await detectHost(5, (h) => late.push(h));
    expect(first).toEqual({ mode: "preview" });
    expect(late).toEqual([]);
    ready("Excel");
    await new Promise((r) => setTimeout(r, 0));
    expect(late).toEqual([{ mode: "excel", theme: { bodyBackgroundColor: "#fff" } }]);
  });

  test("a late onReady for another host does not switch", async () => {
    const ready = fakeOffice();
    const late: HostInfo[] = [];
    await detectHost(5, (h) => late.push(h));
    ready("Word");
    await new Promise((r) => setTimeout(r, 0));
    expect(late).toEqual([]);
  });
});
