// The agentcron dashboard: plain modules, no build step, nothing loaded from elsewhere. Every URL is relative,
// so the page works under any path prefix. The key lives in session storage and goes out only as a header.

const KEY = 'agentcron.key';
const POLL_MS = 5000;
const main = document.getElementById('main');
let me = null;
let poller = null;

// --- talking to the server -------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.message || body.error)) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
  /** The request field at fault, as the face named it or as the message's prefix says. */
  get field() {
    if (this.body.field) return String(this.body.field);
    const match = /^([A-Za-z_.\[\]0-9]+):/.exec(this.message);
    return match ? match[1] : null;
  }
}

async function api(method, path, body) {
  const headers = { Authorization: `Bearer ${sessionStorage.getItem(KEY) || ''}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { detail: text.slice(0, 300) }; }
  if (res.status === 401) {
    sessionStorage.removeItem(KEY);
    me = null;
    showLogin('That key was not accepted.');
    throw new ApiError(401, json);
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

const get = (path) => api('GET', path);
const post = (path, body) => api('POST', path, body);

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

// --- building the page -----------------------------------------------------------------------------------

/** An element with attributes, listeners (on*) and children; text is always text, never markup. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'style') Object.assign(el.style, v); // through the CSSOM: the policy forbids inline style attributes
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const may = (role) => me && (role === 'viewer' || me.role === 'admin' || (role === 'editor' && me.role === 'editor'));
const state = (s) => h('span', { class: `state ${s || ''}` }, s || '—');

function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return h('span', { title: `${iso} UTC` }, `${d.toLocaleString()} (${relative(d)})`);
}

function relative(date) {
  const s = Math.round((date.getTime() - Date.now()) / 1000);
  const a = Math.abs(s);
  const text = a < 60 ? `${a}s` : a < 3600 ? `${Math.round(a / 60)}m` : a < 86400 ? `${Math.round(a / 3600)}h` : `${Math.round(a / 86400)}d`;
  return s >= 0 ? `in ${text}` : `${text} ago`;
}

function ms(value) {
  if (value === null || value === undefined) return '—';
  return value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(value < 10000 ? 2 : 0)} s`;
}

function notice(text, cls = 'ok') {
  const el = document.getElementById('notice');
  if (el) { el.className = cls; el.textContent = text; }
}

function failed(error) {
  if (error.status !== 401) notice(error.message, 'err');
}

/** Re-renders the current page every few seconds while the tab is visible. */
function live(refresh) {
  clearInterval(poller);
  poller = setInterval(() => { if (document.visibilityState === 'visible') refresh().catch(failed); }, POLL_MS);
}

// --- pages -----------------------------------------------------------------------------------------------

function showLogin(message) {
  clearInterval(poller);
  document.getElementById('nav').hidden = true;
  document.getElementById('who').textContent = '';
  const input = h('input', { type: 'password', id: 'key', autocomplete: 'off', placeholder: 'ac_…', required: true });
  main.replaceChildren(h('form', { class: 'login', onsubmit: async (e) => {
    e.preventDefault();
    sessionStorage.setItem(KEY, input.value.trim());
    try { await start(); } catch (err) { failed(err); }
  } },
  h('h1', {}, 'Sign in'),
  h('p', { class: 'muted' }, 'Paste an API key. It is kept in this tab only and sent to this server alone.'),
  h('p', {}, input), h('p', {}, h('button', { class: 'primary', type: 'submit' }, 'Sign in')),
  h('p', { id: 'notice', class: 'err' }, message || '')));
  input.focus();
}

async function overview() {
  const body = h('div');
  main.replaceChildren(h('h1', {}, 'Overview'), h('p', { id: 'notice' }), body);
  const draw = async () => {
    const o = await get('v1/overview');
    const card = (k, v, cls) => h('div', { class: 'card' }, h('div', { class: `v ${cls || ''}` }, v), h('div', { class: 'k' }, k));
    body.replaceChildren(
      h('div', { class: 'cards' },
        card('runs, last hour', o.last_hour.runs), card('failed, last hour', o.last_hour.failed, o.last_hour.failed ? 'err' : ''),
        card('runs, last day', o.last_day.runs), card('failed, last day', o.last_day.failed, o.last_day.failed ? 'err' : ''),
        card('lateness p50 · p95 · p99, last day', ['p50', 'p95', 'p99'].map((p) => ms(o.last_day.lateness_ms[p])).join(' · '))),
      h('h2', {}, 'Next fires'), timeline(o.upcoming),
      table(['Next fire', 'Schedule', 'Trigger'], o.upcoming.map((s) => [when(s.next_fire_at), link(s), describe(s)]), 'Nothing is due.'),
      h('h2', {}, 'Paused'),
      table(['Schedule', 'Why', 'Failures in a row'], o.paused.map((s) => [link(s), s.paused_reason || h('span', { class: 'muted' }, 'no reason given'), s.failures_in_a_row]),
        'No schedule is paused.'));
  };
  await draw();
  live(draw);
}

/** The soonest fires on a line from now to the last of them. */
function timeline(schedules) {
  const times = schedules.filter((s) => s.next_fire_at).map((s) => ({ s, t: Date.parse(s.next_fire_at) }));
  if (!times.length) return h('div');
  const now = Date.now();
  const span = Math.max(60_000, Math.max(...times.map((x) => x.t)) - now) * 1.05;
  const at = (t) => `${Math.min(100, Math.max(0, ((t - now) / span) * 100)).toFixed(2)}%`;
  return h('div', { class: 'timeline', 'aria-label': 'upcoming fires' },
    ...times.map(({ s, t }) => h('span', { class: 'dot', style: { left: at(t) }, title: `${s.name || s.id} at ${new Date(t).toLocaleString()}` })),
    h('span', { class: 'tick', style: { left: '0' } }, 'now'),
    h('span', { class: 'tick', style: { left: '100%' } }, relative(new Date(now + span))));
}

function table(headings, rows, empty) {
  if (!rows.length) return h('p', { class: 'muted' }, empty);
  return h('table', {}, h('thead', {}, h('tr', {}, headings.map((x) => h('th', {}, x)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c))))));
}

