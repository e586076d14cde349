PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_outgoing_register_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`book_id` integer NOT NULL,
	`year` integer NOT NULL,
	`number` integer NOT NULL,
	`number_symbol` text NOT NULL,
	`document_id` integer NOT NULL,
	`issued_date` text NOT NULL,
	`file_id` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`book_id`) REFERENCES `register_books`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `outgoing_documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_outgoing_register_entries`("id", "organization_id", "book_id", "year", "number", "number_symbol", "document_id", "issued_date", "file_id", "created_by", "created_at") SELECT "id", "organization_id", "book_id", "year", "number", "number_symbol", "document_id", "issued_date", "file_id", "created_by", "created_at" FROM `outgoing_register_entries`;--> statement-breakpoint
DROP TABLE `outgoing_register_entries`;--> statement-breakpoint
ALTER TABLE `__new_outgoing_register_entries` RENAME TO `outgoing_register_entries`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `outgoing_register_number_unique` ON `outgoing_register_entries` (`organization_id`,`book_id`,`year`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `outgoing_register_document_unique` ON `outgoing_register_entries` (`document_id`);--> statement-breakpoint
ALTER TABLE `outgoing_documents` ADD `signing_method` text;--> statement-breakpoint
UPDATE `outgoing_documents` SET `signing_method` = 'digital' WHERE `signed_at` IS NOT NULL;
