DROP INDEX `outgoing_documents_creator_idx`;--> statement-breakpoint
CREATE INDEX `outgoing_documents_creator_queue_idx` ON `outgoing_documents` (`created_by`,(case urgency when 'flash' then 3 when 'very_urgent' then 2 when 'urgent' then 1 else 0 end),`updated_at`);--> statement-breakpoint
CREATE INDEX `outgoing_documents_org_issued_idx` ON `outgoing_documents` (`organization_id`,`issued_at`,`updated_at`);--> statement-breakpoint
CREATE INDEX `outgoing_documents_replaces_idx` ON `outgoing_documents` (`replaces_document_id`) WHERE replaces_document_id is not null;--> statement-breakpoint
CREATE INDEX `incoming_documents_org_registered_idx` ON `incoming_documents` (`organization_id`,`registered_at`) WHERE registered_at is not null;--> statement-breakpoint
CREATE INDEX `incoming_documents_reply_idx` ON `incoming_documents` (`reply_outgoing_document_id`) WHERE reply_outgoing_document_id is not null;