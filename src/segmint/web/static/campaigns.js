// Campaign pages: the form's channel and A/B switches, the send job's progress, and the
// report's chart (conversion of both groups, the uplift with its 95% interval as a whisker).
(function () {
  "use strict";

  function wireForm() {
    const form = document.getElementById("campaign-form");
    if (!form) return;
    const channel = document.getElementById("f-channel");
    const ab = document.getElementById("f-ab");
    const variantB = document.getElementById("variant-b");
    const sync = () => {
      const email = channel.value === "email";
      form.querySelectorAll(".email-only").forEach((el) => { el.hidden = !email; });
      variantB.hidden = !ab.checked;
      ab.setAttribute("aria-expanded", String(ab.checked));
    };
    channel.addEventListener("change", sync);
    ab.addEventListener("change", sync);
    sync();
  }

  function followJob() {
    const box = document.getElementById("job");
    if (!box) return;
    const bar = document.getElementById("job-progress");
    const phase = document.getElementById("job-phase");
    const poll = async () => {
      let job;
      try {
        job = await window.segmint.api("/api/v1/jobs/" + encodeURIComponent(box.dataset.job));
      } catch (error) {
        phase.textContent = error.message;
        return;
      }
      if (job.steps) bar.max = job.steps;
      bar.value = job.status === "done" ? bar.max : job.step;
      box.dataset.status = job.status;
      if (job.status === "done") {
        phase.textContent = box.dataset.done;
        // The page again without ?job=: the new counts and the report.
        window.setTimeout(() => { window.location.replace(window.location.pathname); }, 400);
        return;
      }
      if (job.status === "failed") {
        phase.textContent = box.dataset.failed + " " + ((job.error && job.error.message) || "");
        return;
      }
      phase.textContent = job.phase_text || phase.textContent;
      window.setTimeout(poll, 500);
    };
    poll();
  }

  function drawChart(element) {
    if (!window.echarts) return;
    const spec = JSON.parse(document.getElementById(element.dataset.campaignChart).textContent);
    const pct = (v) => window.segmint.pct(v, 2);
    const chart = window.echarts.init(element, null, { renderer: "svg" });
    const whiskers = spec.ci.map((ci, i) => (ci && ci[0] !== null && ci[1] !== null ? [i, ci[0], ci[1]] : null))
      .filter((w) => w !== null);
    // The value axis spans the bars and both ends of every interval.
    const ends = spec.values.concat(...spec.ci.filter((ci) => ci).map((ci) => [ci[0], ci[1]]), [0])
      .filter((v) => v !== null && v !== undefined);
    const low = Math.min(...ends);
    const high = Math.max(...ends);
    const pad = (high - low) * 0.1 || 0.01;
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: "Vazirmatn, system-ui, sans-serif" },
      grid: { left: spec.rtl ? 24 : 64, right: spec.rtl ? 64 : 24, top: 24, bottom: 32 },
      tooltip: {
        trigger: "axis",
        formatter: (items) => {
          const i = items[0].dataIndex;
          const ci = spec.ci[i];
          let text = spec.labels[i] + ": " + pct(spec.values[i]);
          if (ci) text += " [" + pct(ci[0]) + ", " + pct(ci[1]) + "]";
          return text;
        },
      },
      xAxis: { type: "category", data: spec.labels, inverse: spec.rtl },
      yAxis: {
        type: "value", position: spec.rtl ? "right" : "left", min: low < 0 ? low - pad : 0, max: high + pad,
        axisLabel: { formatter: (v) => window.segmint.pct(v, 1) },
      },
      series: [
        {
          type: "bar", barMaxWidth: 56,
          data: spec.values.map((v, i) => ({ value: v, itemStyle: { color: ["#2f6fde", "#9aa5b1", "#1f9d6b"][i] } })),
          label: { show: true, position: "top", formatter: (p) => pct(p.value) },
        },
        {
          type: "custom",
          data: whiskers,
          renderItem: (params, api) => {
            const low = api.coord([api.value(0), api.value(1)]);
            const high = api.coord([api.value(0), api.value(2)]);
            const half = 10;
            const line = (x1, y1, x2, y2) => ({ type: "line", shape: { x1, y1, x2, y2 }, style: { stroke: "#222", lineWidth: 2 } });
            return { type: "group", children: [
              line(low[0], low[1], high[0], high[1]),
              line(low[0] - half, low[1], low[0] + half, low[1]),
              line(high[0] - half, high[1], high[0] + half, high[1]),
            ] };
          },
          z: 10,
        },
      ],
    });
    element.dataset.rendered = "true";
    window.addEventListener("resize", () => chart.resize());
  }

  document.addEventListener("DOMContentLoaded", () => {
    wireForm();
    followJob();
    document.querySelectorAll("[data-campaign-chart]").forEach(drawChart);
  });
})();
