// One place that adds query parameters to an app URL. Concatenating "?download=1" onto a URL that
// already had a query produced "…?kind=current?download=1", a dead link (issue 9).

export type QueryValue = string | number | boolean | null | undefined;

/** Returns `url` with `params` set (replacing same-named ones); null/undefined values are left out. */
export function withQuery(url: string, params: Record<string, QueryValue>): string {
  const hashAt = url.indexOf("#");
  const hash = hashAt >= 0 ? url.slice(hashAt) : "";
  const beforeHash = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const queryAt = beforeHash.indexOf("?");
  const path = queryAt >= 0 ? beforeHash.slice(0, queryAt) : beforeHash;
  const search = new URLSearchParams(queryAt >= 0 ? beforeHash.slice(queryAt + 1) : "");
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined) search.delete(key);
    else search.set(key, String(value));
  }
  const query = search.toString();
  return `${path}${query ? `?${query}` : ""}${hash}`;
}
