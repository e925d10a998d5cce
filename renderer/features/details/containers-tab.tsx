/** The Containers tab: every container (any state) created from the image. */
import type { ImageRow } from '../../model/images/rows.js';

export function ContainersTab({ row }: { row: ImageRow }) {
  if (row.containers.length === 0) {
    return (
      <p className="details-note" data-testid="details-containers">
        No container uses this image: removing it breaks nothing.
      </p>
    );
  }
  return (
    <table className="plain-table" data-testid="details-containers">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">State</th>
          <th scope="col">ID</th>
        </tr>
      </thead>
      <tbody>
        {row.containers.map((c) => (
          <tr key={c.id}>
            <td className="truncate">{c.name}</td>
            <td>
              <span className={`badge ${c.state === 'running' ? 'badge-ok' : 'badge-plain'}`}>
                {c.state}
              </span>
            </td>
            <td>
              <code className="mono">{c.id.slice(0, 12)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
