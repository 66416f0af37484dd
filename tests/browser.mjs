// Open a page in Debian's Chromium (headless, through puppeteer) and report what a person
// and the browser saw: console messages, page errors, every request the page made, its
// title and DOM, optionally a screenshot.
//   usage: node tests/browser.mjs URL [SCREENSHOT.png | PRINT.pdf]
// CJM_BROWSER_WIDTH sets the viewport's width (default 1400); a .pdf is the page printed
// on CJM_PRINT_PAPER (A4, Letter), landscape when CJM_PRINT_LANDSCAPE=1.
// With CJM_BROWSER_EVAL set, that JavaScript (the body of an async function) runs in the
// page after it loaded, and what it returns is reported as `result`.
// Prints one JSON object. Requests other than the page itself are answered with an error,
// so a page that tries to reach out shows up in `requests` and cannot load anything.
import { createRequire } from "node:module";

const require = createRequire(process.env.CJM_NODE_MODULES + "/");
const puppeteer = require("puppeteer");

const [url, screenshot] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const report = { console: [], errors: [], requests: [] };
try {
  const page = await browser.newPage();
  await page.setViewport({ width: Number(process.env.CJM_BROWSER_WIDTH || 1400), height: 1000 });
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (request.url() === url) {
      request.continue();
    } else {
      report.requests.push(request.url());
      request.abort();
    }
  });
  page.on("console", (message) => report.console.push(`${message.type()}: ${message.text()}`));
  page.on("pageerror", (error) => report.errors.push(String(error)));
  await page.goto(url, { waitUntil: "load" });
  report.title = await page.title();
  if (process.env.CJM_BROWSER_EVAL) {
    report.result = await page.evaluate(`(async () => { ${process.env.CJM_BROWSER_EVAL} })()`);
  }
  report.dom = await page.content();
  if (screenshot && screenshot.endsWith(".pdf")) {  // print, as the browser's dialog does
    await page.emulateMediaType("print");
    await page.pdf({ path: screenshot, format: process.env.CJM_PRINT_PAPER || "A4",
                     landscape: process.env.CJM_PRINT_LANDSCAPE === "1" });
  } else if (screenshot) {
    await page.screenshot({ path: screenshot, fullPage: true });
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report));
