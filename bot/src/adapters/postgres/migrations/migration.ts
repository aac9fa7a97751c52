/** One schema change. Versions are applied in ascending order and never edited once released. */
export interface Migration {
  version: number;
  name: string;
  /** Run one by one, in order, inside the migration's transaction. */
  statements: readonly string[];
}
