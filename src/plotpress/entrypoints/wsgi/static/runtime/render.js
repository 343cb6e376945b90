// What a block's result becomes on the page.

export class ResultError extends Error {
  constructor(message) {
    super(message);
    this.name = "Unexpected result";
  }
}

function describe(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array that is not made of marks";
  return typeof value === "object" ? `an object without "marks"` : `a ${typeof value}`;
}

function isMarkList(Plot, value) {
  return Array.isArray(value) && value.flat(Infinity).every(
    (m) => m == null || m instanceof Plot.Mark || typeof m === "function" || typeof m?.render === "function",
  );
}

// A mark or array of marks is wrapped in Plot.plot at the block's height and the
// container's width; an object with marks goes to Plot.plot as is; a node is used as is.
export function toNode(result, { Plot, height, width, label }) {
  let node;
  if (result instanceof Node) node = result;
  else if (result instanceof Plot.Mark || isMarkList(Plot, result)) {
    const marks = Array.isArray(result) ? result : [result];
    node = Plot.plot({ marks, width, ...(height ? { height } : {}) });
  } else if (result !== null && typeof result === "object" && "marks" in result) {
    node = Plot.plot(result);
  } else if (result === undefined) {
    throw new ResultError(
      "The block's code returned nothing: its last statement must be an expression such as Plot.barY(data, {x: \"month\", y: \"revenue\"}).",
    );
  } else {
    throw new ResultError(
      `The block's code returned ${describe(result)}; expected a mark, an array of marks, Plot options with marks, or a DOM node.`,
    );
  }
  const svg = node instanceof SVGSVGElement ? node : node.querySelector?.("svg");
  if (svg && !svg.hasAttribute("aria-label")) svg.setAttribute("aria-label", label);
  if (svg && !svg.hasAttribute("role")) svg.setAttribute("role", "img");
  return node;
}
