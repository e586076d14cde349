-- Durable background jobs and derived files (issue 14: OCR of scanned documents).
CREATE TABLE `file_derivations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_file_id` integer NOT NULL,
	`kind` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`job_id` integer,
	`derived_file_id` integer,
	`text` text,
	`pages` text,
	`fields` text,
	`error` text,
	`created_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`derived_file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `file_derivations_source_kind` ON `file_derivations` (`source_file_id`,`kind`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 3 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`locked_by` text,
	`heartbeat_at` integer,
	`last_error` text,
	`result` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `jobs_pick_idx` ON `jobs` (`state`,`next_attempt_at`);