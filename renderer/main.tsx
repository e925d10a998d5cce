/** Entry: pick the transport, build the store, start following the core, render. */
import './styles/index.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { APP_SYNCS, createAppStore } from './store/index.js';
import { AppStoreProvider } from './store/store-context.js';
import { createTransport } from './transport/index.js';

const store = createAppStore(createTransport());
for (const id of APP_SYNCS) void store.getState().start(id);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <AppStoreProvider store={store}>
      <App />
    </AppStoreProvider>
  </StrictMode>,
);
