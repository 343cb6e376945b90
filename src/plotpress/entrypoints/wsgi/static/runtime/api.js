// Talking to the server: POST /api/query for a block, rows into objects.

export class ProblemError extends Error {
  constructor(title, detail, status) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = "ProblemError";
    this.title = title;
    this.detail = detail;
    this.status = status;
  }
}

function csrfHeaders() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? { "X-CSRF-Token": meta.content } : {};
}

// SQLite and friends send "YYYY-MM-DD HH:MM:SS" without a zone: read those as UTC,
// the way Plot's scales default to UTC.
function parseTime(text) {
  if (typeof text !== "string") return text;
  let iso = text.length > 10 ? text.replace(" ", "T") : text;
  if (iso.length > 10 && !/(Z|[+-]\d\d:?\d\d)$/i.test(iso)) iso += "Z";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? text : date;
}

export function toData({ columns, rows, truncated }) {
  const names = columns.map((c) => c.name);
  const temporal = columns.map((c) => c.type === "date" || c.type === "timestamp");
  const data = rows.map((row) => {
    const object = {};
    names.forEach((name, i) => {
      object[name] = temporal[i] && row[i] != null ? parseTime(row[i]) : row[i];
    });
    return object;
  });
  data.columns = names;
  data.types = Object.fromEntries(columns.map((c) => [c.name, c.type]));
  data.truncated = Boolean(truncated);
  return data;
}

export async function runQuery(island, params) {
  const { dashboard, page, kind, name, connection } = island.dataset;
  const body = { dashboard, page, [kind]: name, params };
  if (connection) body.connection = connection;
  const response = await fetch("/api/query", {
    method: "POST",
    credentials: "same-origin",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json, application/problem+json",
      ...csrfHeaders(),
    },
    body: JSON.stringify(body),
  });
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ProblemError(
      payload?.title ?? `Request failed (${response.status})`,
      payload?.detail ?? "",
      response.status,
    );
  }
  return toData(payload);
}

const modules = new Map();

export async function loadBlockModule(url) {
  if (!modules.has(url)) modules.set(url, import(url));
  try {
    const module = await modules.get(url);
    return module.default;
  } catch (error) {
    modules.delete(url);
    throw error;
  }
}
