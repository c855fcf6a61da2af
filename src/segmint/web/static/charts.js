// Draws the charts the server describes (segmint/web/charts.py): a kind, a table and which
// columns play which part. Persian pages get right-to-left charts: mirrored category axes,
// value axes on the right, legends on the right and tooltips written right to left.
(function () {
  "use strict";
  const palette = ["#1f5fbf", "#e07b00", "#2a9d5c", "#c43b3b", "#7b4fc4", "#0f8a8a",
    "#b8860b", "#d45394", "#5b6b7f", "#3c8dde", "#8c6d31"];

  function column(table, key) {
    const index = table.columns.findIndex((c) => c.key === key);
    if (index < 0) throw new Error("chart column not found: " + key);
    return { index, meta: table.columns[index], values: table.rows.map((r) => r[index]) };
  }
  function formatter(kind) {
    const s = window.segmint;
    if (kind === "share") return (v) => s.pct(v);
    if (kind === "money") return (v) => s.num(v, 0);
    if (kind === "number") return (v) => s.num(v, 2);
    return (v) => (typeof v === "number" ? s.num(v, 0) : v);
  }
  function label(value) {
    return typeof value === "number" ? window.segmint.num(value, 0) : String(value === null ? "-" : value);
  }

  function base(spec) {
    const rtl = spec.rtl;
    return {
      color: palette,
      textStyle: { fontFamily: "Vazirmatn, Segoe UI, sans-serif" },
      animation: false,
      tooltip: {
        confine: true,
        extraCssText: rtl ? "direction: rtl; text-align: right;" : "",
        valueFormatter: formatter(spec.options.value_kind),
      },
      legend: { type: "scroll", top: 0, [rtl ? "right" : "left"]: 0 },
      grid: { top: 40, bottom: 30, left: 10, right: 10, containLabel: true },
    };
  }

  function cartesian(spec, option) {
    const t = spec.table;
    const e = spec.encode;
    const o = spec.options;
    const x = column(t, e.x);
    const ys = (Array.isArray(e.y) ? e.y : [e.y]).map((k) => column(t, k));
    const category = { type: "category", data: x.values.map(label), inverse: spec.rtl && !o.horizontal,
      name: o.x_label || "", axisLabel: { hideOverlap: true } };
    const value = { type: "value", name: o.y_label || "", position: spec.rtl ? "right" : "left",
      axisLabel: { formatter: formatter(o.value_kind) } };
    if (o.horizontal) {
      option.yAxis = Object.assign(category, { inverse: true, position: spec.rtl ? "right" : "left" });
      option.xAxis = Object.assign(value, { inverse: spec.rtl, position: "bottom" });
      // The value axis's last label sits on the plot's far edge: leave it room.
      option.grid[spec.rtl ? "left" : "right"] = 30;
    } else {
      option.xAxis = category;
      option.yAxis = value;
    }
    option.series = ys.map((y) => ({
      type: spec.kind,
      name: y.meta.label,
      data: y.values,
      stack: o.stack ? "all" : undefined,
      areaStyle: o.area ? {} : undefined,
      smooth: spec.kind === "line" ? 0.2 : undefined,
      emphasis: { focus: "series" },
    }));
    if (ys.length === 1) option.legend.show = false;
    return option;
  }

  function heatmap(spec, option) {
    const t = spec.table;
    const e = spec.encode;
    const xs = column(t, e.x).values;
    const ys = column(t, e.y).values;
    const vs = column(t, e.value).values;
    const xCats = [...new Set(xs)];
    const yCats = [...new Set(ys)];
    const data = vs.map((v, i) => [xCats.indexOf(xs[i]), yCats.indexOf(ys[i]), v]);
    const max = Math.max(1, ...vs.filter((v) => typeof v === "number"));
    option.xAxis = { type: "category", data: xCats.map(label), inverse: spec.rtl, name: spec.options.x_label || "", splitArea: { show: true } };
    option.yAxis = { type: "category", data: yCats.map(label), position: spec.rtl ? "right" : "left", name: spec.options.y_label || "", splitArea: { show: true } };
    // The scale's end labels are numbers too: Persian digits on Persian pages.
    option.visualMap = { min: 0, max, calculable: true, orient: "horizontal", bottom: 0,
      [spec.rtl ? "right" : "left"]: "center", inRange: { color: ["#eef4fc", "#1f5fbf"] },
      formatter: (v) => label(Math.round(v)) };
    option.grid.bottom = 70;
    option.legend.show = false;
    option.tooltip.formatter = (p) => `${xCats[p.value[0]]} · ${yCats[p.value[1]]}: ${label(p.value[2])}`;
    option.series = [{ type: "heatmap", data, label: { show: xCats.length * yCats.length <= 60, formatter: (p) => label(p.value[2]) } }];
    return option;
  }

  function named(spec, option) {
    const t = spec.table;
    const names = column(t, spec.encode.name).values.map(label);
    const values = column(t, spec.encode.value).values;
    const data = names.map((name, i) => ({ name, value: values[i] }));
    option.tooltip.trigger = "item";
    delete option.grid;
    if (spec.kind === "funnel") {
      option.series = [{ type: "funnel", data, sort: "none", left: "10%", width: "80%", top: 40, bottom: 10,
        label: { show: true, position: "inside", formatter: (p) => `${p.name}: ${label(p.value)}` } }];
    } else {
      option.series = [{ type: "pie", data, radius: ["35%", "70%"], top: 30,
        label: { formatter: (p) => `${p.name}: ${window.segmint.pct(p.percent / 100)}` } }];
    }
    return option;
  }

  function sankey(spec, option) {
    const t = spec.table;
    const src = column(t, spec.encode.source).values.map(label);
    const dst = column(t, spec.encode.target).values.map(label);
    const vs = column(t, spec.encode.value).values;
    // The two days' groups are distinct nodes: "Champions" then and "Champions" now.
    const then = (name) => name;
    const now = (name) => name + " \u200c";
    const nodes = [...new Set(src.map(then).concat(dst.map(now)))].map((name) => ({ name }));
    const links = vs.map((v, i) => ({ source: then(src[i]), target: now(dst[i]), value: v }))
      .filter((l) => l.value > 0);
    option.tooltip.trigger = "item";
    option.legend.show = false;
    delete option.grid;
    option.series = [{ type: "sankey", data: nodes, links, emphasis: { focus: "adjacency" },
      orient: "horizontal", left: spec.rtl ? "20%" : 10, right: spec.rtl ? 10 : "20%",
      nodeAlign: spec.rtl ? "right" : "justify",
      label: { position: spec.rtl ? "left" : "right" }, lineStyle: { color: "gradient", opacity: 0.4 } }];
    if (spec.rtl) {
      // ECharts lays sankey left to right; mirror it by swapping the ends of every link.
      option.series[0].links = links.map((l) => ({ source: l.target, target: l.source, value: l.value }));
    }
    return option;
  }

  function scatter(spec, option) {
    const t = spec.table;
    const e = spec.encode;
    const xs = column(t, e.x);
    const ys = column(t, e.y);
    const names = e.name ? column(t, e.name).values : xs.values.map(() => "");
    const sizes = e.size ? column(t, e.size).values : null;
    const maxSize = sizes ? Math.max(1, ...sizes) : 1;
    // Room around the points so the largest bubbles and the last axis label are not cut.
    option.xAxis = { type: "value", name: spec.options.x_label || xs.meta.label, inverse: spec.rtl,
      boundaryGap: ["5%", "10%"], axisLabel: { formatter: formatter(xs.meta.kind) } };
    option.yAxis = { type: "value", name: spec.options.y_label || ys.meta.label, position: spec.rtl ? "right" : "left",
      boundaryGap: ["5%", "10%"], axisLabel: { formatter: formatter(ys.meta.kind) } };
    option.grid[spec.rtl ? "left" : "right"] = 40;
    option.legend.show = false;
    option.tooltip.trigger = "item";
    option.tooltip.formatter = (p) => `${p.data.name}<br>${xs.meta.label}: ${label(p.data.value[0])}<br>${ys.meta.label}: ${label(p.data.value[1])}`;
    option.series = [{ type: "scatter", data: xs.values.map((x, i) => ({ name: String(names[i]), value: [x, ys.values[i]] })),
      symbolSize: sizes ? (v, p) => 8 + 32 * Math.sqrt((sizes[p.dataIndex] || 0) / maxSize) : 14,
      label: { show: true, formatter: (p) => p.data.name, position: spec.rtl ? "left" : "right" } }];
    return option;
  }

  const builders = { bar: cartesian, line: cartesian, heatmap, funnel: named, pie: named, sankey, scatter };

  function render(element) {
    const source = document.getElementById(element.dataset.chart);
    if (!source || !window.echarts) return;
    const spec = JSON.parse(source.textContent);
    const chart = window.echarts.getInstanceByDom(element) || window.echarts.init(element, null, { renderer: "canvas" });
    try {
      chart.setOption(builders[spec.kind](spec, base(spec)), true);
      element.dataset.rendered = "true";
    } catch (error) {
      element.dataset.rendered = "error";
      throw error;
    }
    if (!element.dataset.observed && window.ResizeObserver) {
      element.dataset.observed = "1";
      new ResizeObserver(() => chart.resize()).observe(element);
    }
  }

  function renderAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(render);
  }

  window.segmintCharts = { render, renderAll };
})();
