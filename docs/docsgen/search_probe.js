// Asks a built site's own search worker (the theme's, run in Node) for each query and prints
// the pages it finds; exits 1 when a query finds nothing. Used by .ci/run after the build:
//   node docs/docsgen/search_probe.js SITE_DIR 勾稽关系 主动公开
"use strict";
const fs = require("fs"), path = require("path"), vm = require("vm");
const [site, ...queries] = process.argv.slice(2);
const workers = path.join(site, "assets", "javascripts", "workers");
const script = fs.readdirSync(workers).find(f => /^search\..*\.min\.js$/.test(f));
let handler = null;
const posted = [];
const context = {
  console, setTimeout, clearTimeout, URL, TextEncoder, TextDecoder,
  addEventListener: (type, fn) => { if (type === "message") handler = fn; },
  postMessage: message => posted.push(message),
  importScripts: (...urls) => { throw new Error(`the worker wants ${urls}: a language this probe does not load`); },
};
context.self = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(path.join(workers, script), "utf8"), context);
const index = JSON.parse(fs.readFileSync(path.join(site, "search", "search_index.json"), "utf8"));

(async () => {
  let missing = 0;
  await handler({ data: { type: 0, data: { ...index, options: { suggest: false } } } });  // SETUP
  for (const query of queries) {
    posted.length = 0;
    await handler({ data: { type: 2, data: query } });  // QUERY
    const result = posted.find(message => message.type === 3);  // RESULT
    const pages = result ? result.data.items.map(group => group[0].location) : [];
    console.log(`${query}: ${pages.length} page(s)${pages.length ? ": " + pages.slice(0, 4).join(", ") : ""}`);
    if (!pages.length) missing += 1;
  }
  process.exit(missing ? 1 : 0);
})();
