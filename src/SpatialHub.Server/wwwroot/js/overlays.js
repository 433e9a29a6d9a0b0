// A hook for overlay toggles that other modules add (change tracking, data quality, ...): each registers once with
// an id, a label and what to do when it is switched, and the planners' panel shows it as a checkbox under
// "Overlays". Registering before or after the panel is built both work.
//
//   import { overlays } from './overlays.js';
//   overlays.register({ id: 'changes', label: { en: 'Recent changes', 'zh-HK': '最近更改' },
//                       onToggle: (enabled, app) => { ... } });

const registered = [];
const listeners = [];

export const overlays = {
  /** Adds a toggle; `label` is a string or { en, zh-HK }; `onToggle(enabled, app)` may be async. */
  register(overlay) {
    if (!overlay?.id || typeof overlay.onToggle !== 'function' || registered.some((o) => o.id === overlay.id)) return;
    const entry = { enabled: false, ...overlay };
    registered.push(entry);
    for (const listener of listeners) listener(entry);
  },
  list: () => [...registered],
  /** The panel calls this to be told of every overlay, past and future. */
  onRegister(listener) {
    listeners.push(listener);
    registered.forEach(listener);
  },
};
