// Downloads a closed case file's archive package as one ZIP, streamed part by part: unzipped it is exactly the
// directory `casefile:export` writes, and `casefile:verify DIR` passes on it. For whoever may read the file;
// audited (casefile.export) by the service.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { openCaseFilePackageZip } from "#app/features/casefiles/index";
import { contentDisposition } from "#app/utils/content-disposition";
import { rethrowAsResponse } from "#app/utils/http.server";
import { parseIdParam } from "#app/utils/params";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, ["manage:casefile", "archive:casefile", "approve:casefile-list"]);
  const caseFileId = parseIdParam(params, "fileId", "hồ sơ");
  try {
    const zip = openCaseFilePackageZip(serviceContextFor(request, actor), { caseFileId });
    return new Response(zip.stream, {
      headers: {
        "Content-Type": "application/zip",
        "Content-Disposition": contentDisposition("attachment", zip.fileName),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    rethrowAsResponse(error);
  }
}
