// For `cjm serve`: open a page, say "ready" on stdout, wait for a line on stdin (the test
// has changed the map), then watch the page's title for up to TIMEOUT ms and print the
// title it ended with and how long the change took to show.
//   usage: node tests/preview.mjs URL EXPECTED_TITLE TIMEOUT_MS
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const require = createRequire(process.env.CJM_NODE_MODULES + "/");
const puppeteer = require("puppeteer");
const [url, expected, timeout] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const report = { errors: [], foreign: [] };
try {
  const page = await browser.newPage();
  const origin = new URL(url).origin;
  page.on("request", (request) => {
    if (!request.url().startsWith(origin)) report.foreign.push(request.url());
  });
  page.on("pageerror", (error) => report.errors.push(String(error)));
  await page.goto(url, { waitUntil: "load" });
  report.before = await page.title();
  process.stdout.write("ready\n");
  const lines = createInterface({ input: process.stdin });
  await new Promise((resolve) => lines.once("line", resolve));
  const start = Date.now();
  while (Date.now() - start < Number(timeout)) {
    try {
      report.after = await page.title();
      if (report.after === expected) break;
    } catch (error) {
      // the page is reloading: ask again
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  report.ms = Date.now() - start;
  lines.close();
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report) + "\n");
