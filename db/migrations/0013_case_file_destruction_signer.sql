ALTER TABLE `case_file_destructions` ADD `signer_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `case_file_destructions` ADD `basis` text DEFAULT '' NOT NULL;