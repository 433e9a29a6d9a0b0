// The publisher page. The key lives in this module's memory only: never in a URL, storage or a cookie; it is sent
// in the X-Api-Key header (requests carry no credentials, so there is nothing for another site to forge).
const $ = (id) => document.getElementById(id);
let key = null;
let datasets = [];

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    credentials: 'omit',
    cache: 'no-store',
    headers: { ...(options.headers || {}), 'X-Api-Key': key, Accept: 'application/json' },
  });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  return { ok: response.ok, status: response.status, body };
}

function problemText(result) {
  const body = result.body || {};
  return `${result.status} ${body.title || ''}: ${body.detail || 'the request was refused.'}`;
}

function say(element, text, kind) {
  element.textContent = text;
  element.className = kind || '';
}

async function signIn(event) {
  event.preventDefault();
  key = $('key').value.trim();
  $('key').value = '';
  const me = await api('/api/publish/me');
  if (!me.ok) {
    key = null;
    say($('signin-status'), me.status === 401 ? 'That key was not accepted.' : problemText(me), 'error');
    $('key').focus();
    return;
  }
  $('signin-form').hidden = true;
  $('who').hidden = false;
  $('who-text').textContent = `Signed in as ${me.body.name}${me.body.administrator ? ' (administrator)' : ''}.`;
  $('patterns').textContent = me.body.patterns.join(', ');
  $('work').hidden = false;
  say($('signin-status'), '');
  await loadDatasets();
  $('dataset').focus();
}

function signOut() {
  key = null;
  datasets = [];
  $('work').hidden = true;
  $('who').hidden = true;
  $('signin-form').hidden = false;
  say($('signin-status'), 'Signed out; the key is forgotten.');
  $('key').focus();
}

async function loadDatasets() {
  const result = await api('/api/publish/datasets');
  if (!result.ok) {
    say($('upload-status'), problemText(result), 'error');
    return;
  }
  datasets = result.body;
  const rows = $('datasets').tBodies[0];
  rows.replaceChildren(...datasets.map((d) => {
    const row = document.createElement('tr');
    for (const text of [`${d.title} (${d.id})`, d.published ? 'yes' : 'no', String(d.featureCount), d.version]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    const action = document.createElement('td');
    const edit = document.createElement('button');
    edit.type = 'button';
    edit.className = 'secondary';
    edit.textContent = 'Describe';
    edit.setAttribute('aria-label', `Describe ${d.id}`);
    edit.addEventListener('click', () => openEditor(d));
    action.append(edit);
    row.append(action);
    return row;
  }));
}

// ---- upload: check (dry run, every row validated, nothing written), then confirm ----
function uploadUrl(dryRun) {
  const file = $('file').files[0];
  const query = new URLSearchParams({ fileName: file.name });
  if ($('title').value.trim()) query.set('title', $('title').value.trim());
  if (dryRun) {
    query.set('dryRun', 'true');
    query.set('onError', 'skip');
  }
  return `/api/datasets/${encodeURIComponent($('dataset').value.trim())}?${query}`;
}

function showReport(report, issues, summary) {
  $('report').hidden = false;
  $('report-summary').textContent = summary;
  const body = $('issues').tBodies[0];
  body.replaceChildren(...issues.map((issue) => {
    const row = document.createElement('tr');
    for (const text of [issue.line ?? '', issue.field ?? '', issue.reason ?? issue.message ?? '']) {
      const cell = document.createElement('td');
      cell.textContent = String(text);
      row.append(cell);
    }
    return row;
  }));
  $('issues').hidden = issues.length === 0;
}

async function send(dryRun) {
  const file = $('file').files[0];
  const id = $('dataset').value.trim();
  if (!id || !file) {
    say($('upload-status'), 'Give a dataset id and choose a file first.', 'error');
    ($('dataset').value.trim() ? $('file') : $('dataset')).focus();
    return;
  }
  say($('upload-status'), dryRun ? 'Checking every row…' : 'Importing…');
  const result = await api(uploadUrl(dryRun), { method: 'PUT', body: file, headers: { 'Content-Type': file.type || 'application/octet-stream' } });
  if (!result.ok) {
    $('confirm').disabled = true;
    say($('upload-status'), problemText(result), 'error');
    showReport(null, result.body?.issues || [], 'Nothing was imported.');
    return;
  }
  const r = result.body;
  if (dryRun) {
    showReport(r, r.issues, `${r.rowsRead} rows read: ${r.imported} valid, ${r.skipped} with problems. Geometry: ${r.geometryType}.`);
    $('confirm').disabled = r.imported === 0;
    say($('upload-status'), r.skipped === 0 ? 'The file is valid. Import it to replace the current version.'
      : 'Rows with problems are listed below; importing now refuses the whole file. Fix them, or import only the valid rows with the command line (--on-error skip).',
      r.skipped === 0 ? 'ok' : 'error');
  } else {
    $('confirm').disabled = true;
    say($('upload-status'), `Imported ${r.imported} features as version ${r.version} of ${r.datasetId}.`, 'ok');
    await loadDatasets();
  }
}

function setUpDropZone() {
  const drop = $('drop');
  const chosen = () => {
    const file = $('file').files[0];
    $('drop-text').textContent = file ? `Chosen: ${file.name} (${file.size.toLocaleString()} bytes)` : 'Drop a file here or choose one';
    $('confirm').disabled = true;
    $('report').hidden = true;
  };
  $('file').addEventListener('change', chosen);
  for (const name of ['dragenter', 'dragover']) {
    drop.addEventListener(name, (event) => { event.preventDefault(); drop.classList.add('over'); });
  }
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    if (event.dataTransfer?.files?.length) {
      $('file').files = event.dataTransfer.files;
      chosen();
    }
  });
}

