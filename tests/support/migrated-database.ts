/**
 * Builds a migrated SQLite file by applying the committed migrations in order, exactly the SQL
 * `prisma migrate deploy` runs (so tests exercise the same schema production gets).
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export function createMigratedDatabase(file: string, migrationsDir = "prisma/migrations"): void {
  rmSync(file, { force: true });
  const db = new Database(file);
  try {
    const migrations = readdirSync(migrationsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    for (const name of migrations) db.exec(readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8"));
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
}
