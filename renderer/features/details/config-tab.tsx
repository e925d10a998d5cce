/** The Config tab: how the image runs (entrypoint, cmd, env, workdir, ports) and its labels. */
import type { ImageInspect } from '../../../shared/model.js';
import type { Loadable } from '../../store/index.js';
import { Empty, Failed, Field, Loading } from './fields.js';
import { formatCommand, readConfig } from './inspect-fields.js';

function KeyValues({ rows, empty }: { rows: [string, string][]; empty: string }) {
  if (rows.length === 0) return <Empty>{empty}</Empty>;
  return (
    <table className="plain-table kv-table">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row" className="mono">
              {k}
            </th>
            <td className="mono prewrap">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ConfigTab({
  inspect,
  onRetry,
}: {
  inspect: Loadable<ImageInspect> | undefined;
  onRetry(): void;
}) {
  if (!inspect || inspect.status === 'loading') return <Loading what="the config" />;
  if (inspect.status === 'error') return <Failed message={inspect.message} onRetry={onRetry} />;
  const c = readConfig(inspect.value);
  const code = (text: string) => (text ? <code className="mono prewrap">{text}</code> : <Empty />);
  return (
    <div data-testid="details-config">
      <dl className="facts details-facts">
        <Field label="Entrypoint">{code(formatCommand(c.entrypoint))}</Field>
        <Field label="Cmd">{code(formatCommand(c.cmd))}</Field>
        <Field label="Workdir">{code(c.workdir)}</Field>
        <Field label="User">{code(c.user)}</Field>
        <Field label="Exposed ports">
          {c.exposedPorts.length === 0 ? (
            <Empty>none</Empty>
          ) : (
            <span className="tag-list">
              {c.exposedPorts.map((p) => (
                <span key={p} className="tag">
                  {p}
                </span>
              ))}
            </span>
          )}
        </Field>
        {c.volumes.length > 0 && <Field label="Volumes">{code(c.volumes.join(', '))}</Field>}
      </dl>
      <h3 className="details-section">Environment</h3>
      <KeyValues rows={c.env.map((e) => [e.name, e.value])} empty="No variables." />
      <h3 className="details-section">Labels</h3>
      <KeyValues rows={c.labels} empty="No labels." />
    </div>
  );
}