const title = (s) => s.name || (s.agent_id ? `Message to ${s.agent_id}` : s.id);
const link = (s) => h('a', { href: `#/schedule/${encodeURIComponent(s.id)}` }, title(s));
/** The trigger in words, with the zone it is read in when the words do not already say it. */
const describe = (s) => h('span', {}, s.description || s.trigger,
  s.timezone && !(s.description || '').includes(s.timezone) ? h('span', { class: 'muted' }, ` (${s.timezone})`) : '');

async function schedules() {
  const filters = { q: '', face: '', state: '' };
  const selected = new Set();
  const rows = h('div');
  const search = h('input', { type: 'search', placeholder: 'Search name, agent, message, prompt', size: 36,
    oninput: (e) => { filters.q = e.target.value.trim(); draw().catch(failed); } });
  const choose = (name, options) => h('select', { name, onchange: (e) => { filters[name] = e.target.value; draw().catch(failed); } },
    options.map(([v, label]) => h('option', { value: v }, label)));
  const scope = h('select', { id: 'bulk-scope', 'aria-label': 'apply to' },
    h('option', { value: 'selected' }, 'the selected rows'), h('option', { value: 'matching' }, 'everything matching the filter'));
  /** The ids an action applies to: the ticked rows, or every page of the current filter. */
  const targets = async () => {
    if (scope.value === 'selected') return [...selected];
    const ids = [];
    let cursor;
    do {
      const page = await get(`v1/schedules${query({ ...filters, limit: 500, cursor })}`);
      page.schedules.forEach((s) => ids.push(s.id));
      cursor = page.next_cursor;
    } while (cursor);
    return ids;
  };
  const bulk = (label, action, confirmText) => h('button', { 'data-needs': 'editor', onclick: async () => {
    const ids = await targets().catch((err) => { failed(err); return null; });
    if (!ids) return;
    if (!ids.length) return notice(scope.value === 'selected' ? 'Select schedules first.' : 'Nothing matches the filter.', 'err');
    let reason;
    if (action === 'pause') { reason = prompt(`Why pause ${ids.length} schedule(s)?`); if (reason === null) return; }
    if (confirmText && !confirm(confirmText.replace('N', ids.length))) return;
    let refused = 0;
    for (const id of ids) await act(id, action, reason).catch(() => refused++);
    selected.clear();
    notice(`${label}: ${ids.length - refused} schedule(s)${refused ? `; ${refused} refused` : ''}.`, refused ? 'err' : 'ok');
    await draw();
  } }, label);
  main.replaceChildren(h('h1', {}, 'Schedules'),
    h('div', { class: 'bar' }, search,
      choose('face', [['', 'Both faces'], ['letta', 'Letta messages'], ['oz', 'Agent runs']]),
      choose('state', [['', 'Any state'], ['active', 'Active'], ['paused', 'Paused']]),
      may('editor') && h('span', { class: 'bar' }, bulk('Pause', 'pause'), bulk('Resume', 'resume'),
        bulk('Delete', 'delete', 'Delete N schedule(s)? Their history goes too.'), scope)),
    h('p', { id: 'notice' }), rows);
  let cursor = null;
  const draw = async () => {
    const page = await get(`v1/schedules${query({ ...filters, include: 'recent_runs', limit: 100 })}`);
    cursor = page.next_cursor;
    rows.replaceChildren(table(
      [may('editor') ? h('input', { type: 'checkbox', 'aria-label': 'select all', onchange: (e) => {
        page.schedules.forEach((s) => (e.target.checked ? selected.add(s.id) : selected.delete(s.id)));
        rows.querySelectorAll('input[data-id]').forEach((box) => (box.checked = e.target.checked));
      } }) : '', 'Schedule', 'Agent or runner', 'Trigger', 'Next fire', 'Last runs', 'State', ''],
      page.schedules.map((s) => [
        may('editor') ? h('input', { type: 'checkbox', 'data-id': s.id, checked: selected.has(s.id),
          onchange: (e) => (e.target.checked ? selected.add(s.id) : selected.delete(s.id)) }) : '',
        link(s), target(s), describe(s), s.state === 'paused' ? h('span', { class: 'muted' }, 'paused') : when(s.next_fire_at),
        strip(s.recent_runs || []),
        h('span', {}, state(s.state), s.paused_reason ? h('div', { class: 'muted' }, s.paused_reason) : '',
          s.last_spawn_error ? h('div', { class: 'err' }, s.last_spawn_error) : ''),
        actions(s, draw)]),
      filters.q || filters.face || filters.state ? 'Nothing matches.' : 'No schedules yet.'),
    cursor ? h('p', { class: 'muted' }, 'Showing the 100 soonest; narrow the search to see others.') : '');
  };
  await draw();
  live(draw);
}

