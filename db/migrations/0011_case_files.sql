CREATE TABLE `case_file_destructions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`decision_number` text NOT NULL,
	`decision_date` text NOT NULL,
	`reason` text NOT NULL,
	`decided_by` integer NOT NULL,
	`file_count` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_file_destructions_org_idx` ON `case_file_destructions` (`organization_id`,`at`);--> statement-breakpoint
CREATE TABLE `case_file_documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_file_id` integer NOT NULL,
	`ordinal` integer NOT NULL,
	`kind` text NOT NULL,
	`document_id` integer NOT NULL,
	`added_by` integer,
	`added_at` integer NOT NULL,
	FOREIGN KEY (`case_file_id`) REFERENCES `case_files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_file_documents_ordinal_unique` ON `case_file_documents` (`case_file_id`,`ordinal`);--> statement-breakpoint
CREATE UNIQUE INDEX `case_file_documents_doc_unique` ON `case_file_documents` (`case_file_id`,`kind`,`document_id`);--> statement-breakpoint
CREATE INDEX `case_file_documents_doc_idx` ON `case_file_documents` (`kind`,`document_id`);--> statement-breakpoint
CREATE TABLE `case_file_handovers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`deliverer_id` integer NOT NULL,
	`receiver_id` integer NOT NULL,
	`file_count` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`record_pdf_file_id` integer,
	`record_xlsx_file_id` integer,
	`list_pdf_file_id` integer,
	`list_xlsx_file_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deliverer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`receiver_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`record_pdf_file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`record_xlsx_file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`list_pdf_file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`list_xlsx_file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_file_handovers_org_idx` ON `case_file_handovers` (`organization_id`,`at`);--> statement-breakpoint
CREATE TABLE `case_file_list_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`list_id` integer NOT NULL,
	`position` integer NOT NULL,
	`code` text DEFAULT '' NOT NULL,
	`title` text NOT NULL,
	`is_heading` integer DEFAULT false NOT NULL,
	`retention_years` integer,
	`retention_permanent` integer DEFAULT false NOT NULL,
	`responsible` text DEFAULT '' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`list_id`) REFERENCES `case_file_lists`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `case_file_list_entries_list_idx` ON `case_file_list_entries` (`list_id`,`position`);--> statement-breakpoint
CREATE TABLE `case_file_lists` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`year` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`approved_by` integer,
	`approved_at` integer,
	`created_by` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_file_lists_org_year_unique` ON `case_file_lists` (`organization_id`,`year`);--> statement-breakpoint
CREATE TABLE `case_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`year` integer NOT NULL,
	`entry_id` integer,
	`ad_hoc` integer DEFAULT false NOT NULL,
	`file_notation` text NOT NULL,
	`file_code` text NOT NULL,
	`title` text NOT NULL,
	`retention_years` integer,
	`retention_permanent` integer DEFAULT false NOT NULL,
	`access` text DEFAULT 'open' NOT NULL,
	`language` text DEFAULT 'Tiếng Việt' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`creator_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`start_date` text,
	`end_date` text,
	`document_count` integer DEFAULT 0 NOT NULL,
	`page_count` integer DEFAULT 0 NOT NULL,
	`closed_at` integer,
	`closed_by` integer,
	`handover_id` integer,
	`destruction_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_id`) REFERENCES `case_file_list_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`creator_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handover_id`) REFERENCES `case_file_handovers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`destruction_id`) REFERENCES `case_file_destructions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_files_code_unique` ON `case_files` (`organization_id`,`year`,`file_notation`);--> statement-breakpoint
CREATE INDEX `case_files_org_status_idx` ON `case_files` (`organization_id`,`status`,`closed_at`);