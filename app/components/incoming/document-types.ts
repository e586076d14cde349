// The document page's data as the browser receives it (JSON-serialised service results).
import type { SerializeFrom } from "@remix-run/node";
import type { IncomingDetail, IncomingSignatureStatus, RoutingOptions } from "#app/features/incoming/index";

export type IncomingDoc = SerializeFrom<IncomingDetail>;
export type IncomingChoices = SerializeFrom<RoutingOptions> | null;
export type IncomingSignatures = SerializeFrom<IncomingSignatureStatus>;
