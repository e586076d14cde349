CREATE TABLE `incoming_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`kind` text NOT NULL,
	`assignee_user_id` integer,
	`assignee_unit_id` integer,
	`deadline` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`note` text,
	`parent_assignment_id` integer,
	`assigned_by` integer,
	`assigned_at` integer NOT NULL,
	`done_at` integer,
	FOREIGN KEY (`document_id`) REFERENCES `incoming_documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assignee_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_unit_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incoming_assignments_document_idx` ON `incoming_assignments` (`document_id`);--> statement-breakpoint
CREATE INDEX `incoming_assignments_user_idx` ON `incoming_assignments` (`assignee_user_id`,`status`,`document_id`);--> statement-breakpoint
CREATE INDEX `incoming_assignments_unit_idx` ON `incoming_assignments` (`assignee_unit_id`,`status`,`document_id`);--> statement-breakpoint
CREATE TABLE `incoming_documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`status` text NOT NULL,
	`channel` text NOT NULL,
	`received_at` integer NOT NULL,
	`book_id` integer,
	`year` integer,
	`arrival_number` integer,
	`registered_at` integer,
	`registered_by` integer,
	`number_symbol` text DEFAULT '' NOT NULL,
	`doc_type_code` text DEFAULT 'CV' NOT NULL,
	`issued_date` text,
	`issuer_name` text DEFAULT '' NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`signer_name` text,
	`signer_title` text,
	`page_count` integer,
	`urgency` text DEFAULT 'normal' NOT NULL,
	`confidentiality` text DEFAULT 'normal' NOT NULL,
	`is_secret` integer DEFAULT false NOT NULL,
	`urgency_rank` integer DEFAULT 0 NOT NULL,
	`handling_deadline` text,
	`note` text,
	`file_id` integer,
	`extracted_text` text,
	`extracted_fields` text,
	`needs_review` integer DEFAULT false NOT NULL,
	`sender_organization_id` integer,
	`outgoing_document_id` integer,
	`reply_outgoing_document_id` integer,
	`recalled_at` integer,
	`recall_reason` text,
	`direction_note` text,
	`routed_at` integer,
	`routed_by` integer,
	`forwarded_to_user_id` integer,
	`return_reason` text,
	`result_note` text,
	`completed_at` integer,
	`completed_by` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`book_id`) REFERENCES `register_books`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sender_organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`routed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`forwarded_to_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`completed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incoming_documents_arrival_unique` ON `incoming_documents` (`organization_id`,`book_id`,`year`,`arrival_number`);--> statement-breakpoint
CREATE INDEX `incoming_documents_org_received_idx` ON `incoming_documents` (`organization_id`,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `incoming_documents_org_status_idx` ON `incoming_documents` (`organization_id`,`status`,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `incoming_documents_duplicate_idx` ON `incoming_documents` (`organization_id`,`year`,`number_symbol`);--> statement-breakpoint
CREATE INDEX `incoming_documents_outgoing_idx` ON `incoming_documents` (`outgoing_document_id`);