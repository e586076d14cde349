import { createHash, randomBytes } from "node:crypto";
import { closeSync, existsSync, fsync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, utimesSync, writeSync, unlinkSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { eq, sql } from "drizzle-orm";
import { preparedOnce, type DbOrTx } from "#db/client";
import { files, type StoredFile } from "#db/schema/index";

export type WrittenBlob = { sha256: string; size: number };

export function blobPath(dataDir: string, sha256: string): string {
  return join(dataDir, "files", sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/**
 * Writes bytes to the content-addressed store: temp file, fsync, rename (atomic), fsync the folder.
 * Call BEFORE the transaction that inserts the row (reliability.md §2.2: committing the row first
 * left rows pointing at truncated files after a crash). An existing blob is never overwritten.
 */
export function writeBlob(dataDir: string, bytes: Uint8Array): WrittenBlob {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const target = blobPath(dataDir, sha256);
  if (!existsSync(target)) {
    const folder = join(target, "..");
    mkdirSync(folder, { recursive: true });
    const temp = tempPathIn(folder);
    const fd = openSync(temp, "wx", 0o640);
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      renameSync(temp, target);
    } catch (error) {
      unlinkSync(temp);
      throw error;
    }
    const dirFd = openSync(folder, "r");
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } else {
    // Re-used: mark it fresh so that the orphan collector (files-gc.server.ts) leaves it alone while
    // the caller inserts the row that will reference it.
    const now = new Date();
    try {
      utimesSync(target, now, now);
    } catch {
      // read-only store: the collector's grace period still applies
    }
  }
  return { sha256, size: bytes.byteLength };
}

/**
 * A blob written to its temp file (not yet fsynced, not yet renamed): lets a child process read bytes
 * from disk instead of receiving them over IPC, and costs nothing more when they are then kept, since
 * `commitStagedBlob` is the rest of `writeBlob`. `path` is readable until commit or discard; a crash
 * leaves a `.tmp-` file that the orphan collector removes.
 */
export type StagedBlob = {
  sha256: string;
  size: number;
  path: string;
  temp: boolean;
  /** Folders this staging created (outermost first): their entries in their parents are made durable at commit too. */
  createdFolders?: string[];
};

/** Creates `folder` (and missing parents); returns the folders it created, outermost first. */
function createFolder(folder: string): string[] {
  const first = mkdirSync(folder, { recursive: true });
  const created: string[] = [];
  if (first) for (let f = folder; f.length >= first.length; f = dirname(f)) created.unshift(f);
  return created;
}

/**
 * Bytes up to this size are hashed and written in one go on the event loop (≤ ~3 ms on this machine); larger ones
 * in slices or on libuv's thread pool, so that an upload near the 50 MB limit does not hold every other request
 * (a 45 MB scan: ~25 ms to hash, ~25 ms to write; tests/bench/heavy-uploads.bench.ts with BENCH_PDF).
 */
const ON_LOOP_BYTES = 4 * 1024 * 1024;
const HASH_SLICE_BYTES = 1024 * 1024;

/**
 * SHA-256 (hex) of bytes, yielding to the event loop between 1 MB slices when they are large. WebCrypto's digest
 * is no way out: on Node 20 its call hashes (or copies) synchronously, 25 ms for 45 MB, as long as createHash.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const hash = createHash("sha256");
  if (bytes.byteLength <= ON_LOOP_BYTES) return hash.update(bytes).digest("hex");
  for (let at = 0; at < bytes.byteLength; at += HASH_SLICE_BYTES) {
    if (at > 0) await yieldToEventLoop();
    hash.update(bytes.subarray(at, at + HASH_SLICE_BYTES));
  }
  return hash.digest("hex");
}

/** A new temp file's name in `folder`: `.tmp-` files are what the orphan collector (files-gc.server.ts) removes. */
function tempPathIn(folder: string): string {
  return join(folder, `.tmp-${randomBytes(8).toString("hex")}`);
}

/** Writes bytes to a new `.tmp-` file in `folder` (unsynced); returns its path. */
function writeTempFile(folder: string, bytes: Uint8Array): string {
  const path = tempPathIn(folder);
  const fd = openSync(path, "wx", 0o640);
  try {
    writeSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
  return path;
}

export function stageBlob(dataDir: string, bytes: Uint8Array, sha256 = createHash("sha256").update(bytes).digest("hex")): StagedBlob {
  const target = blobPath(dataDir, sha256);
  if (existsSync(target)) return { sha256, size: bytes.byteLength, path: target, temp: false };
  const createdFolders = createFolder(dirname(target));
  return { sha256, size: bytes.byteLength, path: writeTempFile(dirname(target), bytes), temp: true, createdFolders };
}

/** Where blobs whose hash is not known yet are staged (stageUnnamedBlob); the orphan collector empties it too. */
export function stagingFolder(dataDir: string): string {
  return join(dataDir, "files", "staging");
}

/** A blob written to a temp file before its hash is known (stageUnnamedBlob); named by nameStagedBlob. */
export type UnnamedStagedBlob = { path: string; size: number; temp: true };

/**
 * Writes bytes to a temp file in the store's staging folder before their SHA-256 is known: a received edXML packet
 * is handed to the pool child from disk at once, and hashed while the child parses it (the hash was ~1 ms of a
 * 1 MB packet's critical path, docs/benchmarks/edxml.md session 5); an uploaded PDF is read by the child from here
 * too (task-input.ts). Same file system as the store, so the commit renames it into its content-addressed place.
 */
export async function stageUnnamedBlob(dataDir: string, bytes: Uint8Array): Promise<UnnamedStagedBlob> {
  const folder = stagingFolder(dataDir);
  mkdirSync(folder, { recursive: true });
  if (bytes.byteLength <= ON_LOOP_BYTES) return { path: writeTempFile(folder, bytes), size: bytes.byteLength, temp: true };
  // Large: written on the thread pool (the event loop serves others meanwhile); "wx" as writeTempFile.
  const path = tempPathIn(folder);
  await writeFile(path, bytes, { flag: "wx", mode: 0o640 });
  return { path, size: bytes.byteLength, temp: true };
}

/**
 * The staged blob of `unnamed` once its hash is known: committed from where it lies (its target folder created
 * now), or, when the store holds that blob already, the existing one (temp false). The temp file is never removed
 * here (a reader may still have it open by name): the caller discards `unnamed` when done, as any staged blob.
 */
export function nameStagedBlob(dataDir: string, unnamed: UnnamedStagedBlob, sha256: string): StagedBlob {
  const target = blobPath(dataDir, sha256);
  if (existsSync(target)) return { sha256, size: unnamed.size, path: target, temp: false };
  return { sha256, size: unnamed.size, path: unnamed.path, temp: true, createdFolders: createFolder(dirname(target)) };
}

/**
 * Starts the fsync of a staged blob on the libuv thread pool, so that it overlaps whatever the caller does
 * next (the pool child parsing it); pass `{ synced: true }` to commitStagedBlob once it has resolved.
 */
export async function syncStagedBlob(staged: StagedBlob | UnnamedStagedBlob): Promise<void> {
  if (!staged.temp) return;
  await Promise.all([syncPath(staged.path, "r+"), syncCreatedFolders(staged)]);
}

/**
 * Makes durable the entries of the folders a staging created (each in its parent), which need not wait for the
 * rename: the commit then fsyncs only the folders the blobs are renamed into. For a young store nearly every blob
 * creates its two hash folders; their fsyncs after the parse were 4 of a reception's 7 (docs/benchmarks/edxml.md,
 * session 5). Part of syncStagedBlob; call it alone for a blob named after its file was synced (nameStagedBlob).
 */
export async function syncCreatedFolders(staged: StagedBlob | UnnamedStagedBlob): Promise<void> {
  const created = "createdFolders" in staged ? (staged.createdFolders ?? []) : [];
  await Promise.all([...new Set(created.map((folder) => dirname(folder)))].map(syncFolder));
}

/**
 * fsync of a file or folder with one trip to the thread pool: opening and closing (no I/O: the inode is cached, the
 * data stays in the page cache) are done here, synchronously. A FileHandle's open, sync and close were three trips,
 * each waiting for the event loop again, and an accept makes two rounds of them (edxml.md, session 4).
 */
async function syncPath(path: string, flags: "r" | "r+"): Promise<void> {
  const fd = openSync(path, flags);
  await new Promise<void>((resolve, reject) =>
    fsync(fd, (error) => {
      let failure: unknown = error;
      try {
        closeSync(fd);
      } catch (closeError) {
        failure ??= closeError;
      }
      if (failure) reject(failure);
      else resolve();
    }),
  );
}

/** Makes a staged blob durable (fsync, rename, fsync the folder), exactly as `writeBlob` would have. */
export function commitStagedBlob(dataDir: string, staged: StagedBlob, options: { synced?: boolean } = {}): WrittenBlob {
  const target = blobPath(dataDir, staged.sha256);
  if (!staged.temp || existsSync(target)) {
    if (staged.temp) discardStagedBlob(staged);
    const now = new Date();
    try {
      utimesSync(target, now, now);
    } catch {
      // read-only store: the collector's grace period still applies
    }
    return { sha256: staged.sha256, size: staged.size };
  }
  if (!options.synced) {
    const fd = openSync(staged.path, "r+");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  renameSync(staged.path, target);
  const dirFd = openSync(join(target, ".."), "r");
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
  return { sha256: staged.sha256, size: staged.size };
}

async function syncFolder(folder: string): Promise<void> {
  await syncPath(folder, "r");
}

/**
 * Makes several staged blobs durable together, with the guarantee `writeBlob` gives each one (its bytes are on disk
 * before its name exists; its name is on disk when this resolves) but the fsyncs issued at once on the libuv thread
 * pool instead of one after another: first every temp file not already in `synced` (with the folders its staging
 * created: syncStagedBlob), then (after the renames) every folder that received a name, once each. `synced` holds
 * blobs the caller already passed through syncStagedBlob (or, for a blob named after its file was synced,
 * syncCreatedFolders as well) and saw succeed. Concurrent fsyncs on
 * one file system share journal commits (ext4), so three blobs cost about what one did (issue 12 benchmark;
 * docs/decisions/0016-edxml-durable-accept.md). On failure nothing is renamed that was not durable; the caller
 * discards the staged blobs (`discardStagedBlob` is harmless after a rename).
 */
export async function commitStagedBlobs(dataDir: string, staged: StagedBlob[], options: { synced?: ReadonlySet<StagedBlob> } = {}): Promise<WrittenBlob[]> {
  const pending: StagedBlob[] = [];
  const now = new Date();
  for (const blob of staged) {
    const target = blobPath(dataDir, blob.sha256);
    if (blob.temp && !existsSync(target)) {
      pending.push(blob);
      continue;
    }
    if (blob.temp) discardStagedBlob(blob);
    try {
      utimesSync(target, now, now);
    } catch {
      // read-only store: the collector's grace period still applies
    }
  }
  await Promise.all(pending.filter((blob) => !options.synced?.has(blob)).map(syncStagedBlob));
  const folders = new Set<string>();
  for (const blob of pending) {
    const target = blobPath(dataDir, blob.sha256);
    renameSync(blob.path, target);
    // The folders its staging created are already durable (syncStagedBlob, here or by the caller).
    folders.add(dirname(target));
  }
  await Promise.all([...folders].map(syncFolder));
  return staged.map((blob) => ({ sha256: blob.sha256, size: blob.size }));
}

/** `writeBlob` for several blobs at once (see commitStagedBlobs). */
export async function writeBlobs(dataDir: string, contents: Uint8Array[]): Promise<WrittenBlob[]> {
  const staged = contents.map((bytes) => stageBlob(dataDir, bytes));
  try {
    return await commitStagedBlobs(dataDir, staged);
  } finally {
    for (const blob of staged) discardStagedBlob(blob);
  }
}

/**
 * Puts bytes in the store's staging folder and hands `use` the file's path (a pool child reads it there instead of
 * receiving the bytes over IPC: app/platform/untrusted/task-input.ts), hashing them meanwhile. When `use` returns,
 * the file is made durable under its hash as `writeBlob` would (call before the transaction that inserts its row);
 * when it throws, nothing is kept. Nothing here holds the event loop for long, whatever the size (sha256Hex,
 * stageUnnamedBlob, commitStagedBlobs).
 */
export async function keepIfUsed<T>(dataDir: string, bytes: Uint8Array, use: (path: string) => Promise<T>): Promise<{ value: T; blob: WrittenBlob }> {
  const unnamed = await stageUnnamedBlob(dataDir, bytes);
  try {
    const hashing = sha256Hex(bytes);
    // Awaited below; this only keeps a rejection from counting as unhandled while `use` runs or throws.
    hashing.catch(() => undefined);
    const value = await use(unnamed.path);
    const [blob] = await commitStagedBlobs(dataDir, [nameStagedBlob(dataDir, unnamed, await hashing)]);
    return { value, blob };
  } finally {
    discardStagedBlob(unnamed);
  }
}

/** Drops a staged blob that is not to be kept (an existing blob it pointed at is left alone). */
export function discardStagedBlob(staged: StagedBlob | UnnamedStagedBlob): void {
  if (!staged.temp) return;
  try {
    unlinkSync(staged.path);
  } catch {
    // already gone (committed or collected)
  }
}

export type InsertFileRowOptions = {
  blob: WrittenBlob;
  mimeType: string;
  originalName?: string | null;
  createdBy?: number | null;
  at: Date;
};

/**
 * Inserts the row for a blob already written by `writeBlob`, inside the caller's transaction. One row per
 * upload: the bytes on disk are shared by hash, but the uploader, name and MIME type belong to this
 * upload. A shared row told an uploader that another organisation already held the same file (its id
 * came back), let the first uploader's MIME type win, and made ownership checks meaningless.
 */
export function insertFileRow(tx: DbOrTx, options: InsertFileRowOptions): StoredFile {
  return preparedOnce(tx, "files.insert", (db) =>
    db
      .insert(files)
      .values({
        sha256: sql.placeholder("sha256"),
        size: sql.placeholder("size"),
        mimeType: sql.placeholder("mimeType"),
        originalName: sql.placeholder("originalName"),
        createdBy: sql.placeholder("createdBy"),
        createdAt: sql.placeholder("createdAt"),
      })
      .returning()
      .prepare(),
  ).get({
    sha256: options.blob.sha256,
    size: options.blob.size,
    mimeType: options.mimeType,
    originalName: options.originalName ?? null,
    createdBy: options.createdBy ?? null,
    createdAt: options.at,
  }) as StoredFile;
}

export function readStoredFile(dataDir: string, file: Pick<StoredFile, "sha256">): Buffer {
  return readFileSync(blobPath(dataDir, file.sha256));
}

let referencingColumns: { table: string; column: string }[] | undefined;

/** Every column with a foreign key to `files`, read from the schema itself so a new table cannot be missed. */
function fileReferences(db: DbOrTx): { table: string; column: string }[] {
  referencingColumns ??= db
    .all<{ tbl: string; col: string }>(
      sql`select m.name as tbl, f."from" as col from sqlite_master m, pragma_foreign_key_list(m.name) f where m.type = 'table' and f."table" = 'files'`,
    )
    .map((r) => ({ table: r.tbl, column: r.col }));
  return referencingColumns;
}

/** Whether any row (a document, evidence, revision, report, credential…) refers to the file. */
export function isFileReferenced(db: DbOrTx, fileId: number): boolean {
  return fileReferences(db).some(
    ({ table, column }) => db.get(sql`select 1 as x from ${sql.identifier(table)} where ${sql.identifier(column)} = ${fileId} limit 1`) !== undefined,
  );
}

export function getFileRow(db: DbOrTx, id: number): StoredFile | undefined {
  // Prepared once: the document pages read one or more file rows per view.
  return preparedOnce(db, "files.byId", (d) =>
    d
      .select()
      .from(files)
      .where(eq(files.id, sql.placeholder("id")))
      .prepare(),
  ).get({ id });
}
