// Input values live in the page URL: ?b<block>.<name>=<value>, repeated for a multiselect.
// replaceState (not pushState): the back button leaves the page rather than undoing inputs.

const prefix = (index) => `b${index}.`;

export function readState(index) {
  const found = new Map();
  for (const [key, value] of new URLSearchParams(window.location.search)) {
    if (!key.startsWith(prefix(index))) continue;
    const name = key.slice(prefix(index).length);
    if (!found.has(name)) found.set(name, []);
    found.get(name).push(value);
  }
  return found;
}

export function writeState(index, values) {
  const url = new URL(window.location.href);
  for (const key of [...url.searchParams.keys()]) {
    if (key.startsWith(prefix(index))) url.searchParams.delete(key);
  }
  for (const [name, list] of values) {
    for (const value of list) url.searchParams.append(prefix(index) + name, value);
  }
  window.history.replaceState(window.history.state, "", url);
}
