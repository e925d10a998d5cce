/** The shell: navigation on the left; header, banners and the open section on the right. */
import { EngineBanner, EngineChip } from './components/engine-status.js';
import { Sidebar } from './components/sidebar.js';
import { StaleBanner } from './components/stale-banner.js';
import { viewTitle } from './model/views.js';
import { ArtifactsView } from './features/artifacts/artifacts-view.js';
import { HistoryView } from './features/history/history-view.js';
import { ImagesView } from './features/images/images-view.js';
import { RegistryCacheView } from './features/registry-cache/registry-cache-view.js';
import { TaskCenter } from './features/tasks/task-center.js';
import { useAppStore } from './store/store-context.js';

function CurrentView() {
  const view = useAppStore((s) => s.view);
  if (view === 'images') return <ImagesView mode="all" />;
  if (view === 'dangling') return <ImagesView mode="dangling" />;
  if (view === 'history') return <HistoryView />;
  if (view === 'artifacts') return <ArtifactsView />;
  return <RegistryCacheView />;
}

export function App() {
  const view = useAppStore((s) => s.view);
  return (
    <div className="app">
      <Sidebar />
      <main className="main">
        <header className="topbar">
          <h1 className="page-title">{viewTitle(view)}</h1>
          <EngineChip />
          <TaskCenter />
        </header>
        <EngineBanner />
        <StaleBanner />
        <div className="content">
          <CurrentView />
        </div>
      </main>
    </div>
  );
}
