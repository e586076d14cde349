// The saved searches of a list page (issue 16 §4): links that replay a search, a delete button each, and a
// form that saves the current one under a name. Posts to /saved-searches.
import { Form, Link } from "@remix-run/react";

export type SavedSearchLink = { id: number; name: string; query: string };

export function SavedSearches({
  direction,
  path,
  items,
  currentQuery,
}: {
  direction: "incoming" | "outgoing";
  path: string;
  items: SavedSearchLink[];
  currentQuery: string;
}) {
  return (
    <section className="card no-print saved-searches" aria-labelledby={`saved-${direction}`}>
      <h2 id={`saved-${direction}`}>Tìm kiếm đã lưu</h2>
      {items.length ? (
        <ul>
          {items.map((s) => (
            <li key={s.id}>
              <Link to={`${path}?${s.query}`}>{s.name}</Link>{" "}
              <Form method="post" action="/saved-searches" style={{ display: "inline" }}>
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="direction" value={direction} />
                <input type="hidden" name="id" value={s.id} />
                <button type="submit" className="secondary small" aria-label={`Xóa tìm kiếm đã lưu ${s.name}`}>
                  Xóa
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Chưa có tìm kiếm nào được lưu.</p>
      )}
      {currentQuery ? (
        <Form method="post" action="/saved-searches" className="actions">
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="direction" value={direction} />
          <input type="hidden" name="query" value={currentQuery} />
          <label htmlFor={`saved-name-${direction}`}>Lưu tìm kiếm hiện tại với tên</label>
          <input id={`saved-name-${direction}`} name="name" type="text" maxLength={100} required />
          <button type="submit" className="secondary">
            Lưu
          </button>
        </Form>
      ) : null}
    </section>
  );
}
