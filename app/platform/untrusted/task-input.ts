// What a pool task reads: bytes sent over IPC, or a file the server already has on disk. A file is read by the
// child itself, so the server neither reads it on the request path nor copies it into an IPC message: a 45 MB
// upload sent as bytes cost the event loop ~30 ms of serialisation per task (pdf-text, then pdf-verify), and a
// stored PDF's signature check read the whole file on the request thread first. The path is always one the
// server chose (the file store, its staging folder), never one taken from a request.
import { readFileSync } from "node:fs";
import { PlatformMessages } from "#app/messages/platform";

export type TaskFileInput = { bytes: Uint8Array; path?: undefined } | { path: string; bytes?: undefined };

/** The file named in a task's input could not be read (a blob missing from the store): no path in the message. */
export class StoredFileUnreadable extends Error {
  readonly code = "STORED_FILE_UNREADABLE";
  constructor(options: { cause: unknown }) {
    super(PlatformMessages.STORED_FILE_UNREADABLE, options);
    this.name = "StoredFileUnreadable";
  }
}

/** The input's bytes: those sent, or the file's, read in the child (as a plain Uint8Array: pdfjs refuses a Buffer). */
export function taskInputBytes(input: TaskFileInput): Uint8Array {
  if (input.path === undefined) return input.bytes;
  try {
    const read = readFileSync(input.path);
    return new Uint8Array(read.buffer, read.byteOffset, read.byteLength);
  } catch (error) {
    throw new StoredFileUnreadable({ cause: error });
  }
}
