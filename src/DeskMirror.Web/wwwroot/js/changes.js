// The Changes tab's diff: fetched from GET /project/{id}/changes/diff (the API, with this browser's cookie) and drawn
// by diff2html with highlight.js colours: side by side on a wide screen, line by line on a phone (<= 760 px, the same
// break as the layout). The libraries load on first use, so pages without a diff never pay for them.

const NARROW = window.matchMedia('(max-width: 760px)');
const CUT_PREFIX = '### DeskMirror: diff cut';
// Syntax colours cost highlight.js time per line; past this a long diff is drawn plain, so a phone stays responsive.
const MAX_HIGHLIGHTED_LINES = 2000;
const loaded = new Map();
const views = new WeakMap();

function load(tag, url) {
  if (!loaded.has(url)) {
    loaded.set(url, new Promise((resolve, reject) => {
      const element = document.createElement(tag);
      if (tag === 'script') {
        element.src = url;
      } else {
        element.rel = 'stylesheet';
        element.href = url;
      }
      element.onload = () => resolve();
      element.onerror = () => { loaded.delete(url); reject(new Error(`could not load ${url}`)); };
      document.head.appendChild(element);
    }));
  }
  return loaded.get(url);
}

async function libraries(options) {
  await Promise.all([
    ...options.styles.map((url) => load('link', url)),
    ...options.scripts.map((url) => load('script', url)),
  ]);
}

function message(host, text, className) {
  const p = document.createElement('p');
  p.className = className;
  p.setAttribute('role', 'status');
  p.textContent = text;
  host.replaceChildren(p);
}

function draw(host, view) {
  const { text, cut, options } = view;
  const content = document.createElement('div');
  content.className = 'diff-content';
  const ui = new Diff2HtmlUI(content, text, {
    outputFormat: NARROW.matches ? 'line-by-line' : 'side-by-side',
    drawFileList: false,
    matching: 'lines',
    highlight: view.lines <= MAX_HIGHLIGHTED_LINES,
    fileContentToggle: false,
    stickyFileHeaders: false,
    synchronisedScroll: true,
    colorScheme: 'dark',
    renderNothingWhenEmpty: false,
  });
  ui.draw();
  if (view.lines <= MAX_HIGHLIGHTED_LINES) ui.highlightCode();
  const parts = [];
  if (cut) {
    const note = document.createElement('p');
    note.className = 'diff-cut';
    note.dataset.testid = 'diff-cut';
    note.setAttribute('role', 'note');
    note.textContent = options.text.cut;
    parts.push(note);
  }
  parts.push(content);
  host.replaceChildren(...parts);
  host.dataset.format = NARROW.matches ? 'line-by-line' : 'side-by-side';
}

export async function showDiff(host, url, options) {
  let view = views.get(host);
  if (!view) {
    view = { sequence: 0, options };
    view.redraw = () => { if (view.text !== undefined) draw(host, view); };
    NARROW.addEventListener('change', view.redraw);
    views.set(host, view);
  }
  view.options = options;
  const sequence = ++view.sequence;
  host.setAttribute('aria-busy', 'true');
  if (view.url !== url) {
    message(host, options.text.loading, 'muted diff-loading');
  }
  try {
    const [response] = await Promise.all([
      fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'text/plain' } }),
      libraries(options),
    ]);
    const body = await response.text();
    if (sequence !== view.sequence) return;
    if (!response.ok) {
      let detail = `${response.status}`;
      try { detail = JSON.parse(body).detail || detail; } catch { /* not a problem body */ }
      view.text = undefined;
      message(host, `${options.text.failed} ${detail}`, 'error diff-error');
      return;
    }
    const cut = response.headers.get('X-Diff-Truncated') === 'true';
    // The marker line is for API readers; here the note above the diff says it, in the reader's language.
    view.text = cut ? body.split('\n').filter((line) => !line.startsWith(CUT_PREFIX)).join('\n') : body;
    view.cut = cut;
    view.lines = view.text.split('\n').length;
    view.url = url;
    draw(host, view);
  } catch (error) {
    if (sequence !== view.sequence) return;
    view.text = undefined;
    message(host, `${options.text.failed} ${error.message}`, 'error diff-error');
  } finally {
    if (sequence === view.sequence) host.removeAttribute('aria-busy');
  }
}

export function focusRow(path) {
  const row = [...document.querySelectorAll('[data-testid=change-row]')].find((e) => e.dataset.path === path);
  row?.focus();
}
