// inputs({name: {type, options?, default?, label?, min?, max?, step?}}): the controls a
// block declares. Values are decoded from and encoded to URL strings (see state.js).

const TYPES = ["select", "multiselect", "text", "number", "range", "date", "checkbox"];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const optionValue = (o) => (o !== null && typeof o === "object" && "value" in o ? o.value : o);
const optionLabel = (o) =>
  o !== null && typeof o === "object" && "label" in o ? String(o.label) : String(optionValue(o));

export function normalize(spec) {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    throw new TypeError("inputs() takes an object such as {year: {type: \"select\", options: [2025, 2026]}}");
  }
  return Object.entries(spec).map(([name, options]) => {
    const type = options?.type;
    if (!TYPES.includes(type)) {
      throw new TypeError(`input "${name}": type must be one of ${TYPES.join(", ")}`);
    }
    if ((type === "select" || type === "multiselect") && !Array.isArray(options.options)) {
      throw new TypeError(`input "${name}": a ${type} needs options: [...]`);
    }
    return { ...options, name, type, label: options.label ?? name };
  });
}

function pick(control, text) {
  const match = control.options.find((o) => String(optionValue(o)) === text);
  return match === undefined ? undefined : optionValue(match);
}

// The typed value of a control from URL strings (or the block's params default).
export function decode(control, strings, fallback) {
  const text = strings?.[0] ?? (fallback == null ? undefined : String(fallback));
  switch (control.type) {
    case "select": {
      const chosen = text === undefined ? undefined : pick(control, text);
      if (chosen !== undefined) return chosen;
      return control.default ?? optionValue(control.options[0]);
    }
    case "multiselect": {
      if (strings) return strings.map((s) => pick(control, s)).filter((v) => v !== undefined);
      return Array.isArray(control.default) ? control.default : [];
    }
    case "number":
    case "range": {
      const number = text === undefined || text === "" ? NaN : Number(text);
      return Number.isFinite(number) ? number : (control.default ?? control.min ?? 0);
    }
    case "date":
      return text !== undefined && DATE.test(text) ? text : (control.default ?? "");
    case "checkbox":
      return text === undefined ? Boolean(control.default) : text === "true";
    default:
      return text ?? control.default ?? "";
  }
}

export function encode(control, value) {
  return control.type === "multiselect" ? value.map(String) : [String(value)];
}

function field(control, id, value) {
  if (control.type === "select" || control.type === "multiselect") {
    const select = document.createElement("select");
    select.multiple = control.type === "multiselect";
    if (select.multiple) select.size = Math.min(control.options.length, 5);
    const chosen = new Set((select.multiple ? value : [value]).map(String));
    for (const o of control.options) {
      const option = new Option(optionLabel(o), String(optionValue(o)));
      option.selected = chosen.has(String(optionValue(o)));
      select.append(option);
    }
    select.id = id;
    return select;
  }
  const input = document.createElement("input");
  input.id = id;
  input.type = control.type;
  for (const key of ["min", "max", "step"]) {
    if (control[key] !== undefined) input[key] = String(control[key]);
  }
  if (control.type === "checkbox") input.checked = Boolean(value);
  else input.value = String(value);
  return input;
}

function read(control, element) {
  switch (control.type) {
    case "select":
      return pick(control, element.value);
    case "multiselect":
      return [...element.selectedOptions].map((o) => pick(control, o.value));
    case "number":
    case "range":
      return Number(element.value);
    case "checkbox":
      return element.checked;
    default:
      return element.value;
  }
}

// Replace the panel's controls; onChange(name, value) on every committed change.
export function renderControls(panel, controls, values, idPrefix, onChange) {
  const items = controls.map((control) => {
    const id = `${idPrefix}-${control.name}`;
    const element = field(control, id, values[control.name]);
    const label = document.createElement("label");
    label.className = `pp-input pp-input-${control.type}`;
    label.htmlFor = id;
    const caption = document.createElement("span");
    caption.textContent = control.label;
    let output = null;
    if (control.type === "range") {
      output = document.createElement("output");
      output.htmlFor = id;
      output.textContent = element.value;
      element.addEventListener("input", () => (output.textContent = element.value));
    }
    element.addEventListener("change", () => onChange(control.name, read(control, element)));
    if (control.type === "checkbox") label.append(element, caption);
    else label.append(caption, element, ...(output ? [output] : []));
    return label;
  });
  panel.replaceChildren(...items);
  panel.hidden = items.length === 0;
}
