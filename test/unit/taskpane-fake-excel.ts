// Kept for branches in flight; remove after merge. The one fake is test/fake-excel.ts (this path keeps the old default: no ExcelApi 1.12/1.13).
export { type WriteLog } from "../fake-excel"; import { FakeExcel as Base } from "../fake-excel"; export class FakeExcel extends Base { override apis = new Set(["1.1", "1.4", "1.7", "1.10"]); }