// ---- metadata ----
let editing = null;

function openEditor(dataset) {
  editing = dataset.id;
  const m = dataset.metadata || {};
  $('edit').hidden = false;
  $('edit-id').textContent = dataset.id;
  $('m-title').value = dataset.title;
  $('m-description').value = m.description || '';
  $('m-licence').value = m.licence || '';
  $('m-source').value = m.sourceUrl || '';
  $('m-department').value = m.department || '';
  $('m-keywords').value = (m.keywords || []).join(', ');
  $('m-frequency').value = m.updateFrequency || '';
  $('m-contact').value = m.contact || '';
  $('m-published').checked = dataset.published;
  say($('edit-status'), '');
  showLinks(dataset);
  $('m-title').focus();
}

// Versions and quality reports come from other parts of the service: linked when this server's OpenAPI document
// lists a GET route for them (asked once), so that the page works with or without them.
let extraRoutes = null;

async function showLinks(dataset) {
  if (extraRoutes === null) {
    const openApi = await fetch('/openapi/v1.json', { credentials: 'omit' }).then((r) => (r.ok ? r.json() : { paths: {} }), () => ({ paths: {} }));
    extraRoutes = Object.keys(openApi.paths || {})
      .filter((path) => /^\/api\/datasets\/\{id\}\/[a-z-]*(version|quality)/.test(path) && openApi.paths[path].get && !path.slice(19).includes('{'));
  }
  const links = $('edit-links');
  links.replaceChildren(...extraRoutes.flatMap((route) => {
    const link = document.createElement('a');
    link.href = route.replace('{id}', encodeURIComponent(dataset.id));
    link.textContent = route.includes('quality') ? 'Quality report' : 'Versions';
    return [link, ' '];
  }));
}

async function save(event) {
  event.preventDefault();
  const patch = {
    title: $('m-title').value,
    description: $('m-description').value,
    licence: $('m-licence').value,
    sourceUrl: $('m-source').value,
    department: $('m-department').value,
    keywords: $('m-keywords').value.split(',').map((k) => k.trim()).filter(Boolean),
    updateFrequency: $('m-frequency').value,
    contact: $('m-contact').value,
    published: $('m-published').checked,
  };
  const result = await api(`/api/datasets/${encodeURIComponent(editing)}`, {
    method: 'PATCH', body: JSON.stringify(patch), headers: { 'Content-Type': 'application/json' },
  });
  say($('edit-status'), result.ok ? `Saved ${editing}.` : problemText(result), result.ok ? 'ok' : 'error');
  if (result.ok) await loadDatasets();
}

$('signin-form').addEventListener('submit', signIn);
$('signout').addEventListener('click', signOut);
$('upload-form').addEventListener('submit', (event) => { event.preventDefault(); send(true); });
$('confirm').addEventListener('click', () => send(false));
$('edit-form').addEventListener('submit', save);
setUpDropZone();