/** The last runs as small squares, oldest on the left, each titled with its state. */
const strip = (states) => (states.length
  ? h('span', { class: 'strip', 'aria-label': `last runs: ${states.join(', ')}` }, [...states].reverse().map((st) => h('i', { class: st, title: st })))
  : h('span', { class: 'muted' }, 'none yet'));

const target = (s) => (s.kind === 'letta_message' ? s.agent_id || '—' : h('span', { class: 'muted' }, 'agent run'));

async function act(id, action, reason) {
  const path = `v1/schedules/${encodeURIComponent(id)}`;
  if (action === 'delete') return api('DELETE', path);
  return post(`${path}/${action}`, action === 'pause' ? { reason: reason || null } : {});
}

/** The buttons for what this key may do to a schedule. */
function actions(s, after) {
  if (!may('editor')) return '';
  const button = (label, action, extra = {}) => h('button', { ...extra, onclick: async () => {
    let reason;
    if (action === 'pause') { reason = prompt(`Why pause "${title(s)}"?`); if (reason === null) return; }
    if (action === 'delete' && !confirm(`Delete "${title(s)}" and its history?`)) return;
    try {
      const out = await act(s.id, action, reason);
      notice(action === 'run' ? `Started run ${out.run_id}.` : `${label}: done.`);
      if (action === 'delete' && location.hash.startsWith('#/schedule/')) location.hash = '#/schedules';
      else await after();
    } catch (err) { failed(err); }
  } }, label);
  return h('span', { class: 'bar' },
    button('Run now', 'run'),
    s.state === 'paused' ? button('Resume', 'resume') : button('Pause', 'pause'),
    s.state === 'active' && s.kind ? button('Skip next', 'skip-next') : '',
    button('Delete', 'delete', { class: 'danger' }));
}

