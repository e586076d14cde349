// Orphan collection (issue "Hostile input" item 6): every failed plan preview left its upload in
// DATA_DIR/files, an incoming upload that is never registered keeps its `files` row, and a crash between
// write and rename leaves a `.tmp-*` file. Removed after a grace period (default one day, so a form left
// open over lunch still finds its upload): `files` rows that no row references, blobs without a `files`
// row, and temp files. "References" are found from the schema itself (every foreign key to `files`), so
// a table added later is covered without touching this file; SQLite's own foreign-key check backs it.
import { readdirSync, statSync, unlinkSync, type Stats } from "node:fs";
import { join } from "node:path";
import type { Db } from "#db/client";
import { blobPath, stagingFolder } from "./files.server";

export const ORPHAN_GRACE_MS = 24 * 3600_000;

export type OrphanCollection = {
  /** `files` rows removed (no reference, older than the grace period). */
  rowsRemoved: number;
  /** Blobs removed (their row was removed, or they never had one). */
  blobsRemoved: number;
  /** `.tmp-*` files removed. */
  tempFilesRemoved: number;
  bytesFreed: number;
};

type FileReference = { table: string; column: string };

/** Every (table, column) with a foreign key to files(id), read from the live schema. */
export function fileReferences(db: Db): FileReference[] {
  const sqlite = db.$client;
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").pluck().all() as string[];
  const refs: FileReference[] = [];
  for (const table of tables) {
    const keys = sqlite.prepare(`select "table" as target, "from" as column from pragma_foreign_key_list(?)`).all(table) as Array<{
      target: string;
      column: string;
    }>;
    for (const key of keys) if (key.target === "files") refs.push({ table, column: key.column });
  }
  return refs;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/**
 * Removes orphaned uploads older than `graceMs`. A `files` row is removed only inside a write
 * transaction that re-checks, row by row, that nothing references it; its blob goes after the commit,
 * and only when no row names that hash any more.
 */
export function collectOrphanFiles(db: Db, dataDir: string, options: { now?: Date; graceMs?: number } = {}): OrphanCollection {
  const cutoff = (options.now ?? new Date()).getTime() - (options.graceMs ?? ORPHAN_GRACE_MS);
  const sqlite = db.$client;
  const result: OrphanCollection = { rowsRemoved: 0, blobsRemoved: 0, tempFilesRemoved: 0, bytesFreed: 0 };
  const refs = fileReferences(db);
  const unreferenced = refs.map((r) => `not exists (select 1 from ${quote(r.table)} where ${quote(r.table)}.${quote(r.column)} = files.id)`).join(" and ");
  const where = `files.created_at < ?${unreferenced ? ` and ${unreferenced}` : ""}`;

  const removed = sqlite
    .transaction(() => {
      const rows = sqlite.prepare(`select id, sha256 from files where ${where}`).all(cutoff) as Array<{ id: number; sha256: string }>;
      const del = sqlite.prepare(`delete from files where id = ? and ${where}`);
      const gone: string[] = [];
      for (const row of rows) if (del.run(row.id, cutoff).changes === 1) gone.push(row.sha256);
      return gone;
    })
    .immediate();
  result.rowsRemoved = removed.length;

  const stillNamed = sqlite.prepare("select 1 from files where sha256 = ? limit 1").pluck();
  const removeBlob = (path: string, sha256: string, stats: Stats) => {
    if (stillNamed.get(sha256)) return;
    try {
      unlinkSync(path);
      result.blobsRemoved++;
      result.bytesFreed += stats.size;
    } catch {
      // already gone
    }
  };
  for (const sha256 of removed) {
    const path = blobPath(dataDir, sha256);
    const stats = statOrNull(path);
    if (stats) removeBlob(path, sha256, stats);
  }

  // Blobs that never had a row (a preview that failed or was abandoned) and temp files from a crash.
  const root = join(dataDir, "files");
  for (const a of listDir(root)) {
    if (!/^[0-9a-f]{2}$/.test(a)) continue;
    for (const b of listDir(join(root, a))) {
      if (!/^[0-9a-f]{2}$/.test(b)) continue;
      const folder = join(root, a, b);
      for (const name of listDir(folder)) {
        const path = join(folder, name);
        const stats = statOrNull(path);
        if (!stats?.isFile() || stats.mtimeMs >= cutoff) continue;
        if (name.startsWith(".tmp-")) {
          try {
            unlinkSync(path);
            result.tempFilesRemoved++;
            result.bytesFreed += stats.size;
          } catch {
            // already gone
          }
        } else if (/^[0-9a-f]{64}$/.test(name) && name.startsWith(a + b)) {
          removeBlob(path, name, stats);
        }
      }
    }
  }
  // Blobs staged before their hash was known (stageUnnamedBlob) and left by a crash.
  const staging = stagingFolder(dataDir);
  for (const name of listDir(staging)) {
    const path = join(staging, name);
    const stats = statOrNull(path);
    if (!stats?.isFile() || stats.mtimeMs >= cutoff || !name.startsWith(".tmp-")) continue;
    try {
      unlinkSync(path);
      result.tempFilesRemoved++;
      result.bytesFreed += stats.size;
    } catch {
      // already gone
    }
  }
  return result;
}

export type DerivationCollection = {
  /** file_derivations rows removed (their source file no longer belongs to anything, or is gone). */
  derivationsRemoved: number;
  /** Derived `files` rows removed with them (when nothing else references them). */
  rowsRemoved: number;
  blobsRemoved: number;
  bytesFreed: number;
};

/**
 * Derived files whose source is orphaned (issue 14): a scan uploaded and never registered, a registration whose
 * file was replaced, a source row already collected. `file_derivations.source_file_id` has no foreign key (a
 * fresh scan must stay attachable while its OCR runs), so the collector above would keep the derived PDF forever
 * through `derived_file_id`. A derivation is removed when it finished (done or failed — never a pending one,
 * whose job may still run), is older than `graceMs`, and its source is referenced by no foreign key other than
 * another derivation; its derived file goes with it when nothing else references that file, its blob when no row
 * names the hash any more. Row by row inside one IMMEDIATE transaction that re-checks each condition.
 */
export function collectOrphanDerivations(db: Db, dataDir: string, options: { now?: Date; graceMs?: number } = {}): DerivationCollection {
  const cutoff = (options.now ?? new Date()).getTime() - (options.graceMs ?? ORPHAN_GRACE_MS);
  const sqlite = db.$client;
  const result: DerivationCollection = { derivationsRemoved: 0, rowsRemoved: 0, blobsRemoved: 0, bytesFreed: 0 };
  const refs = fileReferences(db);
  // The source "belongs" to something when a row outside file_derivations points at it.
  const sourceRefs = refs.filter((r) => r.table !== "file_derivations");
  const sourceHeld = sourceRefs
    .map((r) => `exists (select 1 from ${quote(r.table)} where ${quote(r.table)}.${quote(r.column)} = d.source_file_id)`)
    .join(" or ");
  const orphan = `d.state in ('done', 'failed') and d.created_at < ?${sourceHeld ? ` and not (${sourceHeld})` : ""}`;
  const derivedHeld = refs.map((r) => `exists (select 1 from ${quote(r.table)} where ${quote(r.table)}.${quote(r.column)} = files.id)`).join(" or ");

  const removed = sqlite
    .transaction(() => {
      const rows = sqlite.prepare(`select d.id, d.derived_file_id as derivedFileId from file_derivations d where ${orphan}`).all(cutoff) as Array<{
        id: number;
        derivedFileId: number | null;
      }>;
      const delDerivation = sqlite.prepare(`delete from file_derivations where id = ? and id in (select d.id from file_derivations d where ${orphan})`);
      const delFile = sqlite.prepare(`delete from files where id = ?${derivedHeld ? ` and not (${derivedHeld})` : ""} returning sha256`);
      const gone: string[] = [];
      for (const row of rows) {
        if (delDerivation.run(row.id, cutoff).changes !== 1) continue;
        result.derivationsRemoved++;
        if (row.derivedFileId == null) continue;
        const file = delFile.get(row.derivedFileId) as { sha256: string } | undefined;
        if (file) gone.push(file.sha256);
      }
      return gone;
    })
    .immediate();
  result.rowsRemoved = removed.length;
  const stillNamed = sqlite.prepare("select 1 from files where sha256 = ? limit 1").pluck();
  for (const sha256 of removed) {
    if (stillNamed.get(sha256)) continue;
    const path = blobPath(dataDir, sha256);
    const stats = statOrNull(path);
    if (!stats) continue;
    try {
      unlinkSync(path);
      result.blobsRemoved++;
      result.bytesFreed += stats.size;
    } catch {
      // already gone
    }
  }
  return result;
}
