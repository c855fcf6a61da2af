// segmint web app: CSRF for htmx and fetch, the API helper, table toggles, the phone menu,
// Jalali date pickers. No inline scripts anywhere (the pages' CSP is script-src 'self').
(function () {
  "use strict";
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const lang = () => document.documentElement.lang || "en";

  const numberFormat = new Map();
  function num(value, decimals) {
    if (value === null || value === undefined || value === "") return "-";
    const key = lang() + ":" + (decimals || 0);
    if (!numberFormat.has(key)) {
      numberFormat.set(key, new Intl.NumberFormat(lang() === "fa" ? "fa-IR" : "en-US", {
        maximumFractionDigits: decimals || 0, minimumFractionDigits: decimals || 0,
      }));
    }
    return numberFormat.get(key).format(Number(value));
  }
  function pct(share, decimals) {
    if (share === null || share === undefined) return "-";
    const text = num(100 * share, decimals === undefined ? 1 : decimals);
    return lang() === "fa" ? text + "٪" : text + "%";
  }

  // Calls to the REST API with the session cookie, its CSRF token and the page's language.
  async function api(path, options) {
    const opts = Object.assign({ method: "GET", headers: {} }, options || {});
    opts.headers = Object.assign({
      "Accept": "application/json", "Accept-Language": lang(), "X-CSRF-Token": csrf(),
    }, opts.headers);
    if (opts.json !== undefined) {
      opts.body = JSON.stringify(opts.json);
      opts.headers["Content-Type"] = "application/json";
      delete opts.json;
    }
    opts.credentials = "same-origin";
    const response = await fetch(path, opts);
    const type = response.headers.get("content-type") || "";
    const body = type.includes("json") ? await response.json() : await response.text();
    if (!response.ok) {
      const error = new Error((body && (body.detail || body.title)) || response.statusText);
      error.status = response.status;
      error.body = body;
      throw error;
    }
    return body;
  }

  function wire(root) {
    root.querySelectorAll(".table-toggle").forEach((button) => {
      if (button.dataset.wired) return;
      button.dataset.wired = "1";
      button.addEventListener("click", () => {
        const target = document.getElementById(button.getAttribute("aria-controls"));
        const open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", String(open));
        if (target) target.hidden = !open;
      });
    });
    if (window.segmintCharts) window.segmintCharts.renderAll(root);
    if (window.jalaliDatepicker && document.body.dataset.calendar === "jalali") {
      window.jalaliDatepicker.startWatch({ time: false, autoShow: true, hideAfterChange: true });
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const toggle = document.querySelector(".nav-toggle");
    const nav = document.getElementById("nav");
    if (toggle && nav) {
      toggle.addEventListener("click", () => {
        const open = !nav.classList.contains("open");
        nav.classList.toggle("open", open);
        toggle.setAttribute("aria-expanded", String(open));
      });
    }
    document.body.addEventListener("htmx:configRequest", (event) => {
      event.detail.headers["X-CSRF-Token"] = csrf();
      event.detail.headers["Accept-Language"] = lang();
    });
    document.body.addEventListener("htmx:afterSwap", (event) => wire(event.detail.target));
    wire(document);
  });

  window.segmint = { api, csrf, lang, num, pct, wire };
})();
