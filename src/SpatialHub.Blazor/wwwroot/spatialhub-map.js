// <SpatialHubMap>'s browser side: paints a frame of draw commands recorded in .NET (one call per frame) and turns
// pointer, wheel, pinch and key input into view moves, coalesced to at most one .NET call per animation frame.
// Op codes and layouts match Drawing/CommandCanvas.cs.

const FONT = '"Noto Sans", "Noto Sans CJK TC", "DejaVu Sans", sans-serif';
const maps = new WeakMap();

export function attach(container, canvas, dotnet) {
  const state = {
    canvas, dotnet, dpr: window.devicePixelRatio || 1, width: 0, height: 0, measured: new Set(), frames: 0,
    pending: { dx: 0, dy: 0, dz: 0, ax: 0, ay: 0, any: false }, busy: false, pointers: new Map(), moved: 0,
  };
  maps.set(container, state);
  const size = () => {
    const rect = container.getBoundingClientRect();
    state.width = Math.max(1, Math.round(rect.width));
    state.height = Math.max(1, Math.round(rect.height));
    state.dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(state.width * state.dpr);
    canvas.height = Math.round(state.height * state.dpr);
    canvas.style.width = `${state.width}px`;
    canvas.style.height = `${state.height}px`;
  };
  size();
  state.resize = new ResizeObserver(() => {
    const before = [state.width, state.height, state.dpr];
    size();
    if (before[0] !== state.width || before[1] !== state.height || before[2] !== state.dpr) {
      dotnet.invokeMethodAsync('OnResize', state.width, state.height, state.dpr);
    }
  });
  state.resize.observe(container);
  listen(container, state);
  return [state.width, state.height, state.dpr];
}

export function detach(container) {
  const state = maps.get(container);
  if (state) {
    state.resize.disconnect();
    state.abort.abort();
    maps.delete(container);
  }
}

function queue(state, dx, dy, dz, ax, ay) {
  const p = state.pending;
  p.dx += dx; p.dy += dy; p.dz += dz;
  if (dz !== 0) { p.ax = ax; p.ay = ay; }
  if (!p.any) {
    p.any = true;
    requestAnimationFrame(() => flush(state));
  }
}

async function flush(state) {
  if (state.busy) return; // the frame in flight flushes again when it is done
  const p = state.pending;
  if (!p.any) return;
  const { dx, dy, dz, ax, ay } = p;
  Object.assign(p, { dx: 0, dy: 0, dz: 0, any: false });
  state.busy = true;
  const started = performance.now();
  try {
    await state.dotnet.invokeMethodAsync('OnInput', dx, dy, dz, ax, ay);
    // Opt-in timing for scripts/bench-blazor.sh: input to painted frame (.NET render + this module's paint).
    if (Array.isArray(window.spatialHubFrameTimes)) window.spatialHubFrameTimes.push(performance.now() - started);
  } finally {
    state.busy = false;
    if (p.any) requestAnimationFrame(() => flush(state));
  }
}

function listen(container, state) {
  state.abort = new AbortController();
  const opts = { signal: state.abort.signal };
  const local = (e) => {
    const rect = container.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  };
  container.addEventListener('pointerdown', (e) => {
    if (e.target.closest('button, .spatialhub-map-popup')) return;
    container.setPointerCapture(e.pointerId);
    state.pointers.set(e.pointerId, local(e));
    state.moved = 0;
    container.focus({ preventScroll: true });
  }, opts);
  container.addEventListener('pointermove', (e) => {
    const last = state.pointers.get(e.pointerId);
    if (!last) return;
    const now = local(e);
    if (state.pointers.size === 2) {
      // Pinch: zoom by the change of finger distance about their midpoint, and pan with the midpoint.
      const [other] = [...state.pointers.entries()].filter(([id]) => id !== e.pointerId).map(([, p]) => p);
      const before = Math.hypot(last[0] - other[0], last[1] - other[1]);
      const after = Math.hypot(now[0] - other[0], now[1] - other[1]);
      const mid = [(now[0] + other[0]) / 2, (now[1] + other[1]) / 2];
      queue(state, (now[0] - last[0]) / 2, (now[1] - last[1]) / 2, before > 0 ? Math.log2(after / before) : 0, mid[0], mid[1]);
    } else {
      queue(state, now[0] - last[0], now[1] - last[1], 0, 0, 0);
    }
    state.moved += Math.abs(now[0] - last[0]) + Math.abs(now[1] - last[1]);
    state.pointers.set(e.pointerId, now);
  }, opts);
  const up = (e) => {
    if (!state.pointers.has(e.pointerId)) return;
    state.pointers.delete(e.pointerId);
    if (e.type === 'pointerup' && state.moved < 4 && state.pointers.size === 0) {
      const [x, y] = local(e);
      state.dotnet.invokeMethodAsync('OnClick', x, y);
    }
  };
  container.addEventListener('pointerup', up, opts);
  container.addEventListener('pointercancel', up, opts);
  container.addEventListener('wheel', (e) => {
    e.preventDefault();
    const pixels = e.deltaY * (e.deltaMode === 1 ? 40 : e.deltaMode === 2 ? 400 : 1);
    const [x, y] = local(e);
    queue(state, 0, 0, Math.max(-1, Math.min(1, -pixels / 300)), x, y);
  }, { ...opts, passive: false });
  container.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && container.querySelector('.spatialhub-map-popup')) {
      state.dotnet.invokeMethodAsync('ClosePopup');
      return;
    }
    if (e.target.closest('button, .spatialhub-map-popup') || e.ctrlKey || e.metaKey || e.altKey) return;
    const step = 80;
    const move = {
      ArrowLeft: [step, 0, 0], ArrowRight: [-step, 0, 0], ArrowUp: [0, step, 0], ArrowDown: [0, -step, 0],
      '+': [0, 0, 1], '=': [0, 0, 1], '-': [0, 0, -1], '_': [0, 0, -1],
    }[e.key];
    if (!move) return;
    e.preventDefault();
    queue(state, move[0], move[1], move[2], state.width / 2, state.height / 2);
  }, opts);
  container.style.touchAction = 'none';
}

