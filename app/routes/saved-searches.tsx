import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { requireActor, serviceContextFor } from "#app/platform/auth/auth.server";
import { deleteSavedSearch, normalizeSavedQuery, saveSearch } from "#app/features/statistics/index";
import { actionErrorResponse, parseFormData } from "#app/utils/http.server";
import { json } from "@remix-run/node";

// Saved searches (issue 16 §4): the list pages post here and come back to the list. Each user sees and deletes
// only their own (the service scopes every query to the actor).
const SavedSearchSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    direction: z.enum(["incoming", "outgoing"]),
    name: z.string().trim().max(100),
    query: z.string().max(2000).default(""),
  }),
  z.object({ intent: z.literal("delete"), direction: z.enum(["incoming", "outgoing"]), id: z.coerce.number().int().positive() }),
]);

const LIST_PATH = { incoming: "/incoming", outgoing: "/outgoing/search" } as const;

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const formData = await request.formData();
  const parsed = parseFormData(formData, SavedSearchSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const d = parsed.data;
  try {
    const ctx = serviceContextFor(request, actor);
    if (d.intent === "save") {
      const saved = saveSearch(ctx, { direction: d.direction, name: d.name, query: d.query });
      return redirect(`${LIST_PATH[d.direction]}?${saved.query}`);
    }
    deleteSavedSearch(ctx, d.id);
    return redirect(`${LIST_PATH[d.direction]}?${normalizeSavedQuery(d.direction, new URL(request.url).search)}`);
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}
