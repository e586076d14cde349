DROP INDEX `edxml_received_document_unique`;--> statement-breakpoint
DROP INDEX `edxml_received_open_idx`;--> statement-breakpoint
ALTER TABLE `edxml_received_documents` ADD `superseded` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `edxml_received_documents` ADD `earlier_incoming_document_id` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `edxml_received_document_unique` ON `edxml_received_documents` (`document_id`,`recipient_organ_id`) WHERE "edxml_received_documents"."superseded" = 0;--> statement-breakpoint
CREATE INDEX `edxml_received_open_idx` ON `edxml_received_documents` (`incoming_document_id`) WHERE "edxml_received_documents"."recalled" = 0 AND "edxml_received_documents"."superseded" = 0 AND ("edxml_received_documents"."last_status_code" IS NULL OR "edxml_received_documents"."last_status_code" NOT IN ('02', '06'));