async function schedule(id) {
  const head = h('div');
  const runs = h('div');
  main.replaceChildren(head, h('p', { id: 'notice' }), h('h2', {}, 'Runs'), runs);
  const draw = async () => {
    const [s, page] = await Promise.all([get(`v1/schedules/${encodeURIComponent(id)}`),
      get(`v1/runs${query({ schedule_id: id, limit: 50 })}`)]);
    head.replaceChildren(h('h1', {}, title(s)), h('p', { class: 'muted' }, s.id),
      h('div', { class: 'bar' }, actions(s, draw),
        s.kind === 'agent_run' && may('editor') ? h('a', { class: 'button', href: `#/edit/${encodeURIComponent(s.id)}` }, 'Edit') : ''),
      h('dl', { class: 'facts' },
        h('dt', {}, 'State'), h('dd', {}, state(s.state), s.paused_reason ? ` ${s.paused_reason}` : ''),
        h('dt', {}, 'Kind'), h('dd', {}, s.kind === 'letta_message' ? `Letta message to ${s.agent_id}` : 'Agent run'),
        h('dt', {}, 'Trigger'), h('dd', {}, describe(s), h('div', { class: 'muted' }, s.trigger)),
        h('dt', {}, 'Next fire'), h('dd', {}, when(s.next_fire_at)),
        h('dt', {}, 'Last ran'), h('dd', {}, when(s.last_ran_at)),
        h('dt', {}, 'Failures in a row'), h('dd', {}, s.failures_in_a_row),
        s.last_spawn_error ? [h('dt', {}, 'Last spawn error'), h('dd', { class: 'err' }, s.last_spawn_error)] : ''));
    runs.replaceChildren(table(['Due', 'Started', 'Lateness', 'State', 'Attempts', 'Duration', 'Answer'],
      page.runs.map((r) => [when(r.due_at), when(r.started_at), ms(r.lateness_ms), state(r.state), r.attempt,
        r.started_at && r.finished_at ? ms(Date.parse(r.finished_at) - Date.parse(r.started_at)) : '—',
        // A succeeded run's error is a note (an answer cut at the size limit, a device that was offline).
        h('div', {}, r.error ? h('div', { class: r.state === 'succeeded' ? 'muted' : 'err' }, r.error) : '', answer(r.response), callback(r))]),
      'No runs yet.'));
  };
  await draw();
  live(draw);
}

/** A Letta answer message by message; any other answer as text. */
function answer(response) {
  if (response === null || response === undefined) return '';
  if (typeof response === 'object' && Array.isArray(response.messages)) {
    return h('div', {}, response.messages.map((m) => {
      const text = m.content ?? m.reasoning ?? (m.tool_call ? `${m.tool_call.name}(${m.tool_call.arguments || ''})` : null)
        ?? m.tool_return ?? JSON.stringify(m);
      return h('div', { class: `answer ${m.message_type || ''}` }, h('div', { class: 'type' }, (m.message_type || 'message').replace(/_/g, ' ')),
        h('pre', {}, typeof text === 'string' ? text : JSON.stringify(text, null, 2)));
    }));
  }
  return h('div', { class: 'answer' }, h('div', { class: 'type' }, 'output'),
    h('pre', {}, typeof response === 'string' ? response : JSON.stringify(response, null, 2)));
}

