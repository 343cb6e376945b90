// PlotPress page runtime: every island (figure.pp-block) becomes a live chart.
import { Block } from "./block.js";

const libraries = { Plot: window.Plot, d3: window.d3 };
const loaded = typeof libraries.Plot?.plot === "function" && typeof libraries.d3?.select === "function";

for (const island of document.querySelectorAll("figure.pp-block[data-module]")) {
  const block = new Block(island, libraries);
  if (loaded) block.start();
  else block.fail(new Error("The charting libraries did not load; reload the page."));
}
