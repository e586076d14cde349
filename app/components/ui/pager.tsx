// Previous/next links of a keyset-paginated list. The list knows no page numbers (a cursor marks where a
// page starts), so the links say where they go: the first page, the page before, the page after.
import { Link } from "@remix-run/react";

export type PagerProps = {
  /** Names the navigation landmark, e.g. "Phân trang văn bản đi". */
  label: string;
  firstHref: string | null;
  previousHref: string | null;
  nextHref: string | null;
};

/** Nothing when the list fits on one page. */
export function Pager({ label, firstHref, previousHref, nextHref }: PagerProps) {
  if (!previousHref && !nextHref) return null;
  return (
    <nav aria-label={label} className="pager">
      <ul>
        {firstHref ? (
          <li>
            <Link to={firstHref} className="button secondary">
              « Trang đầu
            </Link>
          </li>
        ) : null}
        {previousHref ? (
          <li>
            <Link to={previousHref} rel="prev" className="button secondary">
              ‹ Trang trước
            </Link>
          </li>
        ) : null}
        {nextHref ? (
          <li>
            <Link to={nextHref} rel="next" className="button secondary">
              Trang sau ›
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
