/** Entry: pick the transport, build the store, start following the core, render. */
import './styles/index.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { createAppStore, startSync } from './store/index.js';
import { StoreProvider } from './store/store-context.js';
import { createTransport } from './transport/index.js';

const store = createAppStore(createTransport());
startSync(store);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
