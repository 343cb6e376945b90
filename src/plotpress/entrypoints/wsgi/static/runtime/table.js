// The "show data" table of a block.

const MAX_ROWS = 500;

function cell(value) {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? "" : value.toISOString().replace("T00:00:00.000Z", "");
  }
  return value == null ? "" : String(value);
}

export function dataTable(data, caption) {
  const table = document.createElement("table");
  table.className = "pp-table";
  const head = table.createTHead().insertRow();
  for (const name of data.columns ?? []) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = name;
    if (["integer", "number"].includes(data.types?.[name])) th.className = "pp-num";
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of data.slice(0, MAX_ROWS)) {
    const tr = body.insertRow();
    for (const name of data.columns ?? []) {
      const td = tr.insertCell();
      td.textContent = cell(row[name]);
      if (typeof row[name] === "number") td.className = "pp-num";
    }
  }
  const note = document.createElement("caption");
  const shown = Math.min(data.length, MAX_ROWS);
  note.textContent = `${caption}: ${shown} of ${data.length} row${data.length === 1 ? "" : "s"}${
    data.truncated ? " (the result was truncated by the server)" : ""
  }`;
  table.prepend(note);
  return table;
}
