// Kept for branches in flight; remove after merge. The one fake is test/fake-excel.ts.
export { FakeExcel, key, type FakeCell, type FakeSheet, type LogEntry } from "../fake-excel";