/** The callback's delivery, with a button to send it again once it has ended. */
function callback(r) {
  if (!r.callback) return '';
  const c = r.callback;
  const resend = may('editor') && c.state !== 'pending' && h('button', { onclick: async () => {
    try {
      await post(`v1/runs/${encodeURIComponent(r.id)}/callback/resend`);
      notice('The callback is on its way again.');
    } catch (err) { failed(err); }
  } }, 'Send again');
  return h('div', { class: 'muted' }, `Callback: ${c.state}, ${c.attempts} attempt(s)`,
    c.last_status ? `, last status ${c.last_status}` : '', c.last_error ? `, ${c.last_error}` : '', ' ', resend);
}

// --- creating a schedule ---------------------------------------------------------------------------------

/** What an agent run keeps through an edit: its policies, bounds and Oz fields the form does not show. */
const KEPT_ON_EDIT = ['overlap', 'catch_up', 'catch_up_limit', 'catch_up_window', 'jitter', 'max_attempts', 'retry_backoff',
  'timeout', 'auto_pause_after', 'start_at', 'end_at', 'agent_uid', 'metadata', 'mode'];

/** The form for a new schedule of either kind, or, given an agent run's id, for editing that one. */
async function create(editId) {
  const editing = editId ? await get(`api/v1/agent/schedules/${encodeURIComponent(editId)}`) : null;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const errors = {};
  const field = (name, label, input, help) => {
    errors[name] = h('div', { class: 'err', id: `error-${name}` });
    return [h('label', { for: name, 'data-for': name }, label), h('div', { class: 'field', 'data-for': name }, input, help ? h('div', { class: 'muted' }, help) : '', errors[name])];
  };
  const input = (name, attrs = {}) => h('input', { id: name, name, ...attrs });
  const kind = h('select', { id: 'kind', name: 'kind' }, h('option', { value: 'letta' }, 'Letta message to an agent'), h('option', { value: 'oz' }, 'Agent run from a prompt'));
  const words = input('words', { placeholder: 'every weekday at 9am' });
  const cron = input('cron', { placeholder: '0 9 * * 1-5' });
  const tz = input('timezone', { value: zone });
  const preview = h('div', { class: 'preview', id: 'preview' }, h('span', { class: 'muted' }, 'Type a schedule to see its next fires.'));
  const form = h('form', { class: 'grid', id: 'create', onsubmit: (e) => { e.preventDefault(); submit().catch(failed); } },
    field('kind', 'Kind', kind),
    field('agent_id', 'Agent id', input('agent_id', { placeholder: 'agent-…' })),
    field('message', 'Message', h('textarea', { id: 'message', name: 'message' })),
    field('name', 'Name', input('name')),
    field('prompt', 'Prompt', h('textarea', { id: 'prompt', name: 'prompt' })),
    field('words', 'In words', words, 'Say it in English, or write the cron below.'),
    field('cron', 'Cron', cron, '5 or 6 fields, a macro such as @daily, or @every 15m.'),
    field('timezone', 'Time zone', tz, 'The cron is read in this IANA zone; fires follow its clock changes.'),
    field('callback_url', 'Callback URL', input('callback_url', { type: 'url', placeholder: 'optional' })),
    h('span'), h('div', {}, h('button', { class: 'primary', type: 'submit' }, editing ? 'Save' : 'Create schedule')));
  main.replaceChildren(h('h1', {}, editing ? `Edit ${editing.name}` : 'New schedule'), h('p', { id: 'notice' }), form, preview);
  if (editing) {
    kind.value = 'oz';
    kind.disabled = true;
    form.elements.name.value = editing.name;
    form.elements.prompt.value = editing.prompt || '';
    cron.value = editing.cron_schedule;
    tz.value = editing.timezone || 'UTC';
  }

  const shown = () => {
    const letta = kind.value === 'letta';
    for (const [name, visible] of [['agent_id', letta], ['message', letta], ['callback_url', letta], ['name', !letta], ['prompt', !letta]]) {
      form.querySelectorAll(`[data-for="${name}"]`).forEach((el) => (el.hidden = !visible));
    }
  };
  kind.addEventListener('change', shown);
  shown();

  let timer = null;
  let asked = 0;
  const refresh = (fromWords) => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const ticket = ++asked;
      errors.words.textContent = errors.cron.textContent = errors.timezone.textContent = '';
      try {
        let out;
        if (fromWords) {
          if (!words.value.trim()) return;
          out = await post('v1/schedules/parse', { text: words.value.trim(), timezone: tz.value.trim() || 'UTC' });
          if (out.trigger.cron) cron.value = out.trigger.cron;
          else if (out.trigger.every) cron.value = `@every ${out.trigger.every}`;
        } else {
          if (!cron.value.trim()) return;
          out = await post('v1/schedules/preview', { cron: cron.value.trim(), timezone: tz.value.trim() || 'UTC', count: 5 });
        }
        if (ticket === asked) showPreview(preview, out);
      } catch (err) {
        if (ticket !== asked || err.status === 401) return;
        const at = err.field && err.field.includes('timezone') ? 'timezone' : fromWords ? 'words' : 'cron';
        errors[at].textContent = err.message;
        preview.replaceChildren(h('span', { class: 'muted' }, 'No preview until the schedule reads.'));
      }
    }, 250);
  };
  words.addEventListener('input', () => refresh(true));
  cron.addEventListener('input', () => { words.value = ''; refresh(false); });
  if (editing) refresh(false);
  tz.addEventListener('input', () => refresh(Boolean(words.value.trim())));

  async function submit() {
    Object.values(errors).forEach((e) => (e.textContent = ''));
    const value = (name) => form.elements[name].value.trim();
    let path;
    let body;
    if (kind.value === 'letta') {
      path = `v1/agents/${encodeURIComponent(value('agent_id') || '-')}/schedule`;
      body = { messages: [{ role: 'user', content: value('message') }],
        schedule: { type: 'recurring', cron_expression: value('cron'), timezone: value('timezone') || 'UTC' } };
      if (value('callback_url')) body.callback_url = value('callback_url');
    } else if (editing) {
      path = `api/v1/agent/schedules/${encodeURIComponent(editing.id)}`;
      body = Object.fromEntries(KEPT_ON_EDIT.filter((k) => editing[k] !== undefined && editing[k] !== null).map((k) => [k, editing[k]]));
      Object.assign(body, { name: value('name'), prompt: value('prompt'), cron_schedule: value('cron'),
        timezone: value('timezone') || 'UTC', enabled: editing.enabled });
    } else {
      path = 'api/v1/agent/schedules';
      body = { name: value('name'), prompt: value('prompt'), cron_schedule: value('cron'), timezone: value('timezone') || 'UTC' };
    }
    try {
      await api(editing ? 'PUT' : 'POST', path, body);
      location.hash = editing ? `#/schedule/${encodeURIComponent(editing.id)}` : '#/schedules';
    } catch (err) {
      if (err.status === 401) return;
      errors[fieldOf(err.field)].textContent = err.message;
      notice('The schedule was not created: see the field marked below.', 'err');
    }
  }
}

