// Pieces every data table of the app repeats.
import type { ReactNode } from "react";

/** The one row a table shows when it has no rows, spanning all its columns. */
export function EmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="muted">
        {children}
      </td>
    </tr>
  );
}

/** The header of the actions column: present for screen readers, quiet on screen. */
export function ActionsHeader() {
  return (
    <th scope="col">
      <span className="muted">Thao tác</span>
    </th>
  );
}
