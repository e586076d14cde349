CREATE TABLE `edxml_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`outgoing_document_id` integer NOT NULL,
	`recipient_organization_id` integer NOT NULL,
	`document_id` text NOT NULL,
	`recipient_organ_id` text NOT NULL,
	`status_code` text,
	`description` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`recipient_organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `edxml_deliveries_unique` ON `edxml_deliveries` (`outgoing_document_id`,`recipient_organization_id`);--> statement-breakpoint
CREATE INDEX `edxml_deliveries_document_idx` ON `edxml_deliveries` (`document_id`,`recipient_organ_id`);--> statement-breakpoint
CREATE TABLE `edxml_inbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sha256` text NOT NULL,
	`bytes` integer NOT NULL,
	`channel` text NOT NULL,
	`peer_id` integer,
	`state` text NOT NULL,
	`kind` text,
	`document_id` text,
	`sender_organ_id` text,
	`recipient_organ_id` text,
	`business_key` text,
	`status_code` text,
	`refusal_code` text,
	`refusal_reason` text,
	`file_id` integer,
	`xml_signature` text,
	`xml_signature_trusted` integer,
	`result` text,
	`duplicates` integer DEFAULT 0 NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`peer_id`) REFERENCES `edxml_peers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `edxml_inbox_idempotency_unique` ON `edxml_inbox` (`document_id`,`recipient_organ_id`,`business_key`) WHERE state = 'accepted';--> statement-breakpoint
CREATE INDEX `edxml_inbox_received_idx` ON `edxml_inbox` (`received_at`);--> statement-breakpoint
CREATE TABLE `edxml_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`peer_id` integer NOT NULL,
	`kind` text NOT NULL,
	`document_id` text NOT NULL,
	`recipient_organ_id` text NOT NULL,
	`business_key` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`file_id` integer NOT NULL,
	`outgoing_document_id` integer,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`peer_id`) REFERENCES `edxml_peers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `edxml_outbox_idempotency_unique` ON `edxml_outbox` (`document_id`,`recipient_organ_id`,`business_key`);--> statement-breakpoint
CREATE INDEX `edxml_outbox_due_idx` ON `edxml_outbox` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `edxml_peers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`transport` text NOT NULL,
	`url` text,
	`directory` text,
	`token` text,
	`token_sha256` text,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `edxml_peers_name_unique` ON `edxml_peers` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `edxml_peers_token_unique` ON `edxml_peers` (`token_sha256`);--> statement-breakpoint
CREATE TABLE `edxml_received_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incoming_document_id` integer NOT NULL,
	`file_id` integer NOT NULL,
	`name` text NOT NULL,
	`content_type` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `edxml_received_attachments_doc_idx` ON `edxml_received_attachments` (`incoming_document_id`,`position`);--> statement-breakpoint
CREATE TABLE `edxml_received_documents` (
	`incoming_document_id` integer PRIMARY KEY NOT NULL,
	`inbox_id` integer NOT NULL,
	`document_id` text NOT NULL,
	`sender_organ_id` text NOT NULL,
	`sender_name` text NOT NULL,
	`recipient_organ_id` text NOT NULL,
	`peer_id` integer,
	`xml_signature` text NOT NULL,
	`xml_signature_trusted` integer DEFAULT false NOT NULL,
	`xml_signer_name` text,
	`last_status_code` text,
	`recalled` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`inbox_id`) REFERENCES `edxml_inbox`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`peer_id`) REFERENCES `edxml_peers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `edxml_received_document_unique` ON `edxml_received_documents` (`document_id`,`recipient_organ_id`);--> statement-breakpoint
CREATE TABLE `edxml_remote_organizations` (
	`organization_id` integer PRIMARY KEY NOT NULL,
	`peer_id` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`peer_id`) REFERENCES `edxml_peers`(`id`) ON UPDATE no action ON DELETE no action
);