/** Which input a face's field name points at. */
function fieldOf(name) {
  const n = (name || '').toLowerCase();
  for (const [part, input] of [['agent', 'agent_id'], ['message', 'message'], ['content', 'message'], ['cron', 'cron'],
    ['timezone', 'timezone'], ['callback', 'callback_url'], ['prompt', 'prompt'], ['name', 'name'], ['schedule', 'cron']]) {
    if (n.includes(part)) return input;
  }
  return 'kind';
}

function showPreview(box, out) {
  box.replaceChildren(h('div', {}, h('strong', {}, out.description)),
    table(['UTC', 'Local', ''], out.next.map((f) => [f.at, f.local, f.note ? h('span', { class: 'muted' }, f.note) : '']), 'It never fires.'),
    out.clock_changes.length ? h('div', { class: 'muted' }, out.clock_changes.join(' ')) : '');
}

// --- keys ------------------------------------------------------------------------------------------------

async function keys() {
  const list = h('div');
  const shownOnce = h('div');
  const name = h('input', { id: 'key-name', placeholder: 'name, e.g. ci-bot', required: true });
  const principal = h('input', { id: 'key-principal', placeholder: 'principal, e.g. alice', required: true });
  const role = h('select', { id: 'key-role' }, ['editor', 'viewer', 'admin'].map((r) => h('option', { value: r }, r)));
  main.replaceChildren(h('h1', {}, 'Keys'), h('p', { id: 'notice' }),
    h('form', { class: 'bar', onsubmit: async (e) => {
      e.preventDefault();
      try {
        const k = await post('v1/keys', { name: name.value.trim(), principal: principal.value.trim(), role: role.value });
        shownOnce.replaceChildren(h('p', {}, `Key "${k.name}" (${k.role}). Copy it now: it is not shown again.`), h('div', { class: 'secret', id: 'new-key' }, k.key));
        name.value = '';
        await draw();
      } catch (err) { failed(err); }
    } }, name, principal, role, h('button', { class: 'primary', type: 'submit' }, 'Create key')),
    shownOnce, list);
  const draw = async () => {
    const out = await get('v1/keys');
    list.replaceChildren(table(['Name', 'Principal', 'Role', 'Created', 'Last used', 'Expires', ''],
      out.keys.map((k) => [k.name, k.principal, k.role, when(k.created_at), when(k.last_used_at), when(k.expires_at),
        k.revoked_at ? h('span', { class: 'muted' }, 'revoked') : h('button', { class: 'danger', onclick: async () => {
          if (!confirm(`Revoke "${k.name}"? Anything using it stops working.`)) return;
          try { await api('DELETE', `v1/keys/${encodeURIComponent(k.id)}`); await draw(); } catch (err) { failed(err); }
        } }, 'Revoke')]), 'No keys.'));
  };
  await draw();
}

