CREATE TABLE `signing_devices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer,
	`user_id` integer,
	`kind` text NOT NULL,
	`module_path` text,
	`token_label` text,
	`key_label` text,
	`key_id` text,
	`certificate_chain` text NOT NULL,
	`certificate_sha256` text NOT NULL,
	`subject_name` text NOT NULL,
	`not_after` integer NOT NULL,
	`created_by` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signing_devices_org_kind` ON `signing_devices` (`organization_id`,`kind`);--> statement-breakpoint
CREATE UNIQUE INDEX `signing_devices_user_kind` ON `signing_devices` (`user_id`,`kind`);--> statement-breakpoint
CREATE TABLE `signing_preparations` (
	`id` text PRIMARY KEY NOT NULL,
	`document_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`actor_id` integer NOT NULL,
	`base_file_id` integer NOT NULL,
	`base_sha256` text NOT NULL,
	`base_version` integer NOT NULL,
	`state` text NOT NULL,
	`payload` text NOT NULL,
	`prepared_pdf` blob,
	`certificate_sha256` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `signing_preparations_document` ON `signing_preparations` (`document_id`,`state`);--> statement-breakpoint
CREATE TABLE `user_signing_methods` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`method` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
