// On a phone the panel is a bottom sheet over the full-screen map: collapsed to its header (the "Tools" button) until
// opened, so the map keeps the screen and the page never scrolls. On wider screens the button is hidden by CSS and
// the panel is a sidebar.
export function mountSheet(map) {
  const panel = document.getElementById('panel');
  const toggle = document.getElementById('sheet-toggle');
  if (!panel || !toggle) return;
  const set = (open) => {
    panel.dataset.open = String(open);
    toggle.setAttribute('aria-expanded', String(open));
  };
  set(false);
  toggle.addEventListener('click', () => set(panel.dataset.open !== 'true'));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && panel.dataset.open === 'true' && panel.contains(document.activeElement)) {
      set(false);
      toggle.focus();
    }
  });
  // The sheet's height changes the map's visible area only on phones, where the map is behind it: nothing to resize.
  window.addEventListener('resize', () => map.resize());
}