// --- routing ---------------------------------------------------------------------------------------------

async function route() {
  clearInterval(poller);
  if (!me) return;
  const [, page, arg] = (location.hash || '#/overview').split('/');
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('on', a.getAttribute('href') === `#/${page}`));
  try {
    if (page === 'schedules') await schedules();
    else if (page === 'schedule' && arg) await schedule(decodeURIComponent(arg));
    else if (page === 'new' && may('editor')) await create();
    else if (page === 'edit' && arg && may('editor')) await create(decodeURIComponent(arg));
    else if (page === 'keys' && may('admin')) await keys();
    else await overview();
  } catch (err) {
    if (err.status !== 401) main.replaceChildren(h('p', { class: 'err' }, err.message));
  }
}

async function start() {
  me = await get('v1/me');
  document.getElementById('who').replaceChildren(`${me.principal} (${me.role}) `,
    h('button', { onclick: () => { sessionStorage.removeItem(KEY); me = null; showLogin(); } }, 'Sign out'));
  const nav = document.getElementById('nav');
  nav.querySelectorAll('[data-needs]').forEach((a) => (a.hidden = !may(a.dataset.needs)));
  nav.hidden = false;
  await route();
}

window.addEventListener('hashchange', () => route());
if (sessionStorage.getItem(KEY)) start().catch(() => showLogin()); else showLogin();
