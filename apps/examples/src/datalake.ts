// Where the examples find the datalake: a URL given by the caller, a database.json named by
// DHUO_DATABASE_CONFIG, DHUO_DATABASE_URL, or the embedded SQLite file under ./.dhuolib.
import { DatabaseConnection, GenericRepository } from '@dhuolib/repository';

/** Opens the datalake; close it with `db.close()`. */
export function openDatalake(url?: string): { db: DatabaseConnection; repo: GenericRepository } {
  const configFileName = process.env.DHUO_DATABASE_CONFIG;
  const db = new DatabaseConnection(url ? { url } : configFileName ? { configFileName } : {});
  return { db, repo: new GenericRepository(db) };
}

/** The rows of a DataFrame as objects keyed by upper-cased column name (Oracle and PostgreSQL fold case differently). */
export function rowsByUpperName(df: { columns: string[]; values: unknown }): Record<string, unknown>[] {
  const columns = df.columns.map((c) => c.toUpperCase());
  return (df.values as unknown[][]).map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
}
