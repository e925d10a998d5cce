/**
 * The shell: navigation on the left; header, banners and the open section on the right. Each
 * section's code is its own chunk, loaded when the section is first opened, so the first paint
 * of one section never waits for the others.
 */
import { lazy, Suspense } from 'react';
import { EngineBanner, EngineChip } from './components/engine-status.js';
import { Sidebar } from './components/sidebar.js';
import { StaleBanner } from './components/stale-banner.js';
import { viewTitle } from './model/views.js';
import { TaskCenter } from './features/tasks/task-center.js';
import { useAppStore } from './store/store-context.js';

const ImagesView = lazy(() =>
  import('./features/images/images-view.js').then((m) => ({ default: m.ImagesView })),
);
const ArtifactsView = lazy(() =>
  import('./features/artifacts/artifacts-view.js').then((m) => ({ default: m.ArtifactsView })),
);
const RegistryCacheView = lazy(() =>
  import('./features/registry-cache/registry-cache-view.js').then((m) => ({
    default: m.RegistryCacheView,
  })),
);
const BuildCacheView = lazy(() =>
  import('./features/build-cache/build-cache-view.js').then((m) => ({
    default: m.BuildCacheView,
  })),
);
const BuildsView = lazy(() =>
  import('./features/builds/builds-view.js').then((m) => ({ default: m.BuildsView })),
);
const HistoryView = lazy(() =>
  import('./features/history/history-view.js').then((m) => ({ default: m.HistoryView })),
);

function CurrentView() {
  const view = useAppStore((s) => s.view);
  if (view === 'images') return <ImagesView mode="all" />;
  if (view === 'dangling') return <ImagesView mode="dangling" />;
  if (view === 'history') return <HistoryView />;
  if (view === 'builds') return <BuildsView />;
  if (view === 'artifacts') return <ArtifactsView />;
  if (view === 'build-cache') return <BuildCacheView />;
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
          <Suspense fallback={<div className="page" aria-busy="true" />}>
            <CurrentView />
          </Suspense>
        </div>
      </main>
    </div>
  );
}
