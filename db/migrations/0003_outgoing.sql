CREATE TABLE `organization_certificates` (
	`organization_id` integer PRIMARY KEY NOT NULL,
	`certificate_file_id` integer NOT NULL,
	`subject_name` text NOT NULL,
	`not_after` integer NOT NULL,
	`uploaded_by` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`certificate_file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `outgoing_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`file_id` integer NOT NULL,
	`name` text NOT NULL,
	`issued_file_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `outgoing_documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outgoing_attachments_document_idx` ON `outgoing_attachments` (`document_id`);--> statement-breakpoint
CREATE TABLE `outgoing_documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`drafting_unit_id` integer NOT NULL,
	`created_by` integer NOT NULL,
	`doc_type_code` text NOT NULL,
	`summary` text NOT NULL,
	`signer_id` integer NOT NULL,
	`signing_authority` text,
	`authority_line` text,
	`signer_title` text NOT NULL,
	`urgency` text DEFAULT 'normal' NOT NULL,
	`confidentiality` text DEFAULT 'normal' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`source` text NOT NULL,
	`compose_input` text,
	`distribution_list` text DEFAULT '[]' NOT NULL,
	`archive_line` text,
	`file_id` integer,
	`draft_file_id` integer,
	`leader_signed_file_id` integer,
	`issued_file_id` integer,
	`page_count` integer,
	`signature_block` text,
	`revision` integer DEFAULT 1 NOT NULL,
	`last_comment` text,
	`office_initial_by` integer,
	`office_initial_at` integer,
	`signed_by` integer,
	`signed_at` integer,
	`leader_certificate_name` text,
	`book_id` integer,
	`number` integer,
	`number_symbol` text,
	`issued_date` text,
	`issued_at` integer,
	`issued_by` integer,
	`copies` integer,
	`recall_reason` text,
	`recalled_at` integer,
	`recalled_by` integer,
	`replaces_document_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`drafting_unit_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`draft_file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`leader_signed_file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`office_initial_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`book_id`) REFERENCES `register_books`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recalled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`replaces_document_id`) REFERENCES `outgoing_documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outgoing_documents_org_status_idx` ON `outgoing_documents` (`organization_id`,`status`);--> statement-breakpoint
CREATE INDEX `outgoing_documents_creator_idx` ON `outgoing_documents` (`created_by`);--> statement-breakpoint
CREATE INDEX `outgoing_documents_signer_idx` ON `outgoing_documents` (`signer_id`,`status`);--> statement-breakpoint
CREATE TABLE `outgoing_recipients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`kind` text NOT NULL,
	`recipient_organization_id` integer,
	`name` text NOT NULL,
	`identifier` text,
	`address` text,
	`incoming_document_id` integer,
	`delivered_at` integer,
	FOREIGN KEY (`document_id`) REFERENCES `outgoing_documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recipient_organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outgoing_recipients_document_idx` ON `outgoing_recipients` (`document_id`);--> statement-breakpoint
CREATE TABLE `outgoing_register_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`book_id` integer NOT NULL,
	`year` integer NOT NULL,
	`number` integer NOT NULL,
	`number_symbol` text NOT NULL,
	`document_id` integer NOT NULL,
	`issued_date` text NOT NULL,
	`file_id` integer NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`book_id`) REFERENCES `register_books`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `outgoing_documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outgoing_register_number_unique` ON `outgoing_register_entries` (`organization_id`,`book_id`,`year`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `outgoing_register_document_unique` ON `outgoing_register_entries` (`document_id`);--> statement-breakpoint
CREATE TABLE `outgoing_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`revision` integer NOT NULL,
	`metadata` text NOT NULL,
	`file_id` integer,
	`return_comment` text,
	`returned_by` integer,
	`returned_at` integer,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `outgoing_documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`returned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outgoing_revisions_unique` ON `outgoing_revisions` (`document_id`,`revision`);