const rgba = (b, i) => (b[i + 3] < 0 ? null : `rgba(${b[i]},${b[i + 1]},${b[i + 2]},${b[i + 3]})`);

/** Paints one frame; returns [index, width at 1 px] for strings not measured before (label boxes use them next). */
export function draw(canvas, bytes, strings, status) {
  const container = canvas.parentElement;
  const state = maps.get(container);
  if (!state) return [];
  const aligned = new Uint8Array(bytes.byteLength);
  aligned.set(bytes);
  const b = new Float32Array(aligned.buffer);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(state.dpr, 0, 0, state.dpr, 0, 0);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  const measured = [];
  let i = 0;
  while (i < b.length) {
    switch (b[i++]) {
      case 1: { // clear r g b a
        ctx.clearRect(0, 0, state.width, state.height);
        const c = rgba(b, i); i += 4;
        if (c) { ctx.fillStyle = c; ctx.fillRect(0, 0, state.width, state.height); }
        break;
      }
      case 2: { // circle x y radius fill(4) stroke(4) strokeWidth
        const [x, y, r] = [b[i], b[i + 1], b[i + 2]];
        const fill = rgba(b, i + 3), stroke = rgba(b, i + 7), sw = b[i + 11];
        i += 12;
        if (stroke && sw > 0) {
          ctx.beginPath(); ctx.arc(x, y, r + sw / 2, 0, Math.PI * 2);
          ctx.lineWidth = sw; ctx.strokeStyle = stroke; ctx.stroke();
        }
        if (fill) { ctx.beginPath(); ctx.arc(x, y, r, 0, Math.PI * 2); ctx.fillStyle = fill; ctx.fill(); }
        break;
      }
      case 3: { // path closed parts [n x y ...]... fill(4) stroke(4) width
        const closed = b[i++] === 1, parts = b[i++];
        ctx.beginPath();
        for (let p = 0; p < parts; p++) {
          const n = b[i++];
          for (let k = 0; k < n; k++, i += 2) (k === 0 ? ctx.moveTo : ctx.lineTo).call(ctx, b[i], b[i + 1]);
          if (closed) ctx.closePath();
        }
        const fill = rgba(b, i), stroke = rgba(b, i + 4), sw = b[i + 8];
        i += 9;
        if (fill && closed) { ctx.fillStyle = fill; ctx.fill('evenodd'); }
        if (stroke && sw > 0) { ctx.lineWidth = sw; ctx.strokeStyle = stroke; ctx.stroke(); }
        break;
      }
      case 4: { // text index x y size colour(4) halo(4) haloWidth
        const index = b[i], text = strings[index], x = b[i + 1], y = b[i + 2], size = b[i + 3];
        const colour = rgba(b, i + 4), halo = rgba(b, i + 8), hw = b[i + 12];
        i += 13;
        if (!state.measured.has(text)) {
          state.measured.add(text);
          ctx.font = `100px ${FONT}`;
          measured.push(index, ctx.measureText(text).width / 100);
        }
        ctx.font = `${size}px ${FONT}`;
        if (halo && hw > 0) { ctx.lineWidth = hw * 2; ctx.strokeStyle = halo; ctx.strokeText(text, x, y); }
        if (colour) { ctx.fillStyle = colour; ctx.fillText(text, x, y); }
        break;
      }
      case 5: // push clip: x y w h
        ctx.save(); ctx.beginPath(); ctx.rect(b[i], b[i + 1], b[i + 2], b[i + 3]); ctx.clip(); i += 4;
        break;
      case 6:
        ctx.restore();
        break;
      default:
        throw new Error(`spatialhub-map: unknown draw op at ${i - 1}`);
    }
  }
  state.frames++;
  container.dataset.frames = String(state.frames);
  container.dataset.view = status.view;
  container.dataset.busy = String(status.busy);
  container.dataset.features = status.features;
  place(container, state, status.popup);
  return measured;
}

/** Puts the popup above its anchor, kept inside the map; hidden while the anchor is out of view. CSSOM, not a style
 * attribute, so pages whose CSP forbids inline styles allow it. */
function place(container, state, at) {
  const popup = container.querySelector('.spatialhub-map-popup');
  if (!popup) return;
  if (!at || at[0] < 0 || at[1] < 0 || at[0] > state.width || at[1] > state.height) {
    popup.style.visibility = 'hidden';
    return;
  }
  const w = popup.offsetWidth, h = popup.offsetHeight, gap = 12;
  const left = Math.max(4, Math.min(state.width - w - 4, at[0] - w / 2));
  const above = at[1] - h - gap;
  const top = above >= 4 ? above : Math.min(state.height - h - 4, at[1] + gap);
  popup.style.left = `${Math.round(left)}px`;
  popup.style.top = `${Math.round(Math.max(4, top))}px`;
  popup.style.visibility = 'visible';
}
