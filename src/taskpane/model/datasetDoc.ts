/**
 * One dataset of the data pack as the pane reads it. Kept in a module of its own so that the
 * model modules that only read datasets (pictures, answers) do not import the catalogue, which
 * imports them.
 */
export interface DatasetDoc {
  dataset: string;
  description: string;
  unit?: string;
  records: Record<string, unknown>[];
  [k: string]: unknown;
}
