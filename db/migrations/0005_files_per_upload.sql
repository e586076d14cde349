-- One files row per upload (issue 10): uploader, name and MIME type belong to the upload; blobs stay shared by hash.
DROP INDEX `files_sha256_unique`;--> statement-breakpoint
CREATE INDEX `files_sha256_idx` ON `files` (`sha256`);